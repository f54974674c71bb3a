using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Platform.Validation;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Validation;

/// A field an entry form marks required (the asterisk before anyone fails it) is one the service
/// refuses empty with "X不能为空。", and the other way round for the forms' input types: the mark is
/// read from the input type (RequiredFields.Of), so the two cannot drift apart. Held for the fields
/// the forms mark today, and for every mark any page takes from an input type, so the next module's
/// forms are held to it too.
public sealed partial class RequiredFieldsTests(SqliteRenheFactory factory) : IClassFixture<SqliteRenheFactory>
{
    /// The entry forms' required fields, by the input type the page sends.
    public static TheoryData<Type, string> EntryFields => new()
    {
        // Sales
        { typeof(Renhe.Modules.Sales.Orders.OrderInput), "CustomerId" },
        { typeof(Renhe.Modules.Sales.Orders.OrderLineInput), "ProductId" },
        { typeof(Renhe.Modules.Sales.Orders.OrderAdjustmentInput), "Reason" },
        { typeof(Renhe.Modules.Sales.Orders.ProductInput), "Code" },
        { typeof(Renhe.Modules.Sales.Orders.ProductInput), "Name" },
        { typeof(Renhe.Modules.Sales.Orders.ProductInput), "Unit" },
        { typeof(Renhe.Modules.Sales.Orders.ProductInput), "Price" },
        { typeof(Renhe.Modules.Sales.Customers.CustomerInput), "Name" },
        { typeof(Renhe.Modules.Sales.Customers.TransferInput), "ToEmployeeId" },
        { typeof(Renhe.Modules.Sales.Customers.TransferInput), "Reason" },
        { typeof(Renhe.Modules.Sales.Customers.AssignmentRuleInput), "Name" },
        { typeof(Renhe.Modules.Sales.FollowUps.FollowUpInput), "Notes" },
        { typeof(Renhe.Modules.Sales.Targets.TargetInput), "Month" },
        { typeof(Renhe.Modules.Sales.Targets.TargetInput), "AmountYuan" },
        { typeof(Renhe.Modules.Sales.Inheritance.InheritanceAssignInput), "ReceiverId" },
        // Org
        { typeof(Renhe.Modules.Org.Employees.EmployeeInput), "EmployeeNumber" },
        { typeof(Renhe.Modules.Org.Employees.EmployeeInput), "Name" },
        { typeof(Renhe.Modules.Org.Employees.EmployeeInput), "DepartmentId" },
        { typeof(Renhe.Modules.Org.Employees.EmployeeInput), "HireDate" },
        { typeof(Renhe.Modules.Org.Employees.JobChangeInput), "EffectiveDate" },
        { typeof(Renhe.Modules.Org.Employees.JobChangeInput), "Kind" },
        { typeof(Renhe.Modules.Org.Lifecycle.OnboardRequest), "HireDate" },
        { typeof(Renhe.Modules.Org.Lifecycle.DateInput), "Date" },
        { typeof(Renhe.Modules.Org.Lifecycle.LeaveInput), "Type" },
        { typeof(Renhe.Modules.Org.Lifecycle.LeaveInput), "LastWorkingDay" },
        { typeof(Renhe.Modules.Org.Lifecycle.LeaveInput), "Reason" },
        { typeof(Renhe.Modules.Org.Structure.DepartmentRequest), "Name" },
        { typeof(Renhe.Modules.Org.Profile.ProfileChangeInput), "Field" },
        { typeof(Renhe.Modules.Org.Profile.ProfileChangeInput), "NewValue" },
        // Risk
        { typeof(Renhe.Modules.Risk.Monitoring.PublishNoticeInput), "Title" },
        { typeof(Renhe.Modules.Risk.Monitoring.PublishNoticeInput), "Text" },
        { typeof(Renhe.Modules.Risk.Cases.CaseInput), "Title" },
        { typeof(Renhe.Modules.Risk.Cases.CaseInput), "SubjectEmployeeIds" },
        { typeof(Renhe.Modules.Risk.Cases.CaseNoteInput), "Text" },
        { typeof(Renhe.Modules.Risk.Cases.CaseEvidenceInput), "Kind" },
        { typeof(Renhe.Modules.Risk.Cases.CaseEvidenceInput), "Key" },
        { typeof(Renhe.Modules.Risk.Alerts.EscalateRequest), "Title" },
        { typeof(Renhe.Modules.Risk.Rules.RuleInput), "Name" },
        // Commission
        { typeof(Renhe.Modules.Commission.Plans.PlanInput), "Name" },
        { typeof(Renhe.Modules.Commission.Plans.PlanVersionInput), "EffectiveMonth" },
        { typeof(Renhe.Modules.Commission.Disputes.DisputeInput), "StatementId" },
        { typeof(Renhe.Modules.Commission.Disputes.DisputeInput), "Reason" },
        { typeof(Renhe.Modules.Commission.Disputes.DisputeInput), "Text" },
        { typeof(Renhe.Modules.Commission.Disputes.DisputeProposalInput), "Response" },
        { typeof(Renhe.Modules.Commission.Adjustments.AdjustmentInput), "EmployeeId" },
        { typeof(Renhe.Modules.Commission.Adjustments.AdjustmentInput), "Month" },
        { typeof(Renhe.Modules.Commission.Adjustments.AdjustmentInput), "Amount" },
        { typeof(Renhe.Modules.Commission.Adjustments.AdjustmentInput), "Reason" },
        // Platform and integrations
        { typeof(Renhe.Platform.Admin.CreateUserRequest), "UserName" },
        { typeof(Renhe.Platform.Admin.CreateUserRequest), "DisplayName" },
        { typeof(Renhe.Platform.Admin.CreateUserRequest), "Password" },
        { typeof(Renhe.Platform.Admin.CreateRoleRequest), "Name" },
        { typeof(Renhe.Modules.Integrations.WeCom.Settings.WeComSettingsInput), "CorpId" },
        { typeof(Renhe.Modules.Integrations.WeCom.Settings.WeComSettingsInput), "AgentId" },
    };

    [Theory, MemberData(nameof(EntryFields))]
    public void An_entry_forms_required_field_is_marked_and_refused_empty_with_the_same_words(Type input, string property) =>
        AssertMarkedAndRefused(input, property);

    /// Every `RequiredFields.Of<T>(nameof(T.P))` in a page names a field the service refuses empty:
    /// a page never shows an asterisk for a rule that does not exist, nor loses one silently.
    [Fact]
    public void Every_required_mark_a_page_reads_from_an_input_type_is_a_rule_the_service_holds()
    {
        var source = Path.Combine(TestEnvironment.RepositoryRoot, "src", "Renhe");
        var marks = Directory.EnumerateFiles(source, "*.razor", SearchOption.AllDirectories)
            .SelectMany(f => Mark().Matches(File.ReadAllText(f)).Select(m => (Page: Path.GetFileName(f), Type: m.Groups["type"].Value, Property: m.Groups["property"].Value)))
            .ToList();
        Assert.True(marks.Count >= 40, $"only {marks.Count} required marks found in the pages: is the pattern still RequiredFields.Of<T>(nameof(T.P))?");
        var types = typeof(RequiredFields).Assembly.GetTypes();
        foreach (var (page, typeName, property) in marks)
        {
            var candidates = types.Where(t => t.Name == typeName && t.GetProperty(property) is not null).ToList();
            Assert.True(candidates.Count == 1, $"{page}: {typeName}.{property} names {candidates.Count} input types");
            AssertMarkedAndRefused(candidates[0], property);
        }
    }

    private void AssertMarkedAndRefused(Type input, string property)
    {
        var of = typeof(RequiredFields).GetMethod(nameof(RequiredFields.Of))!.MakeGenericMethod(input);
        Assert.True((bool)of.Invoke(null, [property])!, $"{input.Name}.{property} is not marked required (no [Required] on the input type)");

        // The input with nothing in the field (null: what an untouched field sends) is refused on it, in the words
        // of a required field, by the validator the API and the services run.
        using var scope = factory.Services.CreateScope();
        var validator = scope.ServiceProvider.GetRequiredService<InputValidator>();
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            var empty = RuntimeHelpers.GetUninitializedObject(input);
            var errors = validator.Validate(empty);
            var key = JsonNamingPolicy.CamelCase.ConvertName(property);
            Assert.True(errors.TryGetValue(key, out var messages), $"{input.Name}.{property} empty is not refused");
            Assert.EndsWith("不能为空。", Assert.Single(messages));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [GeneratedRegex(@"RequiredFields\.Of<(?<type>\w+)>\(nameof\(\k<type>\.(?<property>\w+)\)\)")]
    private static partial Regex Mark();
}
