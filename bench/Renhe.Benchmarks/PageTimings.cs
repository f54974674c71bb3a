using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace Renhe.Benchmarks;

/// How long the salesperson's Today page and the manager's team dashboard take, on the demo
/// company and on a set with twenty times the sales activity (Demo:SalesScale=20). A load run, not
/// a BenchmarkDotNet job: the program runs as a newcomer starts it (its own process, Release build,
/// SQLite in a data directory kept under BenchmarkDotNet.Artifacts/data/sales-x{scale}), and real
/// Chromium signs in and opens each page again and again. Two figures per page:
/// - server render: the GET of the page with the signed-in cookie, whose prerendered HTML already
///   holds every number (the page's queries and rendering, no browser);
/// - in the browser: from navigation until the page's content is visible and interactive.
/// usage: page-timings [scale …]   (default: 1 20)
public static class PageTimings
{
    private const int WarmUp = 3;
    private const int Runs = 20;

    private sealed record Probe(string User, string Path, string ReadySelector);

    private static readonly Probe[] Probes =
    [
        // 李四 acknowledges the monitoring notice on his first sign-in, as he would (ADR 0009).
        new("lisi", "/sales/today", "[data-testid='today-progress']"),
        new("zhangsan", "/sales/today", "[data-testid='today-progress']"),
        new("xiaoli", "/sales/today", "[data-testid='today-progress']"),
        new("salesmgr", "/sales/team", "[data-testid='team-table']"),
    ];

    public static async Task RunAsync(IReadOnlyList<int> scales)
    {
        var results = new List<string>();
        foreach (var scale in scales.Count > 0 ? scales : [1, 20])
        {
            var dataDir = Path.Combine(SearchArchive.RepositoryRoot(), "BenchmarkDotNet.Artifacts", "data", $"sales-x{scale}");
            var port = FreePort();
            using var app = StartApp(dataDir, scale, port);
            var baseUrl = $"http://127.0.0.1:{port}";
            await WaitForHealthAsync(baseUrl, app);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Environment.GetEnvironmentVariable("RENHE_CHROMIUM") ?? "/usr/bin/chromium",
                Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--no-first-run"],
            });
            foreach (var probe in Probes)
            {
                var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "zh-CN" });
                var page = await context.NewPageAsync();
                await page.GotoAsync("/account/login");
                await page.Locator("#userName").FillAsync(probe.User);
                await page.Locator("#password").FillAsync("Renhe@2026");
                await page.GetByTestId("login-submit").ClickAsync();
                await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
                await page.Locator("[data-testid='home-title'], [data-testid='notice-acknowledge']").First.WaitForAsync();
                if (await page.GetByTestId("notice-acknowledge").CountAsync() > 0)
                {
                    await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
                    await page.GetByTestId("notice-acknowledge").ClickAsync();
                    await page.GetByTestId("home-title").WaitForAsync();
                }

                var server = new List<double>();
                var browserTimes = new List<double>();
                for (var i = 0; i < WarmUp + Runs; i++)
                {
                    var clock = Stopwatch.StartNew();
                    var response = await context.APIRequest.GetAsync(probe.Path);
                    var html = await response.TextAsync();
                    clock.Stop();
                    if (!response.Ok || !html.Contains(probe.ReadySelector.Split('\'')[1], StringComparison.Ordinal))
                        throw new InvalidOperationException($"{probe.Path} as {probe.User} answered {response.Status} without its content.");
                    if (i >= WarmUp) server.Add(clock.Elapsed.TotalMilliseconds);

                    clock.Restart();
                    await page.GotoAsync(probe.Path);
                    await page.Locator(probe.ReadySelector).WaitForAsync();
                    await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
                    clock.Stop();
                    if (i >= WarmUp) browserTimes.Add(clock.Elapsed.TotalMilliseconds);
                }
                await context.CloseAsync();
                results.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| ×{scale,-2} | {probe.Path,-12} | {probe.User,-8} | {Percentile(server, 50),7:F1} | {Percentile(server, 95),7:F1} | {Percentile(browserTimes, 50),7:F1} | {Percentile(browserTimes, 95),7:F1} |"));
                Console.WriteLine(results[^1]);
            }
            app.Kill(entireProcessTree: true);
        }
        Console.WriteLine();
        Console.WriteLine("| data | page | user | server p50 ms | server p95 ms | browser p50 ms | browser p95 ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var line in results) Console.WriteLine(line);
    }

    private static double Percentile(List<double> values, int p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static Process StartApp(string dataDir, int scale, int port)
    {
        Directory.CreateDirectory(dataDir);
        // The application's own build output next to this benchmark's (both Release).
        var dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
                 {
                     dll, "--demo", "--data-dir", dataDir, "--urls", $"http://127.0.0.1:{port}",
                     $"--Demo:SalesScale={scale}", "--Demo:Chats=false", "--Logging:LogLevel:Default=Warning",
                 })
            start.ArgumentList.Add(arg);
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) Console.WriteLine("// app: " + line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.WriteLine("// app: " + line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static async Task WaitForHealthAsync(string baseUrl, Process app)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(5) };
        // The first start of the ×20 set seeds it, which takes a while.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(15))
        {
            if (app.HasExited) throw new InvalidOperationException($"The application exited with code {app.ExitCode}.");
            try
            {
                if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(1000);
        }
        throw new TimeoutException("The application did not answer /health.");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
