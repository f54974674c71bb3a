using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Microsoft.Playwright;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Browser;

/// The built application started the way a newcomer starts it (`dotnet Renhe.dll --demo`), as its
/// own process on a free port with a throw-away data directory, plus one headless Debian Chromium.
/// Shared by the tests of a class: starting both costs seconds, a browser context per test is cheap.
/// A subclass may start the program from elsewhere (PrepareAppAsync), as the published-app tests do.
public class DemoAppFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(90);

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "renhe-browser-tests", Guid.NewGuid().ToString("N"));
    private readonly StringBuilder _log = new();
    private Process? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _chromiumMissing;
    private string? _startupFailure;

    public Uri BaseUrl { get; private set; } = default!;

    /// Screenshots and the app's log land here: artifacts/ is ignored by git and collected by CI.
    public static string OutputDirectory => Path.Combine(TestEnvironment.RepositoryRoot, "artifacts", "TestResults");

    /// Saves a screenshot under artifacts/TestResults/screenshots and attaches it to the test result.
    /// Full-page captures suit pages longer than the window (org chart with its chart); home pages
    /// stay viewport-sized because MudBlazor's full-height drawer makes full-page captures grow.
    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = false)
    {
        var path = Path.Combine(OutputDirectory, "screenshots", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        TestContext.Current.AddAttachment(name, png, replaceExistingValue: true, mediaType: "image/png");
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {path}");
    }

    /// The field whose test id is <paramref name="testId"/> is marked required before anyone fails
    /// it: MudBlazor's control carries mud-input-required and its label shows the asterisk
    /// (a CSS ::after "*"), which is what a person sees.
    public static async Task ExpectRequiredMarkAsync(IPage page, string testId)
    {
        var control = FieldOf(page, testId);
        await Assertions.Expect(control).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bmud-input-required\b"));
        var label = control.Locator("label.mud-input-label").First;
        var mark = await label.EvaluateAsync<string>("l => getComputedStyle(l, '::after').content");
        Assert.Equal("\"*\"", mark);
    }

    /// The whole MudBlazor field (label, input, helper or error text) around the element with the test id.
    public static ILocator FieldOf(IPage page, string testId) =>
        page.GetByTestId(testId).First.Locator("xpath=ancestor-or-self::div[contains(concat(' ', @class, ' '), ' mud-input-control ')][1]");

    /// Picks a file in an upload control until the page shows it has seen it (<paramref name="seen"/>
    /// appears). A file set before the control has wired its change handler (right after the control
    /// rendered, more often on a busy machine) is not seen; a person would pick it again, and so does
    /// the test, up to three times.
    public static async Task PickFileAsync(ILocator input, FilePayload file, ILocator seen)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await input.SetInputFilesAsync(file);
            try
            {
                await seen.WaitForAsync(new() { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 2)
            {
            }
        }
    }

    public const string DemoPassword = "Renhe@2026";

    /// A fresh browser context (zh-CN, Shanghai time) with a demo account signed in through the
    /// form; waits for the home page unless something is expected to come first (the monitoring notice).
    public async Task<IPage> SignInAsync(string userName, int width = 1280, int height = 800, bool expectHome = true)
    {
        var context = await RequireBrowser().NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.ToString(), Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        var page = await context.NewPageAsync();
        var console = _console.GetOrCreateValue(page);
        page.Console += (_, m) => { lock (console) console.Add($"{m.Type}: {m.Text}"); };
        await page.GotoAsync("/account/login");
        await page.Locator("#userName").FillAsync(userName);
        await page.Locator("#password").FillAsync(DemoPassword);
        await page.GetByTestId("login-submit").ClickAsync();
        if (expectHome) await ExpectHomeAsync(page, userName);
        return page;
    }

    /// Where each demo account lands after signing in: its role's own page (the welcome page for
    /// roles no module serves yet).
    public static string HomeOf(string userName) => userName switch
    {
        "lisi" or "zhangsan" or "xiaoli" => "/sales/today",
        "salesmgr" => "/sales/team",
        "owner" => "/sales/month",
        "hr" => "/org/employees",
        "finance" => "/platform/approvals",
        "auditor" => "/risk/alerts",
        "admin" => "/platform/users",
        _ => "/",
    };

    public static async Task ExpectHomeAsync(IPage page, string userName)
    {
        var home = HomeOf(userName);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(
            "^[^?#]*" + System.Text.RegularExpressions.Regex.Escape(home) + "([?#].*)?$"));
        await Assertions.Expect(page.GetByTestId("current-user")).ToBeVisibleAsync();
        if (home == "/") await Assertions.Expect(page.GetByTestId("home-title")).ToContainTextAsync("欢迎");
    }

    /// MudBlazor menus open only once the Blazor circuit is connected; the prerendered button before
    /// that ignores clicks. Wait for the script and a quiet network, then click until the item shows
    /// (a second click is only needed when the circuit connected later than the network went quiet).
    public static async Task OpenMenuAsync(IPage page, string menuTestId, string itemTestId)
    {
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var item = page.GetByTestId(itemTestId);
        for (var attempt = 1; ; attempt++)
        {
            await page.GetByTestId(menuTestId).ClickAsync();
            try
            {
                await item.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 5_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 4)
            {
                TestContext.Current.TestOutputHelper?.WriteLine($"{menuTestId} did not open on click {attempt}; clicking again");
            }
        }
    }

    /// The box of an element that is on screen. A box read while Blazor replaces the element (the
    /// prerendered markup giving way to the interactive render) comes back empty: read it again.
    public static async Task<LocatorBoundingBoxResult> BoxAsync(ILocator locator)
    {
        for (var attempt = 1; ; attempt++)
        {
            await Assertions.Expect(locator).ToBeVisibleAsync();
            var box = await locator.BoundingBoxAsync();
            if (box is not null) return box;
            if (attempt == 20) throw new InvalidOperationException($"{locator} kept disappearing while it was measured");
            await Task.Delay(100);
        }
    }

    /// After a failed step: a full-page screenshot "<name>-failure", and the page address, the
    /// browser console and the tail of the application's output in the test's log.
    public async Task RecordFailureAsync(IPage page, string name)
    {
        try { await ScreenshotAsync(page, name + "-failure", fullPage: true); }
        catch (PlaywrightException) { }
        var console = _console.GetOrCreateValue(page);
        string consoleText;
        lock (console) consoleText = string.Join('\n', console);
        var log = AppOutput;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"page: {page.Url}\nconsole:\n{consoleText}\napplication output (tail):\n{log[Math.Max(0, log.Length - 8000)..]}");
    }

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, List<string>> _console = new();

    /// Signs <paramref name="userName"/> in, opens the request whose card shows
    /// <paramref name="cardText"/> (an order number, say) in 待我审批, checks that its detail names
    /// the requester and the amount, and approves it.
    public async Task ApproveFromInboxAsync(string userName, string cardText, string requester, string amount, string screenshot)
    {
        var page = await SignInAsync(userName);
        try
        {
            await page.GotoAsync("/platform/approvals");
            await page.Locator("[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
            await page.GetByTestId("inbox-list").GetByTestId("approval-card").Filter(new LocatorFilterOptions { HasText = cardText }).ClickAsync();
            var detail = page.GetByTestId("approval-detail");
            await Assertions.Expect(detail).ToContainTextAsync(requester);
            await Assertions.Expect(detail.GetByTestId("detail-amount")).ToHaveTextAsync(amount);
            await ScreenshotAsync(page, screenshot);
            await page.GetByTestId("approve").ClickAsync();
            await Assertions.Expect(page.GetByText("已同意。")).ToBeVisibleAsync();
        }
        catch
        {
            await RecordFailureAsync(page, screenshot);
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// What the application wrote to stdout and stderr so far.
    public string AppOutput
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// The browser, or the test is skipped (failed under RENHE_REQUIRE_ALL=1) without Chromium, or
    /// failed when the application did not come up.
    public IBrowser RequireBrowser()
    {
        if (_chromiumMissing is not null) TestEnvironment.Unavailable(_chromiumMissing);
        if (_startupFailure is not null) Assert.Fail(_startupFailure);
        return _browser!;
    }

    public virtual async ValueTask InitializeAsync()
    {
        var chromium = TestEnvironment.ChromiumPath;
        if (chromium is null || !File.Exists(chromium))
            _chromiumMissing = chromium is null ? "Chromium" : $"Chromium (RENHE_CHROMIUM={chromium} does not exist)";
        if (_chromiumMissing is not null && !StartsWithoutBrowser) return;

        _startupFailure = await StartAppAsync();
        if (_startupFailure is not null || _chromiumMissing is not null) return;

        // Generous, because the browser shares two cores with the application and the other tests.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// The program to start and the folder to start it in, or why there is none: here the build
    /// output of the tests' configuration, started in its own folder.
    protected virtual Task<(string Dll, string WorkingDirectory, string? Failure)> PrepareAppAsync()
    {
        var dll = AppAssemblyPath();
        return Task.FromResult((dll, Path.GetDirectoryName(dll)!,
            File.Exists(dll) ? null : $"The application is not built: {dll} does not exist."));
    }

    /// Whether the program is started when Chromium is missing, for tests that need only HTTP.
    protected virtual bool StartsWithoutBrowser => false;

    /// Settings beyond the newcomer's command line, passed as environment variables.
    /// Scheduled jobs stay off: the hourly pool return would otherwise sweep the demo at the top of
    /// the hour under a walkthrough's feet. A walkthrough that needs a job starts it (JobsWalkthroughTests).
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["Jobs:Enabled"] = "false" };

    /// The name of the application's log under artifacts/TestResults.
    protected virtual string LogName => "demo-app";

    /// The started application's address, or the test fails when it did not come up.
    public Uri RequireApp()
    {
        if (_startupFailure is not null) Assert.Fail(_startupFailure);
        return BaseUrl;
    }

    private async Task<string?> StartAppAsync()
    {
        var (dll, workingDirectory, failure) = await PrepareAppAsync();
        if (failure is not null) return failure;

        Directory.CreateDirectory(_dataDir);
        BaseUrl = new Uri($"http://127.0.0.1:{TestEnvironment.FreePort()}");
        var start = new ProcessStartInfo(TestEnvironment.DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--demo", "--urls", BaseUrl.ToString().TrimEnd('/'), "--data-dir", _dataDir })
            start.ArgumentList.Add(arg);
        // A newcomer's shell has no environment name set: run as they would, in Production.
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (key, value) in Settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        _app = new Process { StartInfo = start };
        _app.OutputDataReceived += (_, e) => Append(e.Data);
        _app.ErrorDataReceived += (_, e) => Append(e.Data);
        _app.Start();
        _app.BeginOutputReadLine();
        _app.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (clock.Elapsed < StartupTimeout)
        {
            if (_app.HasExited)
            {
                await _app.WaitForExitAsync(); // drains the redirected output into the log
                return $"`dotnet {string.Join(' ', start.ArgumentList)}` exited with code {_app.ExitCode} before /health answered.\n{AppOutput}";
            }
            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK) return null;
                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex.Message;
            }
            await Task.Delay(250);
        }
        return $"GET {BaseUrl}health did not return 200 within {StartupTimeout.TotalSeconds:0} s (last: {last}).\n{AppOutput}";
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    /// src/Renhe/bin/<the configuration these tests were built in>/net10.0/Renhe.dll.
    internal static string AppAssemblyPath()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        return Path.Combine(TestEnvironment.RepositoryRoot, "src", "Renhe", "bin", BuildConfiguration, framework, "Renhe.dll");
    }

    /// The configuration these tests (and so the application they reference) were built in.
    protected static string BuildConfiguration =>
        typeof(DemoAppFixture).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
        ?? new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;



    public virtual async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null)
        {
            if (!_app.HasExited)
            {
                _app.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try { await _app.WaitForExitAsync(wait.Token); } catch (OperationCanceledException) { }
            }
            _app.Dispose();
            Directory.CreateDirectory(OutputDirectory);
            await File.WriteAllTextAsync(Path.Combine(OutputDirectory, LogName + ".log"), AppOutput);
        }
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
