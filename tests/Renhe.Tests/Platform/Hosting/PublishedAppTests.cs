using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Renhe.Tests.Browser;
using Renhe.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Platform.Hosting;

/// Renhe as an operator runs it: `dotnet publish`, then `dotnet Renhe.dll` started from a folder
/// that has nothing to do with it (a systemd unit without a working directory). The sign-in page
/// must get its stylesheets and scripts, and the interactive pages must work.
public sealed partial class PublishedAppTests(PublishedAppFixture app) : IClassFixture<PublishedAppFixture>
{
    [Fact]
    [Trait("Category", "Integration")]
    public async Task Sign_in_page_of_a_published_app_started_elsewhere_gets_every_stylesheet_and_script()
    {
        var baseUrl = app.RequireApp();
        TestContext.Current.TestOutputHelper?.WriteLine($"dotnet publish took {app.PublishTime.TotalSeconds:0.0} s");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var login = new Uri(baseUrl, "/account/login");
        var html = await http.GetStringAsync(login);

        // Relative to the page's <base href>, as the browser resolves them.
        var pageBase = new Uri(baseUrl, BaseHref().Match(html) is { Success: true } b ? b.Groups["url"].Value : "/account/");
        var assets = AssetReferences().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.Contains(assets, a => a.Contains("_framework/blazor.web.", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.Contains("MudBlazor.min.", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("app.", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));

        var wrong = new List<string>();
        foreach (var asset in assets)
        {
            using var response = await http.GetAsync(new Uri(pageBase, asset));
            var length = (await response.Content.ReadAsByteArrayAsync()).Length;
            var type = response.Content.Headers.ContentType?.MediaType;
            var expectedType = asset.EndsWith(".css", StringComparison.Ordinal) ? "text/css" : "text/javascript";
            if (response.StatusCode != HttpStatusCode.OK || length == 0 || type != expectedType)
                wrong.Add($"{asset}: HTTP {(int)response.StatusCode}, {length} bytes, {type ?? "no content type"} (expected {expectedType})");
        }
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    [Fact]
    [Trait("Category", "Browser")]
    public async Task A_published_app_started_elsewhere_signs_in_and_its_pages_respond()
    {
        var page = await app.SignInAsync("zhangsan");
        try
        {
            // An empty stylesheet loads without error but has no rules: the page would be bare HTML.
            var emptyStylesheets = await page.EvaluateAsync<string[]>(
                "() => [...document.styleSheets].filter(s => s.href && s.cssRules.length === 0).map(s => s.href)");
            Assert.Empty(emptyStylesheets);
            await DemoAppFixture.ScreenshotAsync(page, "published-app-home");

            await page.GotoAsync("/sales/customers");
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("我的客户");
            // Only with blazor.web.js running does the page turn interactive and the button open its dialog.
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await page.GetByTestId("new-customer").ClickAsync();
            await Expect(page.Locator("[data-testid='customer-name'] input, input[data-testid='customer-name']").First).ToBeVisibleAsync();
        }
        catch
        {
            await app.RecordFailureAsync(page, "published-app");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// The sign-in page's `<link rel="stylesheet" href>` and `<script src>` addresses.
    [GeneratedRegex(@"<link\b[^>]*\brel=""stylesheet""[^>]*\bhref=""(?<url>[^""]+)""|<script\b[^>]*\bsrc=""(?<url>[^""]+)""")]
    private static partial Regex AssetReferences();

    [GeneratedRegex(@"<base\b[^>]*\bhref=""(?<url>[^""]+)""")]
    private static partial Regex BaseHref();
}

/// Publishes src/Renhe into a temporary folder and starts the published Renhe.dll from another,
/// empty temporary folder. The publish reuses the build `dotnet test` has just made of the
/// application (the test project references it) in the tests' configuration, so it only lays the
/// files out: seconds, where a Release publish would compile everything again. The layout — wwwroot
/// beside the program, no development manifest pointing into the source tree — is the same in every
/// configuration.
public sealed class PublishedAppFixture : DemoAppFixture
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "renhe-published-app", Guid.NewGuid().ToString("N"));

    public TimeSpan PublishTime { get; private set; }

    protected override bool StartsWithoutBrowser => true;

    protected override string LogName => "published-app";

    // The demo people and customers suffice here; six months of sales history would add seconds of seeding.
    protected override IReadOnlyDictionary<string, string> Settings { get; } =
        new Dictionary<string, string> { ["Demo:SalesActivity"] = "false" };

    protected override async Task<(string Dll, string WorkingDirectory, string? Failure)> PrepareAppAsync()
    {
        var published = Path.Combine(_root, "published");
        var elsewhere = Path.Combine(_root, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        var project = Path.Combine(TestEnvironment.RepositoryRoot, "src", "Renhe", "Renhe.csproj");

        var start = new ProcessStartInfo(TestEnvironment.DotnetHost())
        {
            WorkingDirectory = TestEnvironment.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // No build servers: a compiler or MSBuild node left running would outlive the test run.
        foreach (var arg in new[]
                 {
                     "publish", project, "--configuration", BuildConfiguration, "--no-build", "--output", published,
                     "--disable-build-servers", "--nologo", "--verbosity", "quiet",
                 })
            start.ArgumentList.Add(arg);

        var output = new StringBuilder();
        using var publish = new Process { StartInfo = start };
        publish.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        publish.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        var clock = Stopwatch.StartNew();
        publish.Start();
        publish.BeginOutputReadLine();
        publish.BeginErrorReadLine();
        using (var timeout = new CancellationTokenSource(PublishTimeout))
        {
            try
            {
                await publish.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                publish.Kill(entireProcessTree: true);
                return (published, elsewhere, $"`dotnet {string.Join(' ', start.ArgumentList)}` did not finish within {PublishTimeout.TotalMinutes:0} minutes.\n{output}");
            }
        }
        PublishTime = clock.Elapsed;
        await publish.WaitForExitAsync(); // drains the redirected output

        var dll = Path.Combine(published, "Renhe.dll");
        if (publish.ExitCode != 0 || !File.Exists(dll))
            return (dll, elsewhere, $"`dotnet {string.Join(' ', start.ArgumentList)}` exited with code {publish.ExitCode}.\n{output}");
        return (dll, elsewhere, null);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
