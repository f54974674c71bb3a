using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform;

/// The habits docs/modules.md asks of every module, held by reading the source: one home for
/// zones, versions and money; namespaces that follow folders; configuration beside each entity.
[Trait("Category", "Architecture")]
public sealed partial class HouseRulesTests
{
    private static readonly string Source = Path.Combine(TestEnvironment.RepositoryRoot, "src", "Renhe");

    private static IEnumerable<(string Path, string Text)> Files(params string[] extensions) =>
        Directory.EnumerateFiles(Source, "*", SearchOption.AllDirectories)
            .Where(f => extensions.Contains(Path.GetExtension(f)))
            .Select(f => Path.GetRelativePath(Source, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("obj/", StringComparison.Ordinal) && !f.StartsWith("bin/", StringComparison.Ordinal))
            .Select(f => (f, File.ReadAllText(Path.Combine(Source, f))));

    [Fact]
    public void A_time_zone_is_named_only_by_the_branch_calendar()
    {
        var offenders = Files(".cs", ".razor")
            .Where(f => f.Text.Contains("Asia/Shanghai", StringComparison.Ordinal))
            .Select(f => f.Path)
            .Where(p => p != "Platform/Time/BranchCalendar.cs")
            .Where(p => !p.StartsWith("Platform/Data/Migrations/", StringComparison.Ordinal))
            .ToList();
        Assert.True(offenders.Count == 0, "Ask BranchCalendar for the zone instead:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void No_code_sets_a_concurrency_version_by_hand()
    {
        var offenders = Files(".cs", ".razor")
            .SelectMany(f => VersionAssignment().Matches(f.Text).Select(m => $"{f.Path}: {m.Value.Trim()}"))
            .ToList();
        Assert.True(offenders.Count == 0, "The save sets versions (IVersioned); say the expected one with db.ExpectVersion:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void Money_is_formatted_only_by_the_platform_formatter()
    {
        var code = Files(".cs", ".razor")
            .Where(f => !f.Path.StartsWith("Platform/Formatting/", StringComparison.Ordinal))
            .SelectMany(f => YuanByHand().Matches(f.Text).Select(m => $"{f.Path}: {m.Value.Trim()}"));
        // A resource gets the formatted amount; a ¥ before a placeholder would print "¥¥".
        var text = Files(".resx")
            .SelectMany(f => XDocument.Parse(f.Text).Root!.Elements("data")
                .Where(d => ((string?)d.Element("value") ?? "").Contains("¥{", StringComparison.Ordinal))
                .Select(d => $"{f.Path}: {(string)d.Attribute("name")!}"));
        var offenders = code.Concat(text).ToList();
        Assert.True(offenders.Count == 0, "Use MoneyFormat:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void Namespaces_follow_folders()
    {
        var offenders = Files(".cs")
            .Where(f => !f.Path.StartsWith("Platform/Data/Migrations/", StringComparison.Ordinal))
            .Select(f => (f.Path, Declared: FileNamespace().Match(f.Text) is { Success: true } m ? m.Groups[1].Value : null))
            .Where(f => f.Declared is not null)
            .Where(f => f.Declared != "Renhe" + string.Concat(Path.GetDirectoryName(f.Path)!.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(p => "." + p)))
            .Select(f => $"{f.Path}: namespace {f.Declared}")
            .ToList();
        Assert.True(offenders.Count == 0, "Namespace = folder:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void Pages_live_with_their_aggregate_not_at_a_module_root()
    {
        var modules = Path.Combine(Source, "Modules");
        var offenders = Directory.EnumerateDirectories(modules)
            .SelectMany(m => Directory.EnumerateDirectories(m).Concat([m]))
            .Where(d => Directory.Exists(Path.Combine(d, "Pages")) && IsModuleRoot(modules, d))
            .Select(d => Path.GetRelativePath(Source, Path.Combine(d, "Pages")))
            .ToList();
        Assert.True(offenders.Count == 0, "Move these pages into their aggregate's folder:\n" + string.Join("\n", offenders));
    }

    /// Modules/Org is a module; Modules/Integrations holds modules (WeCom) one level down.
    private static bool IsModuleRoot(string modules, string folder)
    {
        var parts = Path.GetRelativePath(modules, folder).Split(Path.DirectorySeparatorChar);
        return parts.Length == 1 || (parts.Length == 2 && parts[0] == "Integrations");
    }

    [Fact]
    public void Every_entity_of_a_module_is_configured_beside_it()
    {
        var configured = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEntityTypeConfiguration<>))
                .Select(i => (Entity: i.GetGenericArguments()[0], Configuration: t)))
            .ToList();
        var entities = typeof(Program).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("Renhe.Modules.", StringComparison.Ordinal) == true)
            .Where(t => t.GetInterfaces().Any(i => i.Name is "IVersioned") || configured.Any(c => c.Entity == t)
                        || t.GetProperty("Id") is not null && t.IsClass && !t.IsAbstract && t.Name.EndsWith("Entry", StringComparison.Ordinal));
        var offenders = configured
            .Where(c => c.Entity.Namespace?.StartsWith("Renhe.Modules.", StringComparison.Ordinal) == true && c.Configuration.Namespace != c.Entity.Namespace)
            .Select(c => $"{c.Entity.FullName} is configured in {c.Configuration.FullName}")
            .Concat(entities.Where(e => configured.All(c => c.Entity != e) && e.GetInterfaces().Any(i => i.Name is "IVersioned"))
                .Select(e => $"{e.FullName} has no IEntityTypeConfiguration"))
            .ToList();
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    [GeneratedRegex(@"\.Version\s*=\s*Guid\.NewGuid\(\)")]
    private static partial Regex VersionAssignment();

    // "¥" + …, fen / 100m turned into text on the spot, fen / 100.0 for a chart, or yuan and fen
    // converted by hand (yuan * 100m, fen / 100m) instead of MoneyFormat.ToFen/ExactFen/ToYuan.
    [GeneratedRegex(@"""¥""\s*\+|¥@\(|/\s*100m\)\.ToString\(|Fen[^;]*/\s*100\.0|[Yy]uan\w*\s*\*\s*100m|_discount\s*\*\s*100m|[a-z_]*[Ff]en\s*/\s*100m\b")]
    private static partial Regex YuanByHand();

    [GeneratedRegex(@"^namespace\s+([\w\.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex FileNamespace();
}
