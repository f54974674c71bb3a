using System.Linq.Expressions;
using DynamicExpresso;
using DynamicExpresso.Exceptions;
using Renhe.Platform.Problems;

namespace Renhe.Modules.Risk.Rules;

/// A custom rule's expression over signals, such as <c>followUpsOther > 3 &amp;&amp; leaving</c>,
/// parsed by DynamicExpresso and then checked node by node before it is compiled: only the signal
/// variables of <see cref="SignalVariables"/>, numbers, arithmetic, comparisons, logic, the
/// conditional and the functions min, max and abs. No member access, no method call, no type, no
/// lambda: an expression cannot reach anything but the signals. It has no loops, and its size is
/// bounded (<see cref="MaxLength"/> characters, <see cref="MaxNodes"/> nodes), so its running time is too.
public sealed class RuleExpression
{
    public const int MaxLength = 500;
    public const int MaxNodes = 200;
    private const string Field = "settings.expression";

    private static readonly Func<double, double, double> Min = Math.Min;
    private static readonly Func<double, double, double> Max = Math.Max;
    private static readonly Func<double, double> Abs = Math.Abs;

    private readonly Func<double[], bool> evaluate;

    private RuleExpression(string text, IReadOnlyList<SignalVariable> variables, Func<double[], bool> evaluate)
    {
        Text = text;
        Variables = variables;
        this.evaluate = evaluate;
        Triggers = variables.SelectMany(v => v.Triggers).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    public string Text { get; }

    /// The variables the expression reads, in the order <see cref="Evaluate"/> expects their values.
    public IReadOnlyList<SignalVariable> Variables { get; }

    /// The signal kinds whose arrival makes the rule look again.
    public IReadOnlyList<string> Triggers { get; }

    public bool Evaluate(double[] values) => evaluate(values);

    private static readonly Dictionary<string, RuleExpression> Cache = new(StringComparer.Ordinal);

    /// Compiles (once per text) or refuses with a message naming the problem and the field.
    public static RuleExpression Compile(string text)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(text, out var cached)) return cached;
        }
        var compiled = CompileUncached(text);
        lock (Cache)
        {
            if (Cache.Count > 1000) Cache.Clear();
            Cache[text] = compiled;
        }
        return compiled;
    }

    private static RuleExpression CompileUncached(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw Refusal("Risk.Rule.ExpressionRequired");
        if (text.Length > MaxLength) throw Refusal("Risk.Rule.ExpressionTooLong", MaxLength);

        var interpreter = new Interpreter(InterpreterOptions.SystemKeywords)
            .SetFunction("min", Min).SetFunction("max", Max).SetFunction("abs", Abs);
        var unknown = SafeDetect(interpreter, text);
        if (unknown.FirstOrDefault(name => !SignalVariables.ByName.ContainsKey(name)) is { } missing)
            throw Refusal("Risk.Rule.UnknownSignal", missing);

        var used = unknown.Select(name => SignalVariables.ByName[name]).ToList();
        var parameters = used.Select(v => new Parameter(v.Name, v.IsFlag ? typeof(bool) : typeof(double))).ToArray();
        Lambda lambda;
        try
        {
            lambda = interpreter.Parse(text, typeof(bool), parameters);
        }
        catch (ParseException e)
        {
            throw Refusal("Risk.Rule.ExpressionInvalid", e.Position + 1, e.Message);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or NotSupportedException)
        {
            throw Refusal("Risk.Rule.ExpressionInvalid", 1, e.Message);
        }

        var checker = new SandboxCheck();
        checker.Visit(lambda.Expression);
        if (checker.Refused is { } refused) throw Refusal("Risk.Rule.ExpressionNotAllowed", refused);
        if (checker.Nodes > MaxNodes) throw Refusal("Risk.Rule.ExpressionTooLarge", MaxNodes);

        // The parameters become slots of one array, so evaluating costs no allocation.
        var values = Expression.Parameter(typeof(double[]), "values");
        var slots = new Dictionary<string, Expression>(StringComparer.Ordinal);
        for (var i = 0; i < used.Count; i++)
        {
            Expression slot = Expression.ArrayIndex(values, Expression.Constant(i));
            slots[used[i].Name] = used[i].IsFlag ? Expression.NotEqual(slot, Expression.Constant(0d)) : slot;
        }
        var body = new ParameterToSlot(slots).Visit(lambda.Expression);
        var compiled = Expression.Lambda<Func<double[], bool>>(body, values).Compile();
        return new RuleExpression(text, used, compiled);
    }

    private static List<string> SafeDetect(Interpreter interpreter, string text)
    {
        try
        {
            return interpreter.DetectIdentifiers(text).UnknownIdentifiers.Distinct(StringComparer.Ordinal).ToList();
        }
        catch (ParseException e)
        {
            throw Refusal("Risk.Rule.ExpressionInvalid", e.Position + 1, e.Message);
        }
    }

    private static DomainException Refusal(string key, params object[] args) => new(key, args) { Field = Field };

    /// Everything an expression may contain; anything else is refused with the node's kind.
    private sealed class SandboxCheck : ExpressionVisitor
    {
        public int Nodes;
        public string? Refused;

        public override Expression? Visit(Expression? node)
        {
            if (node is null || Refused is not null) return node;
            Nodes++;
            switch (node.NodeType)
            {
                case ExpressionType.Constant when node.Type == typeof(double) || node.Type == typeof(int) || node.Type == typeof(bool)
                                                   || node.Type == typeof(decimal) || node.Type == typeof(long):
                case ExpressionType.Parameter:
                case ExpressionType.Add or ExpressionType.Subtract or ExpressionType.Multiply or ExpressionType.Divide or ExpressionType.Modulo:
                case ExpressionType.Equal or ExpressionType.NotEqual or ExpressionType.LessThan or ExpressionType.LessThanOrEqual
                    or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual:
                case ExpressionType.AndAlso or ExpressionType.OrElse or ExpressionType.Not or ExpressionType.Negate or ExpressionType.UnaryPlus:
                case ExpressionType.Conditional:
                case ExpressionType.Convert when IsNumber(node.Type) && IsNumber(((UnaryExpression)node).Operand.Type):
                    return base.Visit(node);
                case ExpressionType.Invoke when node is InvocationExpression { Expression: ConstantExpression { Value: var f } }
                                                 && (ReferenceEquals(f, Min) || ReferenceEquals(f, Max) || ReferenceEquals(f, Abs)):
                    foreach (var argument in ((InvocationExpression)node).Arguments) Visit(argument);
                    return node;
                case ExpressionType.Call:
                    Refused = "method call";
                    return node;
                case ExpressionType.MemberAccess:
                    Refused = "member access";
                    return node;
                default:
                    Refused = node.NodeType.ToString();
                    return node;
            }
        }

        private static bool IsNumber(Type type) =>
            type == typeof(double) || type == typeof(int) || type == typeof(long) || type == typeof(decimal) || type == typeof(float);
    }

    private sealed class ParameterToSlot(Dictionary<string, Expression> slots) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            node.Name is { } name && slots.TryGetValue(name, out var slot) ? slot : node;
    }
}
