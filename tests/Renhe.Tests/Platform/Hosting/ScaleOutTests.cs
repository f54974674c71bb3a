using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Npgsql;
using Renhe.Modules.Risk.Archive;
using Renhe.Platform.Auth;
using Renhe.Tests.Browser;
using Renhe.Tests.Infrastructure;
using Xunit.Sdk;
using Xunit.v3;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Platform.Hosting;

/// Two instances of the built program on one PostgreSQL database behind nginx configured from
/// deploy/nginx/renhe.conf (<see cref="RenheCluster"/>), as docs/deploy.md tells an operator to run
/// them: a browser session stays on its instance, what one instance issues or changes holds on the
/// other, and when one dies the other carries on.
[Trait("Category", "Postgres")]
[TestCaseOrderer(typeof(KillingLastOrderer))]
public sealed partial class ScaleOutTests(ScaleOutFixture fixture) : IClassFixture<ScaleOutFixture>
{
    private const string Password = "Renhe@2026";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    [Trait("Category", "Browser")]
    public async Task A_browser_keeps_to_one_instance_through_its_circuit_while_browsers_without_the_routing_cookie_spread_over_both()
    {
        var cluster = fixture.RequireCluster();
        var browser = fixture.RequireBrowser();
        await cluster.EnsureAllRunningAsync();

        var context = await ScaleOutFixture.NewContextAsync(browser, cluster);
        var page = await context.NewPageAsync();
        var name = "扩容客户" + Random.Shared.Next(1000, 9999);
        try
        {
            await SignInAsync(page, "zhangsan");
            await EnterCustomerAsync(page, name);
        }
        catch
        {
            await fixture.RecordFailureAsync(page, "scale-out-sticky");
            throw;
        }
        var route = await RouteOfAsync(context);
        // Closing the page ends its WebSocket, which nginx logs only when it closes.
        await context.CloseAsync();

        var session = await WaitForLogAsync(cluster, log => log.Where(e => e.Route == route).ToList(),
            entries => entries.Any(e => e.Path == "/_blazor" && e.Status == 101));
        Assert.Contains(session, e => e.Method == "POST" && e.Path == "/_blazor/negotiate");
        Assert.Contains(session, e => e is { Method: "GET", Path: "/_blazor", Status: 101 }); // the circuit's WebSocket
        // A request the browser gave up on before nginx chose an upstream (499, the page closing
        // while it sent /_blazor/disconnect) was served by nobody: it says nothing about stickiness.
        var servedBy = session.Where(e => e.ServedBy is not null).Select(e => e.ServedBy).Distinct().ToList();
        Assert.True(servedBy.Count == 1, $"One browser's requests went to {string.Join(" and ", servedBy)}:\n{string.Join('\n', session)}");

        // Visitors without the cookie are routed by a random key and get one to keep.
        var probe = Guid.NewGuid().ToString("N");
        for (var i = 0; i < 20; i++)
        {
            using var visitor = cluster.CreateClient(cluster.ProxyUrl);
            using var response = await visitor.GetAsync($"/health?probe={probe}-{i}", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("renhe_route=", StringComparison.Ordinal));
        }
        var spread = cluster.ReadAccessLog().Where(e => e.Target.Contains(probe, StringComparison.Ordinal)).Select(e => e.ServedBy ?? "none").Distinct().Order().ToList();
        Assert.Equal(cluster.Instances.Select(i => i.Upstream).Order().ToList(), spread);
    }

    [Fact]
    public async Task A_token_a_sign_in_cookie_and_a_sign_in_form_from_one_instance_are_accepted_by_the_other()
    {
        var cluster = fixture.RequireCluster();
        await cluster.EnsureAllRunningAsync();
        var (a, b) = (cluster.Instances[0], cluster.Instances[1]);
        using var onA = cluster.CreateClient(a.Url);
        using var onB = cluster.CreateClient(b.Url);

        Assert.Equal(HttpStatusCode.Unauthorized, (await onB.GetAsync("/api/me", Ct)).StatusCode);

        var token = await TokenAsync(onA, "hr");
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/me"))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal("hr", (await (await onB.SendAsync(request, Ct)).ReadAsync<MeResponse>()).UserName);
        }

        var cookie = await FormSignIn.CookieAsync(onA, "finance", Password);
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/me"))
        {
            request.Headers.Add("Cookie", cookie);
            Assert.Equal("finance", (await (await onB.SendAsync(request, Ct)).ReadAsync<MeResponse>()).UserName);
        }

        // A form rendered by one instance and posted to the other (the first died in between):
        // its antiforgery token must be readable there too.
        var form = await onA.GetAsync("/account/login", Ct);
        var html = await form.Content.ReadAsStringAsync(Ct);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = AntiforgeryField().Match(html).Groups[1].Value,
                ["_handler"] = "login",
                ["Input.UserName"] = "owner",
                ["Input.Password"] = Password,
            }),
        };
        foreach (var c in form.Headers.GetValues("Set-Cookie")) post.Headers.Add("Cookie", c.Split(';')[0]);
        using var signedIn = await onB.SendAsync(post, Ct);
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"HTTP {(int)signedIn.StatusCode}: {await signedIn.Content.ReadAsStringAsync(Ct)}");
        Assert.Contains(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("renhe.auth=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Through_the_proxy_Renhe_knows_the_user_is_on_https_and_marks_its_sign_in_cookie_secure()
    {
        var cluster = fixture.RequireCluster();
        await cluster.EnsureAllRunningAsync();
        using var proxy = cluster.CreateClient(cluster.ProxyUrl);

        using var challenge = await proxy.GetAsync("/sales/customers", Ct);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.StartsWith($"https://{cluster.ProxyUrl.Host}:{cluster.ProxyUrl.Port}/account/login", challenge.Headers.Location!.ToString());

        var cookie = (await FormSignIn.PostAsync(proxy, "hr", Password)).Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("renhe.auth=", StringComparison.Ordinal));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);

        // Straight to an instance over plain http the cookie must not be Secure: the browser would drop it.
        using var direct = cluster.CreateClient(cluster.Instances[0].Url);
        var plain = (await FormSignIn.PostAsync(direct, "hr", Password)).Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("renhe.auth=", StringComparison.Ordinal));
        Assert.DoesNotContain("; secure", plain, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_sensitive_word_added_on_one_instance_is_flagged_by_the_other_after_its_lexicon_refresh()
    {
        var cluster = fixture.RequireCluster();
        await cluster.EnsureAllRunningAsync();
        var (a, b) = (cluster.Instances[0], cluster.Instances[1]);
        using var onA = cluster.CreateClient(a.Url);
        using var onB = cluster.CreateClient(b.Url);
        var token = await TokenAsync(onA, "admin");
        onA.DefaultRequestHeaders.Authorization = onB.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // CJK letters only, drawn at random: clear of the default lexicon.
        var word = new string([.. Guid.NewGuid().ToByteArray()[..5].Select(b => (char)(0x4E00 + b * 37 % 20000))]);
        var text = "客户说" + word;
        Assert.Equal(0, await HitsAsync(onB, text));

        (await onA.PostAsJsonAsync("/api/risk/lexicon", new { word, category = "private_deal", severity = "High" }, Http.Json, Ct))
            .EnsureSuccessStatusCode();
        Assert.True(await HitsAsync(onA, text) > 0, "the instance that made the change scans with it at once");

        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(ScaleOutFixture.LexiconRefreshSeconds + 15);
        while (await HitsAsync(onB, text) == 0)
        {
            Assert.True(clock.Elapsed < deadline, $"The other instance still scanned without {word} after {clock.Elapsed.TotalSeconds:0.0} s "
                                                  + $"(Risk:Lexicon:RefreshSeconds={ScaleOutFixture.LexiconRefreshSeconds}).");
            await Task.Delay(250, Ct);
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"the other instance flagged the new word after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    [Trait("Category", "Browser")]
    public async Task When_the_instance_holding_a_page_is_killed_the_other_serves_every_request_and_the_page_carries_on_there()
    {
        var cluster = fixture.RequireCluster();
        var browser = fixture.RequireBrowser();
        await cluster.EnsureAllRunningAsync();

        var context = await ScaleOutFixture.NewContextAsync(browser, cluster);
        var page = await context.NewPageAsync();
        try
        {
            await SignInAsync(page, "xiaoli");
            await page.GotoAsync("/sales/customers");
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("我的客户");
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });

            var route = await RouteOfAsync(context);
            var negotiated = cluster.ReadAccessLog().Last(e => e.Route == route && e.Path == "/_blazor/negotiate");
            var victim = cluster.Instances.Single(i => i.Upstream == negotiated.ServedBy);
            var survivor = cluster.Instances.Single(i => i != victim);
            var before = cluster.ReadAccessLog().Count;
            var reloaded = new TaskCompletionSource();
            page.Load += (_, _) => reloaded.TrySetResult();

            await cluster.KillAsync(victim.Index);

            // Its circuit died with the instance: Blazor tries to reconnect, reaches the survivor,
            // which does not know the circuit, and reloads the page, which the survivor renders.
            await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(45), Ct);
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("我的客户");
            await EnterCustomerAsync(page, "接管客户" + Random.Shared.Next(1000, 9999));

            // Signing in and reading through the proxy, as visitors the hash would have sent to either.
            for (var i = 0; i < 10; i++)
            {
                using var visitor = cluster.CreateClient(cluster.ProxyUrl);
                var token = await TokenAsync(visitor, "hr");
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/org/employees");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                Assert.Equal(HttpStatusCode.OK, (await visitor.SendAsync(request, Ct)).StatusCode);
            }
            using (var visitor = cluster.CreateClient(cluster.ProxyUrl))
            {
                var signIn = await FormSignIn.PostAsync(visitor, "salesmgr", Password);
                Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("renhe.auth=", StringComparison.Ordinal));
            }

            // Less the page's old WebSocket to the dead instance, logged only now that it broke.
            var after = cluster.ReadAccessLog().Skip(before)
                .Where(e => e.Upstreams.Count > 0 && !(e.Status == 101 && e.Upstreams.SequenceEqual([victim.Upstream])))
                .ToList();
            Assert.All(after, e => Assert.True(e.ServedBy == survivor.Upstream && e.Status < 500, $"after the kill: {e}"));
            // nginx found the dead instance on its own and passed the request on (proxy_next_upstream).
            Assert.Contains(after, e => e.Upstreams.Contains(victim.Upstream));
        }
        catch
        {
            await fixture.RecordFailureAsync(page, "scale-out-failover");
            throw;
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    /// Both instances poll every second (Jobs:PollSeconds). Telling them every job has existed for
    /// five days makes the same occurrences fall due on both at once: the digest's five missed days
    /// (it catches up), the latest hour of the pool return, each branch's latest night of the
    /// lifecycle step, the latest purge. Each must run on exactly one instance.
    [Fact]
    public async Task Each_scheduled_job_occurrence_runs_on_one_instance_only()
    {
        var cluster = fixture.RequireCluster();
        await cluster.EnsureAllRunningAsync();
        string[] jobs = ["commission.close-reminder", "integrations.wecom-messages", "org.lifecycle-close", "risk.archive-digest", "risk.archive-retention", "risk.evaluate", "sales.inheritance", "sales.pool-return", "sales.today-notice", "sales.wecom-handover"];
        await using var db = new NpgsqlConnection(cluster.ConnectionString);
        await db.OpenAsync(Ct);
        await WaitUntilAsync(async () => await ScalarAsync<long>(db, """SELECT count(*) FROM platform_job""") == jobs.Length);
        await ScalarAsync<int>(db, """UPDATE platform_job SET "Since" = now() - interval '5 days'""");

        var branches = await ScalarAsync<long>(db, """SELECT count(*) FROM org_branch""");
        List<(string Job, string Occurrence, string Status, int Attempt, string Instance)> runs = [];
        await WaitUntilAsync(async () =>
        {
            runs = await RunsAsync(db);
            return runs.Count(r => r.Job == "risk.archive-digest") >= 5 && runs.Count(r => r.Job == "org.lifecycle-close") >= branches
                   && jobs.All(j => runs.Any(r => r.Job == j)) && runs.All(r => r.Status != "Running");
        });

        Assert.All(runs, r => Assert.Equal(("Succeeded", 1), (r.Status, r.Attempt)));
        // As many runs in the two instances' logs as claimed occurrences: none ran twice.
        var lines = cluster.Instances.SelectMany(i => i.Output.Split('\n')).Where(l => l.Contains(" ran on ", StringComparison.Ordinal)).ToList();
        foreach (var run in runs)
            Assert.Single(lines, l => l.Contains($"Job {run.Job} {run.Occurrence} ran on", StringComparison.Ordinal));
        Console.WriteLine($"scale-out jobs: {runs.Count} occurrences, by instance: "
                          + string.Join(", ", runs.GroupBy(r => r.Instance).Select(g => $"{g.Key} {g.Count()}")));
    }

    private static async Task<List<(string, string, string, int, string)>> RunsAsync(NpgsqlConnection db)
    {
        var runs = new List<(string, string, string, int, string)>();
        await using var query = new NpgsqlCommand("""SELECT "JobName", "Occurrence", "Status", "Attempt", "Instance" FROM platform_job_run""", db);
        await using var reader = await query.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct)) runs.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4)));
        return runs;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        var result = typeof(T) == typeof(int) ? await command.ExecuteNonQueryAsync(Ct) : await command.ExecuteScalarAsync(Ct);
        return (T)Convert.ChangeType(result!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the instances did not get there within a minute");
            await Task.Delay(250, Ct);
        }
    }

    private static async Task SignInAsync(IPage page, string userName)
    {
        await page.GotoAsync("/account/login");
        await page.Locator("#userName").FillAsync(userName);
        await page.Locator("#password").FillAsync(Password);
        await page.GetByTestId("login-submit").ClickAsync();
        await DemoAppFixture.ExpectHomeAsync(page, userName);
    }

    /// Opens 新建客户 on the customer list and saves one: needs a live circuit from the click to the save.
    private static async Task EnterCustomerAsync(IPage page, string name)
    {
        if (!page.Url.Contains("/sales/customers", StringComparison.Ordinal)) await page.GotoAsync("/sales/customers");
        await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("我的客户");
        await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.GetByTestId("new-customer").ClickAsync();
        await page.Locator("[data-testid='customer-name'] input, input[data-testid='customer-name']").First.FillAsync(name);
        await page.Locator("[data-testid='customer-phone'] input, input[data-testid='customer-phone']").First
            .FillAsync("137" + Random.Shared.NextInt64(10_000_000, 99_999_999));
        await page.GetByTestId("dialog-save").ClickAsync();
        await Expect(page.GetByTestId("customer-name")).ToHaveTextAsync(name);
    }

    private static async Task<string> RouteOfAsync(IBrowserContext context) =>
        (await context.CookiesAsync()).Single(c => c.Name == "renhe_route").Value;

    private static async Task<string> TokenAsync(HttpClient client, string userName)
    {
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = Password }, Ct);
        return (await response.ReadAsync<RenheFactory.TokenResponse>()).AccessToken;
    }

    /// Archives one e-mail with <paramref name="text"/> and returns how many sensitive words were found in it.
    private static async Task<int> HitsAsync(HttpClient client, string text)
    {
        var item = new
        {
            channel = "email", sourceId = "scale-" + Guid.NewGuid().ToString("N"), employee = "zhangsan",
            counterpart = "13800138000", time = DateTimeOffset.UtcNow, content = text,
        };
        var response = await (await client.PostAsJsonAsync("/api/risk/messages:batch", new { items = new[] { item } }, Http.Json, Ct))
            .ReadAsync<ArchiveBatchResponse>();
        Assert.Equal(1, response.Stored);
        return response.Results[0].Hits;
    }

    private static async Task<List<RenheCluster.AccessLogEntry>> WaitForLogAsync(RenheCluster cluster,
        Func<IReadOnlyList<RenheCluster.AccessLogEntry>, List<RenheCluster.AccessLogEntry>> select, Func<List<RenheCluster.AccessLogEntry>, bool> complete)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var entries = select(cluster.ReadAccessLog());
            if (complete(entries) || clock.Elapsed > TimeSpan.FromSeconds(10)) return entries;
            await Task.Delay(200, Ct);
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

/// The test that kills an instance runs last, so that the others need not wait for its restart
/// (EnsureAllRunningAsync restarts a dead instance whatever the order).
public sealed class KillingLastOrderer : ITestCaseOrderer
{
    public IReadOnlyCollection<TTestCase> OrderTestCases<TTestCase>(IReadOnlyCollection<TTestCase> testCases) where TTestCase : notnull, ITestCase =>
        [.. testCases
            .OrderBy(t => t.TestMethodName == nameof(ScaleOutTests.When_the_instance_holding_a_page_is_killed_the_other_serves_every_request_and_the_page_carries_on_there))
            .ThenBy(t => t.TestMethodName, StringComparer.Ordinal)];
}

/// The cluster of <see cref="ScaleOutTests"/> and one headless Chromium. Without nginx or
/// PostgreSQL (or Chromium, for the browser tests) the tests are skipped, or failed under
/// RENHE_REQUIRE_ALL=1.
public sealed class ScaleOutFixture : IAsyncLifetime
{
    /// Short, so that a lexicon change reaches the other instance within the test.
    public const int LexiconRefreshSeconds = 1;

    private RenheCluster? _cluster;
    private string? _unavailable;
    private string? _startupFailure;
    private string? _chromiumMissing;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async ValueTask InitializeAsync()
    {
        if (RenheCluster.NginxPath() is null)
        {
            _unavailable = "nginx (apt-get install nginx)";
            return;
        }
        if (await RenheCluster.PostgresUnavailableAsync(TestEnvironment.PostgresConnectionString) is { } why)
        {
            _unavailable = $"PostgreSQL ({why})";
            return;
        }
        var clock = Stopwatch.StartNew();
        try
        {
            _cluster = await RenheCluster.StartAsync(new RenheCluster.Options
            {
                AppDll = DemoAppFixture.AppAssemblyPath(),
                NginxSiteConfig = Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "nginx", "renhe.conf"),
                PostgresAdminConnectionString = TestEnvironment.PostgresConnectionString,
                Settings = new Dictionary<string, string>
                {
                    ["Risk:Lexicon:RefreshSeconds"] = LexiconRefreshSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["Jobs:PollSeconds"] = "1",
                    ["Logging:LogLevel:Renhe.Platform.Jobs"] = "Information",
                },
                LogDirectory = DemoAppFixture.OutputDirectory,
                LogName = "scale-out",
            });
        }
        catch (Exception ex) when (ex is InvalidOperationException or NpgsqlException or IOException)
        {
            _startupFailure = ex.Message;
            return;
        }
        Console.WriteLine($"scale-out: two instances and nginx up in {clock.Elapsed.TotalSeconds:0.0} s");

        var chromium = TestEnvironment.ChromiumPath;
        if (chromium is null || !File.Exists(chromium))
        {
            _chromiumMissing = chromium is null ? "Chromium" : $"Chromium (RENHE_CHROMIUM={chromium} does not exist)";
            return;
        }
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public RenheCluster RequireCluster()
    {
        if (_unavailable is not null) TestEnvironment.Unavailable(_unavailable);
        if (_startupFailure is not null) Assert.Fail(_startupFailure);
        return _cluster!;
    }

    public IBrowser RequireBrowser()
    {
        RequireCluster();
        if (_chromiumMissing is not null) TestEnvironment.Unavailable(_chromiumMissing);
        return _browser!;
    }

    /// A browser context on the proxy (its certificate is self-signed), zh-CN, Shanghai time.
    public static Task<IBrowserContext> NewContextAsync(IBrowser browser, RenheCluster cluster) =>
        browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = cluster.ProxyUrl.ToString(), IgnoreHTTPSErrors = true, Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });

    /// After a failed step: a screenshot, the page address and the tail of both instances' output and nginx's error log.
    public async Task RecordFailureAsync(IPage page, string name)
    {
        try { await DemoAppFixture.ScreenshotAsync(page, name + "-failure", fullPage: true); }
        catch (PlaywrightException) { }
        var log = TestContext.Current.TestOutputHelper;
        log?.WriteLine($"page: {page.Url}");
        foreach (var instance in _cluster?.Instances ?? [])
            log?.WriteLine($"instance {instance.Index} ({instance.Upstream}, {(instance.IsRunning ? "running" : "stopped")}), tail:\n{Tail(instance.Output)}");
        log?.WriteLine($"nginx error log, tail:\n{Tail(_cluster?.NginxErrorLog ?? "")}");
    }

    private static string Tail(string text) => text[Math.Max(0, text.Length - 6000)..];

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}
