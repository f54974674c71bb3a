using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace Renhe.Benchmarks;

/// A load run: closed-loop virtual users replaying the busy hour of <see cref="LoadMix"/> against
/// the program as it is deployed (Release build, its own process, the demo company with twenty times
/// the sales activity), at each number of users in turn, each on a fresh copy of the same seeded data.
/// Targets: one instance on SQLite, one on PostgreSQL, two on PostgreSQL behind nginx (round robin),
/// or a running deployment given by --url. The client runs on the same machine as the server.
///
/// usage: load sqlite|postgres|postgres-2|--url URL [--users 10,50,100] [--warmup 30] [--seconds 60]
///        [--think 1] [--scale 20] [--timeout 10]
public static partial class LoadRun
{
    private const string Password = "Renhe@2026";
    private static readonly string[] Salespeople = ["lisi", "zhangsan", "xiaoli"];

    private sealed record Options(string Target, string? Url, int[] Users, TimeSpan WarmUp, TimeSpan Measure, double ThinkSeconds, int Scale,
        TimeSpan Timeout, string PostgresServer, int PerAction);

    private sealed record Sample(string Kind, double Ms, string? Error);

    public static async Task RunAsync(string[] args)
    {
        var o = Parse(args);
        Console.WriteLine(LoadMix.Describe());
        var report = new StringBuilder();
        var root = Path.Combine(SearchArchive.RepositoryRoot(), "BenchmarkDotNet.Artifacts");
        Directory.CreateDirectory(Path.Combine(root, "load"));
        var reportFile = Path.Combine(root, "load", $"load-{o.Target}-{DateTime.Now:yyyyMMdd-HHmmss}.md");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"target {o.Target}, ×{o.Scale} data, warm-up {o.WarmUp.TotalSeconds:F0} s, measured {o.Measure.TotalSeconds:F0} s, think time {o.ThinkSeconds:F1} s (uniform ±50 %), timeout {o.Timeout.TotalSeconds:F0} s");

        foreach (var users in o.Users)
        {
            await using var deployment = o.Url is not null ? Deployment.External(o.Url) : await Deployment.StartAsync(o, root);
            var result = o.PerAction > 0 ? await PerActionAsync(o, deployment) : await RunLevelAsync(o, deployment, users);
            report.AppendLine(result);
            Console.WriteLine(result);
            await File.WriteAllTextAsync(reportFile, report.ToString());
        }
        Console.WriteLine($"// report: {reportFile}");
    }

    private static Options Parse(string[] args)
    {
        string? target = null, url = null;
        var users = new[] { 10, 50, 100 };
        double warmUp = 30, measure = 60, think = 1, timeout = 10;
        int scale = 20, perAction = 0;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => args[++i];
            switch (args[i])
            {
                case "--url": url = Next().TrimEnd('/'); target = "url"; break;
                case "--users": users = Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--warmup": warmUp = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--seconds": measure = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--think": think = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--scale": scale = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--timeout": timeout = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--per-action": perAction = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "sqlite" or "postgres" or "postgres-2": target = args[i]; break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'. usage: load sqlite|postgres|postgres-2|--url URL [--users 10,50,100] [--warmup 30] [--seconds 60] [--think 1] [--scale 20]");
            }
        }
        return new Options(target ?? "sqlite", url, users, TimeSpan.FromSeconds(warmUp), TimeSpan.FromSeconds(measure), think, scale,
            TimeSpan.FromSeconds(timeout),
            Environment.GetEnvironmentVariable("RENHE_BENCH_POSTGRES_SERVER") ?? "Host=localhost;Port=5432;Username=postgres;Password=postgres", perAction);
    }

    /// What each action costs the server alone: one user, no think time, each action sent
    /// <see cref="Options.PerAction"/> times in a row (after as many unmeasured), with the
    /// server's CPU time over those requests.
    private static async Task<string> PerActionAsync(Options o, Deployment deployment)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        { BaseAddress = new Uri(deployment.BaseUrl), Timeout = Timeout.InfiniteTimeSpan };
        var user = (await SignInAsync(http, 1))[0];
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## {o.Target}, each action alone, {o.PerAction} times in a row");
        text.AppendLine(CultureInfo.InvariantCulture, $"load average before: {(await File.ReadAllTextAsync("/proc/loadavg")).Trim()}");
        text.AppendLine();
        text.AppendLine("| action | server (+ PostgreSQL) CPU ms per action | request | p50 ms | p95 ms | errors |");
        text.AppendLine("|---|---:|---|---:|---:|---|");
        foreach (var action in LoadMix.Actions)
        {
            var samples = new List<Sample>();
            double cpu = 0;
            // The first round warms this action's code paths up; the second is measured.
            for (var round = 0; round < 2; round++)
            {
                var cpuFrom = CpuSnapshot.Take(deployment.Pids);
                samples.Clear();
                for (var i = 0; i < o.PerAction; i++)
                    await foreach (var step in action.Requests(user, CancellationToken.None))
                    {
                        var begin = Stopwatch.GetTimestamp();
                        var error = await SendAsync(http, step, o.Timeout);
                        samples.Add(new Sample(step.Kind, Stopwatch.GetElapsedTime(begin).TotalMilliseconds, error));
                    }
                cpu = CpuSnapshot.Take(deployment.Pids).ServerSecondsSince(cpuFrom);
            }
            var first = true;
            foreach (var kind in samples.Select(s => s.Kind).Distinct())
            {
                var ms = samples.Where(s => s.Kind == kind).Select(s => s.Ms).Order().ToList();
                text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {(first ? action.Name : "")} | {(first ? (cpu * 1000 / o.PerAction).ToString("F1", CultureInfo.InvariantCulture) : "")} | {kind} | {Percentile(ms, 50):F0} | {Percentile(ms, 95):F0} | {samples.Count(s => s.Kind == kind && s.Error is not null)} |"));
                first = false;
            }
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"load average after: {(await File.ReadAllTextAsync("/proc/loadavg")).Trim()}");
        return text.ToString();
    }

    private static async Task<string> RunLevelAsync(Options o, Deployment deployment, int userCount)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false, UseCookies = false, MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        })
        { BaseAddress = new Uri(deployment.BaseUrl), Timeout = Timeout.InfiniteTimeSpan };

        var clock = Stopwatch.StartNew();
        var users = await SignInAsync(http, userCount);
        Console.WriteLine($"// {userCount} users signed in in {clock.Elapsed.TotalSeconds:F1} s");

        var loadBefore = await File.ReadAllTextAsync("/proc/loadavg");
        var samples = new ConcurrentQueue<Sample>();
        var started = Stopwatch.GetTimestamp();
        var measureFrom = started + (long)(o.WarmUp.TotalSeconds * Stopwatch.Frequency);
        var stopAt = measureFrom + (long)(o.Measure.TotalSeconds * Stopwatch.Frequency);
        CpuSnapshot? cpuFrom = null;
        var sampler = Task.Run(async () =>
        {
            await Task.Delay(o.WarmUp);
            cpuFrom = CpuSnapshot.Take(deployment.Pids);
        });

        var loops = users.Select(u => Task.Run(() => UserLoopAsync(http, u, o, samples, measureFrom, stopAt))).ToArray();
        await sampler;
        await Task.WhenAll(loops);
        var cpuTo = CpuSnapshot.Take(deployment.Pids);
        var loadAfter = await File.ReadAllTextAsync("/proc/loadavg");

        var all = samples.ToList();
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"## {o.Target}, {userCount} users");
        text.AppendLine(CultureInfo.InvariantCulture, $"load average before: {loadBefore.Trim()}; after: {loadAfter.Trim()}");
        if (cpuFrom is not null) text.AppendLine(cpuFrom.Describe(cpuTo, o.Measure.TotalSeconds, all.Count));
        text.AppendLine();
        text.AppendLine("| kind | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|");
        text.AppendLine(Row("**all**", all, o.Measure.TotalSeconds));
        foreach (var kind in all.Select(s => s.Kind).Distinct().Order(StringComparer.Ordinal))
            text.AppendLine(Row(kind, all.Where(s => s.Kind == kind).ToList(), o.Measure.TotalSeconds));
        return text.ToString();
    }

    private static string Row(string kind, List<Sample> samples, double seconds)
    {
        var ms = samples.Select(s => s.Ms).Order().ToList();
        var errors = samples.Where(s => s.Error is not null).GroupBy(s => s.Error!).Select(g => $"{g.Count()}× {g.Key}").ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"| {kind} | {samples.Count} | {samples.Count / seconds:F1} | {Percentile(ms, 50):F0} | {Percentile(ms, 95):F0} | {Percentile(ms, 99):F0} | {(ms.Count > 0 ? ms[^1] : 0):F0} | {(errors.Count == 0 ? "0" : string.Join(", ", errors))} |");
    }

    private static double Percentile(List<double> sorted, int p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// One virtual user until the end of the run: draw an action, send its requests one after the
    /// other (each followed by the think time), again. Only requests that start after the warm-up
    /// and before the end count.
    private static async Task UserLoopAsync(HttpClient http, LoadUser user, Options o, ConcurrentQueue<Sample> samples, long measureFrom, long stopAt)
    {
        while (Stopwatch.GetTimestamp() < stopAt)
        {
            var action = LoadMix.Draw();
            await foreach (var step in action.Requests(user, CancellationToken.None))
            {
                var begin = Stopwatch.GetTimestamp();
                if (begin >= stopAt) return;
                var error = await SendAsync(http, step, o.Timeout);
                var elapsed = Stopwatch.GetElapsedTime(begin).TotalMilliseconds;
                if (begin >= measureFrom) samples.Enqueue(new Sample(step.Kind, elapsed, error));
                if (o.ThinkSeconds > 0)
                    await Task.Delay(TimeSpan.FromSeconds(o.ThinkSeconds * (0.5 + Random.Shared.NextDouble())));
            }
        }
    }

    /// Null when the answer is what a user would want; else what went wrong.
    private static async Task<string?> SendAsync(HttpClient http, LoadMix.LoadRequest step, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            using var request = step.Build();
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            var body = await response.Content.ReadAsStringAsync(cts.Token);
            if ((int)response.StatusCode != step.Status) return $"HTTP {(int)response.StatusCode}";
            if (step.Marker is { } marker && !body.Contains($"data-testid=\"{marker}\"", StringComparison.Ordinal)) return "page without its content";
            return null;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            return "timeout";
        }
        catch (HttpRequestException e)
        {
            return "connection: " + (e.HttpRequestError.ToString());
        }
    }

    // ---- signing in ----

    private static async Task<List<LoadUser>> SignInAsync(HttpClient http, int userCount)
    {
        // Sessions are stateless on the server (a protected cookie or token), so users share a
        // few: up to four per demo salesperson, and up to five each for the manager, the
        // investigator and the integration. Signing in hashes the password (PBKDF2), which on a
        // busy 2-core machine takes a while per session.
        var salesSessions = Math.Min(userCount, 4 * Salespeople.Length);
        var shared = Math.Min(userCount, 5);
        using var gate = new SemaphoreSlim(4);
        async Task<Session> One(string userName)
        {
            await gate.WaitAsync();
            try { return await SessionAsync(http, userName); }
            finally { gate.Release(); }
        }
        var sales = Task.WhenAll(Enumerable.Range(0, salesSessions).Select(i => One(Salespeople[i % Salespeople.Length])));
        var managers = Task.WhenAll(Enumerable.Range(0, shared).Select(_ => One("salesmgr")));
        var investigators = Task.WhenAll(Enumerable.Range(0, shared).Select(_ => One("auditor")));
        var integrations = Task.WhenAll(Enumerable.Range(0, shared).Select(_ => One("admin")));
        var (s, m, inv, ing) = (await sales, await managers, await investigators, await integrations);

        // Each person has acknowledged the monitoring notice (李四 has not in the demo), as they
        // would on their first visit; and each salesperson knows their customers.
        var customers = new Dictionary<string, IReadOnlyList<Guid>>();
        foreach (var first in s.Concat(m).Concat(inv).Concat(ing).DistinctBy(x => x.UserName))
        {
            await AcknowledgeNoticeAsync(http, first);
            if (Salespeople.Contains(first.UserName)) customers[first.UserName] = await CustomersAsync(http, first);
        }
        foreach (var session in s) session.Visible = session.Own = customers[session.UserName];
        var runId = Guid.NewGuid().ToString("N")[..8];
        var counters = new LoadShared();
        return Enumerable.Range(0, userCount).Select(i => new LoadUser(runId, counters, s[i % s.Length], m[i % m.Length], inv[i % inv.Length], ing[i % ing.Length])).ToList();
    }

    private static async Task<Session> SessionAsync(HttpClient http, string userName)
    {
        using var tokenResponse = await http.PostAsJsonAsync("/api/auth/token", new { userName, password = Password });
        tokenResponse.EnsureSuccessStatusCode();
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;

        // The browser's way in: the sign-in form with its antiforgery token and cookie.
        using var form = await http.GetAsync("/account/login");
        var html = await form.Content.ReadAsStringAsync();
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = AntiforgeryField().Match(html).Groups[1].Value,
                ["_handler"] = "login", ["Input.UserName"] = userName, ["Input.Password"] = Password,
            }),
        };
        if (form.Headers.TryGetValues("Set-Cookie", out var formCookies))
            post.Headers.Add("Cookie", string.Join("; ", formCookies.Select(c => c.Split(';')[0])));
        using var signedIn = await http.SendAsync(post);
        var cookies = signedIn.Headers.TryGetValues("Set-Cookie", out var set) ? set.Select(c => c.Split(';')[0]).Where(c => c.StartsWith("renhe.auth", StringComparison.Ordinal)).ToList() : [];
        if (cookies.Count == 0) throw new InvalidOperationException($"Signing in as {userName} through the form answered {(int)signedIn.StatusCode} without a cookie.");
        return new Session(userName, token, string.Join("; ", cookies));
    }

    private static async Task AcknowledgeNoticeAsync(HttpClient http, Session session)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/risk/monitoring-notice");
        get.Headers.Authorization = new("Bearer", session.Token);
        using var response = await http.SendAsync(get);
        if (response.StatusCode != HttpStatusCode.OK) return;
        var state = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!state.GetProperty("isEmployee").GetBoolean() || state.GetProperty("acknowledged").GetBoolean()) return;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/risk/monitoring-notice/acknowledge")
        {
            Content = JsonContent.Create(new { version = state.GetProperty("notice").GetProperty("version").GetInt32() }),
        };
        post.Headers.Authorization = new("Bearer", session.Token);
        (await http.SendAsync(post)).EnsureSuccessStatusCode();
    }

    private static async Task<IReadOnlyList<Guid>> CustomersAsync(HttpClient http, Session session)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/sales/customers?page=1&pageSize=500");
        get.Headers.Authorization = new("Bearer", session.Token);
        using var response = await http.SendAsync(get);
        response.EnsureSuccessStatusCode();
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        var ids = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        if (ids.Count == 0) throw new InvalidOperationException($"{session.UserName} sees no customers.");
        return ids;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    // ---- the deployment under test ----

    private sealed class Deployment : IAsyncDisposable
    {
        private readonly List<Process> _processes = [];
        public string BaseUrl { get; private set; } = "";
        public IReadOnlyList<(string Name, int Pid)> Pids => _processes.Select(p => (p.ProcessName == "nginx" ? "nginx" : "app", p.Id)).ToList();

        public static Deployment External(string url) => new() { BaseUrl = url };

        public static async Task<Deployment> StartAsync(Options o, string root)
        {
            var deployment = new Deployment();
            var settings = new List<string>();
            string dataDir;
            if (o.Target == "sqlite")
            {
                var seed = Path.Combine(root, "data", $"load-x{o.Scale}-sqlite");
                await EnsureSeededAsync(seed, o, []);
                dataDir = Path.Combine(root, "data", "load-run-sqlite");
                CopyFresh(seed, dataDir);
            }
            else
            {
                // The keys travel with the database: field.key encrypts the demo's phones and ID numbers.
                var seedKeys = Path.Combine(root, "data", $"load-x{o.Scale}-postgres");
                var seedDb = $"renhe_load_seed_x{o.Scale}";
                var seedSettings = new List<string> { "--Database:Provider=Postgres", $"--ConnectionStrings:Renhe={o.PostgresServer};Database={seedDb}" };
                if (!File.Exists(Path.Combine(seedKeys, "seeded"))) await ExecuteAsync(o.PostgresServer, $"DROP DATABASE IF EXISTS {seedDb} WITH (FORCE)");
                await EnsureSeededAsync(seedKeys, o, seedSettings);
                await ExecuteAsync(o.PostgresServer, "DROP DATABASE IF EXISTS renhe_load WITH (FORCE)");
                await ExecuteAsync(o.PostgresServer, $"CREATE DATABASE renhe_load TEMPLATE {seedDb}");
                dataDir = Path.Combine(root, "data", "load-run-postgres");
                CopyFresh(seedKeys, dataDir);
                settings.AddRange(["--Database:Provider=Postgres", $"--ConnectionStrings:Renhe={o.PostgresServer};Database=renhe_load"]);
            }

            var instances = o.Target == "postgres-2" ? 2 : 1;
            var ports = new List<int>();
            for (var i = 0; i < instances; i++)
            {
                // One after the other: the first start checks the demo data (and would seed it) alone.
                var port = PageTimings.FreePort();
                var app = StartApp(dataDir, o.Scale, port, settings, $"app{i + 1}");
                deployment._processes.Add(app);
                await PageTimings.WaitForHealthAsync($"http://127.0.0.1:{port}", app);
                ports.Add(port);
            }
            if (instances == 1)
            {
                deployment.BaseUrl = $"http://127.0.0.1:{ports[0]}";
                return deployment;
            }

            var proxyPort = PageTimings.FreePort();
            var nginx = StartNginx(Path.Combine(root, "data", "load-nginx"), proxyPort, ports);
            deployment._processes.Add(nginx);
            await PageTimings.WaitForHealthAsync($"http://127.0.0.1:{proxyPort}", nginx);
            deployment.BaseUrl = $"http://127.0.0.1:{proxyPort}";
            return deployment;
        }

        public ValueTask DisposeAsync()
        {
            foreach (var p in Enumerable.Reverse(_processes))
            {
                if (!p.HasExited) p.Kill(entireProcessTree: true);
                p.WaitForExit(10_000);
                p.Dispose();
            }
            return ValueTask.CompletedTask;
        }
    }

    private static async Task EnsureSeededAsync(string dir, Options o, List<string> settings)
    {
        if (File.Exists(Path.Combine(dir, "seeded"))) return;
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Console.WriteLine($"// seeding the ×{o.Scale} demo into {dir} (once; a few minutes)");
        var clock = Stopwatch.StartNew();
        using (var app = StartApp(dir, o.Scale, PageTimings.FreePort(), settings, "seed", out var url))
        {
            await PageTimings.WaitForHealthAsync(url, app);
            // Stopped gracefully, so SQLite checkpoints its log into the file that is copied.
            StopGracefully(app);
        }
        await File.WriteAllTextAsync(Path.Combine(dir, "seeded"), DateTime.UtcNow.ToString("O"));
        Console.WriteLine($"// seeded in {clock.Elapsed.TotalMinutes:F1} min");
    }

    private static void StopGracefully(Process app)
    {
        // SIGTERM: the host stops and disposes its services.
        using (var kill = Process.Start("kill", ["-TERM", app.Id.ToString(CultureInfo.InvariantCulture)])) kill.WaitForExit();
        if (!app.WaitForExit(30_000)) app.Kill(entireProcessTree: true);
    }

    private static void CopyFresh(string from, string to)
    {
        if (Directory.Exists(to)) Directory.Delete(to, recursive: true);
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(dir.Replace(from, to, StringComparison.Ordinal));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server + ";Database=postgres");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static Process StartApp(string dataDir, int scale, int port, List<string> settings, string name) =>
        StartApp(dataDir, scale, port, settings, name, out _);

    private static Process StartApp(string dataDir, int scale, int port, List<string> settings, string name, out string url)
    {
        Directory.CreateDirectory(dataDir);
        url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
                 {
                     typeof(Program).Assembly.Location, "--demo", "--data-dir", dataDir, "--urls", url,
                     $"--Demo:SalesScale={scale}", "--Logging:LogLevel:Default=Warning",
                 }.Concat(settings))
            start.ArgumentList.Add(arg);
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        var process = Process.Start(start)!;
        // The server's log (warnings and errors) goes to a file beside the reports.
        var log = TextWriter.Synchronized(new StreamWriter(Path.Combine(SearchArchive.RepositoryRoot(), "BenchmarkDotNet.Artifacts", "load", $"{name}.log"), append: true) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) log.WriteLine(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) log.WriteLine(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// nginx in front of the instances, from bench/Renhe.Benchmarks/load-nginx.conf.
    private static Process StartNginx(string prefix, int port, List<int> upstreams)
    {
        if (Directory.Exists(prefix)) Directory.Delete(prefix, recursive: true);
        Directory.CreateDirectory(Path.Combine(prefix, "logs"));
        var template = File.ReadAllText(Path.Combine(SearchArchive.RepositoryRoot(), "bench", "Renhe.Benchmarks", "load-nginx.conf"));
        var conf = template.Replace("{{PORT}}", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{PREFIX}}", prefix, StringComparison.Ordinal)
            .Replace("{{UPSTREAMS}}", string.Join("\n        ", upstreams.Select(p => $"server 127.0.0.1:{p};")), StringComparison.Ordinal);
        var file = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(file, conf);
        var start = new ProcessStartInfo("nginx") { UseShellExecute = false };
        foreach (var arg in new[] { "-p", prefix, "-c", file, "-g", "daemon off;" }) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    /// CPU time (user + system) of the server's processes, the PostgreSQL backends serving
    /// renhe_load, this client, and the whole machine, to say where the two cores went.
    private sealed class CpuSnapshot
    {
        private readonly Dictionary<string, double> _seconds = [];
        private double _machineBusy, _machineTotal;

        public static CpuSnapshot Take(IReadOnlyList<(string Name, int Pid)> pids)
        {
            var s = new CpuSnapshot();
            foreach (var (name, pid) in pids)
            {
                s.Add(name, ProcessSeconds(pid));
                if (name == "nginx")
                    foreach (var child in Children(pid)) s.Add("nginx", ProcessSeconds(child));
            }
            s.Add("client", ProcessSeconds(Environment.ProcessId));
            foreach (var dir in Directory.GetDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
                try
                {
                    var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                    if (cmdline.StartsWith("postgres:", StringComparison.Ordinal) && cmdline.Contains(" renhe_load ", StringComparison.Ordinal))
                        s.Add($"postgres:{pid}", ProcessSeconds(pid));
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
            var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(double.Parse).ToArray();
            s._machineTotal = cpu.Sum() / 100;
            s._machineBusy = (cpu.Sum() - cpu[3] - cpu[4]) / 100;
            return s;
        }

        private void Add(string key, double seconds) => _seconds[key] = _seconds.GetValueOrDefault(key) + seconds;

        public double ServerSecondsSince(CpuSnapshot from) =>
            _seconds.Where(kv => kv.Key == "app" || kv.Key.StartsWith("postgres:", StringComparison.Ordinal))
                .Sum(kv => kv.Value - from._seconds.GetValueOrDefault(kv.Key));

        public string Describe(CpuSnapshot to, double seconds, int requests)
        {
            double Delta(Func<string, bool> which) =>
                to._seconds.Where(kv => which(kv.Key)).Sum(kv => kv.Value - _seconds.GetValueOrDefault(kv.Key));
            var app = Delta(k => k == "app");
            var postgres = Delta(k => k.StartsWith("postgres:", StringComparison.Ordinal));
            var nginx = Delta(k => k == "nginx");
            var client = Delta(k => k == "client");
            var busy = to._machineBusy - _machineBusy;
            var total = to._machineTotal - _machineTotal;
            return string.Create(CultureInfo.InvariantCulture,
                $"CPU over the measured {seconds:F0} s (cores busy): server {app / seconds:F2}, PostgreSQL backends {postgres / seconds:F2}, nginx {nginx / seconds:F2}, load client {client / seconds:F2}, whole machine {busy / total * 2:F2} of 2; server CPU per request {(requests > 0 ? app / requests * 1000 : 0):F1} ms");
        }

        private static double ProcessSeconds(int pid)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name.
                return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100;
            }
            catch (IOException)
            {
                return 0;
            }
        }

        private static IEnumerable<int> Children(int pid)
        {
            var path = $"/proc/{pid}/task/{pid}/children";
            return File.Exists(path)
                ? File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))
                : [];
        }
    }
}
