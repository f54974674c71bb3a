using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Renhe.Tests.Infrastructure;

/// The built program (`dotnet Renhe.dll …`) as a process of its own, for tests that must stop it
/// the hard way: its output collected line by line, a wait for a line that shows how far it got,
/// and <see cref="KillHardAsync"/>, which is SIGKILL (kill -9): no shutdown code runs, nothing is flushed.
/// Settings beyond the command line (the database) are environment variables, as an operator
/// would set them.
public sealed class RenheProgram : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waits = [];

    private RenheProgram(Process process) => _process = process;

    public static RenheProgram Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo(TestEnvironment.DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        // Run as an operator would, in Production, with nothing of the test run's environment.
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (key, value) in environment) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var program = new RenheProgram(new Process { StartInfo = start, EnableRaisingEvents = true });
        program._process.OutputDataReceived += (_, e) => program.Append(e.Data);
        program._process.ErrorDataReceived += (_, e) => program.Append(e.Data);
        program._process.Start();
        program._process.BeginOutputReadLine();
        program._process.BeginErrorReadLine();
        return program;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// Waits for a line of output that <paramref name="match"/> accepts (one already written counts),
    /// and fails with the output so far when the program exits or the time runs out first.
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            var earlier = _output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(match);
            if (earlier is not null) return earlier;
            _waits.Add((match, seen));
        }
        var exited = _process.WaitForExitAsync();
        var finished = await Task.WhenAny(seen.Task, exited, Task.Delay(timeout));
        if (finished == seen.Task) return await seen.Task;
        Assert.Fail((finished == exited ? $"The program exited ({_process.ExitCode})" : $"Nothing matched within {timeout.TotalSeconds:0} s")
                    + " before the line awaited. Output:\n" + Tail());
        return "";
    }

    /// SIGKILL, as `kill -9` sends: the process gets no chance to commit, roll back or flush anything.
    public async Task KillHardAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// Waits for the program to end by itself and returns its exit code.
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The program did not finish within {timeout.TotalMinutes:0} minutes. Output:\n{Tail()}");
        }
        return _process.ExitCode;
    }

    /// The program as a web server on a free port, once /health answers.
    public static async Task<(RenheProgram Program, Uri BaseUrl)> StartServerAsync(IReadOnlyDictionary<string, string> environment,
        params string[] args)
    {
        var baseUrl = new Uri($"http://127.0.0.1:{TestEnvironment.FreePort()}");
        var program = Start(environment, [.. args, "--urls", baseUrl.ToString().TrimEnd('/')]);
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (program.HasExited) Assert.Fail($"The program exited ({program._process.ExitCode}) before /health answered:\n{program.Tail()}");
            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK) return (program, baseUrl);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        Assert.Fail($"GET {baseUrl}health did not answer 200 within 3 minutes:\n{program.Tail()}");
        return default;
    }

    public string Tail(int characters = 8000)
    {
        var output = Output;
        return output[Math.Max(0, output.Length - characters)..];
    }

    private void Append(string? line)
    {
        if (line is null) return;
        List<TaskCompletionSource<string>> matched = [];
        lock (_output)
        {
            _output.AppendLine(line);
            for (var i = _waits.Count - 1; i >= 0; i--)
            {
                if (!_waits[i].Match(line)) continue;
                matched.Add(_waits[i].Seen);
                _waits.RemoveAt(i);
            }
        }
        foreach (var seen in matched) seen.TrySetResult(line);
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
