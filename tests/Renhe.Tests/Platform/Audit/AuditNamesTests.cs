using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Audit;

/// The audit log speaks in words: every kind of record an audit entry can name — each table the
/// interceptor records changes of, and each subject a service records a read, export or refusal
/// under — has a name (AuditEntity.&lt;code&gt;) in the resources, so the log never shows a bare
/// code. A new table or a new subject without a name fails here.
[Trait("Category", "Unit")]
public sealed partial class AuditNamesTests
{
    private static readonly string Source = Path.Combine(TestEnvironment.RepositoryRoot, "src/Renhe");

    /// Subjects written as an expression rather than a literal, and what they can be.
    private static readonly Dictionary<string, string[]> Computed = new(StringComparer.Ordinal)
    {
        ["\"org.employee.\" + field"] = Enum.GetNames<RevealField>().Select(f => "org.employee." + f).ToArray(),
        ["AuditSubject"] = [DuplicateProbes.AuditSubject],
        ["ViewAuditSubject"] = [Renhe.Modules.Sales.Customers.CustomerService.ViewAuditSubject],
        ["PhoneRevealAuditSubject"] = [Renhe.Modules.Sales.Customers.CustomerService.PhoneRevealAuditSubject],
        ["RevealSubject"] = [Renhe.Modules.Risk.Alerts.AlertService.RevealSubject],
        // A profile change's reveal: the field's current value, or the value asked for.
        ["\"org.employee.\" + request.Field"] = MaskedProfileFields("org.employee."),
        ["\"org.profile-change.\" + request.Field"] = MaskedProfileFields("org.profile-change."),
    };

    private static string[] MaskedProfileFields(string prefix) =>
        Enum.GetValues<Renhe.Modules.Org.Profile.ProfileField>().Where(Renhe.Modules.Org.Profile.ProfileChangeRequest.IsMasked).Select(f => prefix + f).ToArray();

    private static HashSet<string> ResourceKeys() =>
        Directory.EnumerateFiles(Source, "*.resx", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .SelectMany(f => XDocument.Load(f).Root!.Elements("data").Select(d => (string)d.Attribute("name")!))
            .ToHashSet(StringComparer.Ordinal);

    /// The tables whose rows the interceptor records (all but the audit log itself and the
    /// high-volume rows whose service writes its own summary entry), on either database.
    public static TheoryData<string> AuditedTables()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var postgres = new PostgresDesignTimeFactory().CreateDbContext([]);
        return new(new DbContext[] { sqlite, postgres }
            .SelectMany(db => db.Model.GetEntityTypes())
            .Where(t => !typeof(IAuditedByOwner).IsAssignableFrom(t.ClrType) && t.ClrType != typeof(AuditEntry))
            .Select(t => t.GetTableName()!)
            .Distinct().Order(StringComparer.Ordinal));
    }

    /// Every subject a service records explicitly, read from the source: the subject argument of
    /// each audit.Record…Async call, and the sign-in's own.
    public static TheoryData<string> RecordedSubjects()
    {
        var subjects = new SortedSet<string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Source, "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
                     .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in SubjectArgument().Matches(text))
            {
                var expression = m.Groups["subject"].Value.Trim();
                if (LiteralString().Match(expression) is { Success: true } literal) subjects.Add(literal.Groups[1].Value);
                else if (Computed.TryGetValue(expression, out var values)) subjects.UnionWith(values);
                else unknown.Add($"{Path.GetFileName(file)}: {expression}");
            }
            foreach (Match m in EntityAssignment().Matches(text)) subjects.Add(m.Groups[1].Value);
        }
        Assert.True(unknown.Count == 0, "Audit subjects written as expressions this test cannot read; add them to Computed:\n" + string.Join("\n", unknown));
        return new(subjects);
    }

    [Fact]
    public void The_source_is_read_for_subjects()
    {
        // A guard on the reading itself: if the pattern stopped matching, the test below would pass empty.
        var subjects = RecordedSubjects().Select(row => row.Data).ToList();
        Assert.Contains("risk.archive.search", subjects);
        Assert.Contains("platform.session", subjects);
        Assert.Contains("org.employee.IdCardNumber", subjects);
        Assert.Contains(DuplicateProbes.AuditSubject, subjects);
    }

    [Theory]
    [MemberData(nameof(AuditedTables))]
    public void Every_audited_table_has_a_name(string table) =>
        Assert.True(ResourceKeys().Contains(AuditDescriber.EntityKey(table)), $"Add a name for {table}: scripts/add-string.py --module Platform {AuditDescriber.EntityKey(table)} \"…\" \"…\"");

    [Theory]
    [MemberData(nameof(RecordedSubjects))]
    public void Every_recorded_subject_has_a_name(string subject) =>
        Assert.True(ResourceKeys().Contains(AuditDescriber.EntityKey(subject)), $"Add a name for {subject}: scripts/add-string.py --module Platform {AuditDescriber.EntityKey(subject)} \"…\" \"…\"");

    [GeneratedRegex("""\baudit\.Record(?:(?:Read)Async\(\s*|(?:Disclosure|All)?Async\(\s*AuditAction\.\w+\s*,\s*)(?<subject>[^,]+),""")]
    private static partial Regex SubjectArgument();

    [GeneratedRegex("""^"([^"]+)"$""")]
    private static partial Regex LiteralString();

    [GeneratedRegex("""\bEntity = "([^"]+)",""")]
    private static partial Regex EntityAssignment();
}
