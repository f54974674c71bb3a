using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Renhe.Platform.Localization;
using Renhe.Platform.Security;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform;

/// Chinese first, English complete, each module's text beside its code: every resource pair under
/// src/Renhe (the platform's Strings and each module's SalesStrings, OrgStrings, ...) carries the same
/// keys in both languages, no key lives in two of them, and the one IStringLocalizer&lt;Strings&gt;
/// the application injects finds every key of every pair, in both languages.
[Trait("Category", "Unit")]
public sealed class LocalizationTests(LocalizationTests.App app) : IClassFixture<LocalizationTests.App>
{
    private static readonly string Source = Path.Combine(TestEnvironment.RepositoryRoot, "src/Renhe");

    /// Every neutral (zh-CN) resource file under src/Renhe, relative to it: Platform/Localization/Strings.resx,
    /// Modules/Sales/SalesStrings.resx, ...
    private static IReadOnlyList<string> Neutral() =>
        Directory.EnumerateFiles(Source, "*.resx", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Select(f => Path.GetRelativePath(Source, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.EndsWith(".en.resx", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> Resources => new(Neutral());

    private static string English(string neutral) => neutral[..^".resx".Length] + ".en.resx";

    private static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(Source, file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    /// Every key of every pair, with the pair that defines it.
    private static Dictionary<string, string> Owners() =>
        Neutral().SelectMany(file => Load(file).Keys.Select(key => (key, file))).DistinctBy(p => p.key).ToDictionary(p => p.key, p => p.file);

    [Fact]
    public void The_platform_and_each_module_with_text_have_a_resource_pair()
    {
        string[] expected = ["Platform/Localization/Strings.resx", "Modules/Org/OrgStrings.resx", "Modules/Risk/RiskStrings.resx", "Modules/Sales/SalesStrings.resx"];
        Assert.Empty(expected.Except(Neutral()));
        Assert.All(Neutral(), f => Assert.True(File.Exists(Path.Combine(Source, English(f))), $"{English(f)} is missing"));
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public void Chinese_and_english_resources_have_the_same_keys_and_no_empty_text(string resource)
    {
        var zh = Load(resource);
        var en = Load(English(resource));
        Assert.Empty(zh.Keys.Except(en.Keys));
        Assert.Empty(en.Keys.Except(zh.Keys));
        Assert.All(zh, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), kv.Key));
        Assert.All(en, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), kv.Key));
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public void Placeholders_match_between_languages(string resource)
    {
        var zh = Load(resource);
        var en = Load(English(resource));
        static string Holes(string s) => string.Join(",", Regex.Matches(s, @"\{\d+\}").Select(m => m.Value).Distinct().Order());
        var mismatched = zh.Where(kv => en.TryGetValue(kv.Key, out var e) && Holes(kv.Value) != Holes(e)).Select(kv => kv.Key).ToList();
        Assert.Empty(mismatched);
    }

    [Fact]
    public void No_key_is_defined_in_two_resource_files()
    {
        var twice = Neutral().SelectMany(file => Load(file).Keys.Select(key => (key, file)))
            .GroupBy(p => p.key).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key} ({string.Join(", ", g.Select(p => p.file))})").ToList();
        Assert.True(twice.Count == 0, "Keys defined twice:\n" + string.Join("\n", twice));
    }

    /// The factory looks for a resource named after the marker type (no ResourcesPath); the build names
    /// a resx after RootNamespace plus its folder. Both agree for every pair, in the main assembly
    /// (zh-CN, the neutral language) and in the en satellite assembly.
    [Theory]
    [MemberData(nameof(Resources))]
    public void Each_resource_pair_is_embedded_under_its_marker_type_name(string resource)
    {
        var name = "Renhe." + resource[..^".resx".Length].Replace('/', '.');
        var assembly = typeof(Strings).Assembly;
        Assert.NotNull(assembly.GetType(name));
        Assert.Contains(name + ".resources", assembly.GetManifestResourceNames());
        Assert.Contains(name + ".en.resources", assembly.GetSatelliteAssembly(new CultureInfo("en")).GetManifestResourceNames());
    }

    [Fact]
    public void Every_declared_permission_and_seeded_role_is_described()
    {
        var described = Owners();
        var catalog = app.Services.GetRequiredService<PermissionCatalog>();
        Assert.Contains(catalog.All, p => p.Id.StartsWith("sales.", StringComparison.Ordinal));
        var missing = catalog.All.Select(p => "Permission." + p.Id).Concat(Roles.Seeded.Select(r => "Role." + r))
            .Where(key => !described.ContainsKey(key)).ToList();
        Assert.True(missing.Count == 0, "Missing descriptions: " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData("zh-CN", "Nav.Customers", "我的客户")]          // Sales
    [InlineData("en", "Nav.Customers", "My customers")]
    [InlineData("zh-CN", "Nav.Employees", "员工")]              // Org
    [InlineData("en", "Nav.Employees", "Employees")]
    [InlineData("zh-CN", "Nav.Lexicon", "敏感词库")]             // Risk
    [InlineData("en", "Nav.Lexicon", "Sensitive words")]
    [InlineData("zh-CN", "Common.Save", "保存")]                 // Platform
    [InlineData("en", "Common.Save", "Save")]
    public void The_shared_localizer_resolves_platform_and_module_keys(string culture, string key, string expected)
    {
        using var _ = new UiCulture(culture);
        var text = app.Localizer[key];
        Assert.False(text.ResourceNotFound);
        Assert.Equal(expected, text.Value);
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public void The_shared_localizer_gives_every_key_of_every_pair_in_its_language(string culture)
    {
        using var _ = new UiCulture(culture);
        var wrong = new List<string>();
        foreach (var resource in Neutral())
        {
            foreach (var (key, value) in Load(culture == "en" ? English(resource) : resource))
            {
                var text = app.Localizer[key];
                if (text.ResourceNotFound || text.Value != value) wrong.Add($"{key} ({resource}): {text.Value}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(Owners().Keys.Order(StringComparer.Ordinal),
            app.Localizer.GetAllStrings(includeParentCultures: true).Select(s => s.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("zh-CN", "默认 30")]
    [InlineData("en", "Default 30")]
    public void Module_text_is_formatted_with_its_arguments(string culture, string expected)
    {
        using var _ = new UiCulture(culture);
        Assert.Equal(expected, app.Localizer["Sales.Assignment.DefaultCapacity", 30].Value);
    }

    [Fact]
    public void An_unknown_key_is_reported_as_not_found()
    {
        using var _ = new UiCulture("en");
        var text = app.Localizer["Sales.NoSuchKey"];
        Assert.True(text.ResourceNotFound);
        Assert.Equal("Sales.NoSuchKey", text.Value);
        Assert.Equal("Sales.NoSuchKey", app.Localizer["Sales.NoSuchKey", 1].Value);
        Assert.Equal("fallback", app.Localizer.Or("Sales.NoSuchKey", "fallback"));
    }

    /// The application's service container, composed as the program composes it (AddRenhe), not started.
    public sealed class App : IDisposable
    {
        private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "renhe-tests", Guid.NewGuid().ToString("N"));
        private readonly WebApplication _app;

        public App()
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                EnvironmentName = "Testing",
                ApplicationName = typeof(Strings).Assembly.GetName().Name,
            });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["DataDir"] = _dataDir,
                ["Database:Provider"] = "Sqlite",
            });
            builder.AddRenhe();
            _app = builder.Build();
        }

        public IServiceProvider Services => _app.Services;

        public IStringLocalizer<Strings> Localizer => Services.GetRequiredService<IStringLocalizer<Strings>>();

        public void Dispose()
        {
            ((IDisposable)_app).Dispose();
            try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// Sets the UI culture (what the request localization middleware sets per request) for one test.
    private sealed class UiCulture : IDisposable
    {
        private readonly CultureInfo _before = CultureInfo.CurrentUICulture;
        private readonly CultureInfo _beforeFormat = CultureInfo.CurrentCulture;

        public UiCulture(string name) => CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(name);

        public void Dispose()
        {
            CultureInfo.CurrentUICulture = _before;
            CultureInfo.CurrentCulture = _beforeFormat;
        }
    }
}
