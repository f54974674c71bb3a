using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Renhe.Platform.Localization;
using Renhe.Platform.Validation;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Validation;

/// A refusal names the field as the page does ("跟进内容不能为空。", not "notes 不能为空。"): every
/// field every endpoint takes has a label in Chinese and in English, from its [Display(Name)] or
/// the shared "Field.&lt;name&gt;" resource.
public sealed class InputLabelsTests(SqliteRenheFactory factory) : IClassFixture<SqliteRenheFactory>
{
    [Fact]
    public void Every_input_field_of_every_endpoint_has_a_label_in_both_languages()
    {
        var l = factory.Services.GetRequiredService<IStringLocalizer<Strings>>();
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var inputs = EndpointInputs.Of(factory.Services);
        foreach (var culture in new[] { "zh-CN", "en" })
        {
            var before = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = new CultureInfo(culture);
            try
            {
                foreach (var input in inputs)
                {
                    var key = InputValidator.LabelKey(input.Name, input.Attributes)!;
                    if (l[key].ResourceNotFound) missing.Add($"{key} ({culture}; {input.Owner}.{input.Name})");
                }
            }
            finally
            {
                CultureInfo.CurrentUICulture = before;
            }
        }
        Assert.True(inputs.Count > 30, $"only {inputs.Count} input fields found: is the endpoint walk broken?");
        Assert.True(missing.Count == 0, "Fields without a label (add Field.<name> with scripts/add-string.py, or [Display(Name = key)]):\n" + string.Join('\n', missing));
    }

    [Fact]
    public void A_refusal_names_the_field_in_the_users_language()
    {
        using var scope = factory.Services.CreateScope();
        var validator = scope.ServiceProvider.GetRequiredService<InputValidator>();
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            var zh = validator.Validate(new Renhe.Modules.Sales.FollowUps.FollowUpInput { Notes = "" });
            Assert.Equal("跟进内容不能为空。", zh["notes"].Single());
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            var en = validator.Validate(new Renhe.Modules.Sales.FollowUps.FollowUpInput { Notes = "" });
            Assert.Equal("Notes is required.", en["notes"].Single());
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
