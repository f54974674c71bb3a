using Renhe.Modules.Risk.Rules;
using Renhe.Platform.Problems;

namespace Renhe.Tests.Modules.Risk.Rules;

/// Custom rules: what the sandbox accepts, and what it refuses with a message naming the problem.
public class RuleExpressionTests
{
    [Theory]
    [InlineData("followUpsOther > 5", new[] { 6d }, true)]
    [InlineData("followUpsOther > 5", new[] { 5d }, false)]
    [InlineData("recalls >= 3 * max(1, recallsBaseline)", new[] { 3d, 0.5 }, true)]
    [InlineData("recalls >= 3 * max(1, recallsBaseline)", new[] { 5d, 2 }, false)]
    [InlineData("leaving && exports > 0", new[] { 1d, 1 }, true)]
    [InlineData("!leaving && exports > 0", new[] { 1d, 1 }, false)]
    [InlineData("conversion < 50 || abs(conversion - conversionBaseline) > 20", new[] { double.NaN, 10 }, false)]
    [InlineData("orderAmountYuan >= 10000 ? ordersIncomplete > 0 : false", new[] { 12000d, 1 }, true)]
    public void Accepted_expressions_evaluate_over_their_variables(string text, double[] values, bool expected)
    {
        var expression = RuleExpression.Compile(text);
        Assert.Equal(values.Length, expression.Variables.Count);
        Assert.Equal(expected, expression.Evaluate(values));
        Assert.NotEmpty(expression.Triggers);
    }

    [Theory]
    [InlineData("salary > 5", "Risk.Rule.UnknownSignal")]
    [InlineData("followUpsOther.ToString() == \"5\"", "Risk.Rule.ExpressionNotAllowed")]
    [InlineData("followUpsOther.GetType() != null", "Risk.Rule.ExpressionNotAllowed")]
    [InlineData("System.IO.File.Exists(\"/etc/passwd\")", "Risk.Rule.UnknownSignal")]
    [InlineData("typeof(string) != null", "Risk.Rule.")]
    [InlineData("new object() != null", "Risk.Rule.")]
    [InlineData("followUpsOther >", "Risk.Rule.ExpressionInvalid")]
    [InlineData("", "Risk.Rule.ExpressionRequired")]
    [InlineData("followUpsOther + 1", "Risk.Rule.ExpressionInvalid")]
    public void Refused_expressions_name_the_problem_and_the_field(string text, string keyPrefix)
    {
        var refusal = Assert.ThrowsAny<DomainException>(() => RuleExpression.Compile(text));
        Assert.StartsWith(keyPrefix, refusal.MessageKey);
        Assert.Equal("settings.expression", refusal.Field);
    }

    [Fact]
    public void A_runaway_expression_is_refused_by_length_and_by_size()
    {
        var longText = string.Join(" + ", Enumerable.Repeat("recalls", 80)) + " > 0";
        Assert.Equal("Risk.Rule.ExpressionTooLong", Assert.ThrowsAny<DomainException>(() => RuleExpression.Compile(longText)).MessageKey);
        var deep = string.Join(" + ", Enumerable.Repeat("1", 120)) + " > recalls";
        Assert.Equal("Risk.Rule.ExpressionTooLarge", Assert.ThrowsAny<DomainException>(() => RuleExpression.Compile(deep)).MessageKey);
    }

    [Fact]
    public void An_expression_on_states_alone_is_refused_because_it_would_never_look()
    {
        var refusal = Assert.ThrowsAny<DomainException>(() => RiskRule.Check(RuleTemplate.Custom, new RuleSettings { Expression = "leaving" }));
        Assert.Equal("Risk.Rule.ExpressionNoSignal", refusal.MessageKey);
    }
}
