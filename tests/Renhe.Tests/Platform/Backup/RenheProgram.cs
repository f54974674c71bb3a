using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Backup;

/// The built program as an operator runs it: a verb as its own process until it exits, or a
/// server on a free port until disposed. Started in Production, as from a shell without settings.
public static class RenheProgram
{
    /// src/Renhe/bin/<the tests' configuration>/<framework>/Renhe.dll, as the browser tests start it.
    public static string Dll
    {
        get
        {
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
            var configuration = typeof(RenheProgram).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            return Path.Combine(TestEnvironment.RepositoryRoot, "src", "Renhe", "bin", configuration, framework, "Renhe.dll");
        }
    }

    public sealed record Result(int ExitCode, string Output, string Errors, TimeSpan Took)
    {
        public override string ToString() => $"exit code {ExitCode} after {Took.TotalSeconds:0.0} s\n--- stdout\n{Output}\n--- stderr\n{Errors}";
    }

    public static async Task<Result> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = StartInfo(args, environment);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`dotnet {string.Join(' ', start.ArgumentList)}` did not finish within 5 minutes.");
        }
        var result = new Result(process.ExitCode, await output, await errors, clock.Elapsed);
        TestContext.Current.TestOutputHelper?.WriteLine($"$ renhe {string.Join(' ', args)}\n{result}");
        return result;
    }

    public static async Task<RenheServer> StartAsync(IEnumerable<string> args, TimeSpan startupTimeout)
    {
        var baseUrl = new Uri($"http://127.0.0.1:{TestEnvironment.FreePort()}");
        var server = new RenheServer(baseUrl, StartInfo(args.Concat(["--urls", baseUrl.ToString().TrimEnd('/')]), null));
        await server.WaitUntilHealthyAsync(startupTimeout);
        return server;
    }

    private static ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment)
    {
        var start = new ProcessStartInfo(TestEnvironment.DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(Dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>()) start.Environment[key] = value;
        return start;
    }


}

/// A running Renhe; disposing it stops it.
public sealed class RenheServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    internal RenheServer(Uri baseUrl, ProcessStartInfo start)
    {
        BaseUrl = baseUrl;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri BaseUrl { get; }

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    internal async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"Renhe exited with code {_process.ExitCode} before /health answered.\n{Log}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    TestContext.Current.TestOutputHelper?.WriteLine($"Renhe at {BaseUrl} answered /health after {clock.Elapsed.TotalSeconds:0.0} s");
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"Renhe at {BaseUrl} did not answer /health within {timeout.TotalSeconds:0} s.\n{Log}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try { await _process.WaitForExitAsync(wait.Token); } catch (OperationCanceledException) { }
        }
        _process.Dispose();
    }
}
