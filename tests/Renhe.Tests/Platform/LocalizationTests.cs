using System.Globalization;
using System.Resources;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Platform.Security;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform;

/// Chinese first, English complete: both resource files carry the same keys, and everything the
/// administration pages name (permissions, roles) has a description in both.
[Trait("Category", "Unit")]
public sealed class LocalizationTests
{
    private static readonly string Folder = Path.Combine(TestEnvironment.RepositoryRoot, "src/Renhe/Platform/Localization");

    private static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(Folder, file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    [Fact]
    public void Chinese_and_english_resources_have_the_same_keys()
    {
        var zh = Load("Strings.resx");
        var en = Load("Strings.en.resx");
        Assert.Empty(zh.Keys.Except(en.Keys));
        Assert.Empty(en.Keys.Except(zh.Keys));
        Assert.All(zh, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), kv.Key));
        Assert.All(en, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), kv.Key));
    }

    [Fact]
    public void Every_declared_permission_and_seeded_role_is_described()
    {
        var zh = Load("Strings.resx");
        var services = new ServiceCollection();
        services.AddPermissions(Renhe.Platform.PlatformPermissions.All);
        services.AddPermissions(Renhe.Modules.Org.OrgPermissions.All);
        services.AddPermissions(Renhe.Modules.Risk.RiskPermissions.All);
        var catalog = services.BuildServiceProvider().GetRequiredService<PermissionCatalog>();
        var missing = catalog.All.Select(p => "Permission." + p.Id).Concat(Roles.Seeded.Select(r => "Role." + r))
            .Where(key => !zh.ContainsKey(key)).ToList();
        Assert.True(missing.Count == 0, "Missing descriptions: " + string.Join(", ", missing));
    }

    [Fact]
    public void Placeholders_match_between_languages()
    {
        var zh = Load("Strings.resx");
        var en = Load("Strings.en.resx");
        static string Holes(string s) => string.Join(",", System.Text.RegularExpressions.Regex.Matches(s, @"\{\d+\}").Select(m => m.Value).Distinct().Order());
        var mismatched = zh.Where(kv => en.TryGetValue(kv.Key, out var e) && Holes(kv.Value) != Holes(e)).Select(kv => kv.Key).ToList();
        Assert.Empty(mismatched);
    }
}
