using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace Renhe.Tests.Infrastructure;

/// The built program started as an operator starts it (`dotnet Renhe.dll …`), as its own process on
/// a free loopback port with a throw-away data folder, in the Production environment. For tests of
/// what only a real process shows: its console output, its telemetry, its connection pool living
/// through a database outage. Settings are passed as environment variables (`A:B` as `A__B`).
public sealed class RenheServer : IAsyncDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly string _dataDir;

    private RenheServer(Process process, Uri baseUrl, string dataDir)
    {
        _process = process;
        BaseUrl = baseUrl;
        _dataDir = dataDir;
    }

    public Uri BaseUrl { get; }

    /// The lines the program wrote to standard output so far.
    public IReadOnlyList<string> StandardOutput
    {
        get { lock (_stdout) return [.. _stdout]; }
    }

    /// Everything the program wrote so far, for failure messages.
    public string Output
    {
        get
        {
            lock (_stdout) lock (_stderr)
                return string.Join('\n', _stdout) + (_stderr.Count > 0 ? "\nstderr:\n" + string.Join('\n', _stderr) : "");
        }
    }

    /// Starts the program and waits until /health/live answers, which it does only once the
    /// program's start-up work (migrations, seeding) is done and it serves requests.
    public static async Task<RenheServer> StartAsync(IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        var dll = typeof(Program).Assembly.Location;
        var dataDir = Path.Combine(Path.GetTempPath(), "renhe-tests", "server-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        var baseUrl = new Uri($"http://127.0.0.1:{TestEnvironment.FreePort()}");
        var start = new ProcessStartInfo(TestEnvironment.DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--urls", baseUrl.ToString().TrimEnd('/'), "--data-dir", dataDir }.Concat(args))
            start.ArgumentList.Add(arg);
        foreach (var name in new[] { "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "ASPNETCORE_URLS", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL" })
            start.Environment.Remove(name);
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = new Process { StartInfo = start };
        var server = new RenheServer(process, baseUrl, dataDir);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (server._stdout) server._stdout.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (server._stderr) server._stderr.Add(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (clock.Elapsed < StartupTimeout)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync();
                var output = server.Output;
                await server.DisposeAsync();
                throw new InvalidOperationException($"`dotnet {string.Join(' ', start.ArgumentList)}` exited with code {process.ExitCode} before /health/live answered.\n{output}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri("/health/live", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK) return server;
                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex.Message;
            }
            await Task.Delay(250);
        }
        var log = server.Output;
        await server.DisposeAsync();
        throw new TimeoutException($"GET {baseUrl}health/live did not answer 200 within {StartupTimeout.TotalSeconds:0} s (last: {last}).\n{log}");
    }

    public HttpClient CreateClient(string culture = "zh-CN")
    {
        var client = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(culture));
        return client;
    }

    /// A client with a demo user's bearer token (the program must run with --demo).
    public async Task<HttpClient> ClientForAsync(string userName, string culture = "zh-CN")
    {
        var client = CreateClient(culture);
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = RenheFactory.DemoPassword });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<RenheFactory.TokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    /// Stops the program as a service manager does (SIGTERM), so that it shuts down in order and
    /// flushes what it buffered; killed if it has not ended within 20 s.
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            await kill.WaitForExitAsync();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync(); // drains the redirected output
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try { await _process.WaitForExitAsync(wait.Token); } catch (OperationCanceledException) { }
            }
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        _process.Dispose();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }


}
