using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Renhe.Tests.Infrastructure;

/// A PostgreSQL server of one test's own: a cluster made by initdb in a temporary folder and started
/// on a free loopback port, so that the test may stop and start it at will. The server on 5432
/// belongs to every other test and is never touched. As root the server's programs run as the
/// postgres user (PostgreSQL refuses to run as root).
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _root;

    private PrivatePostgres(string bin, string root, int port)
    {
        _bin = bin;
        _root = root;
        Port = port;
    }

    public int Port { get; }

    private string DataDir => Path.Combine(_root, "data");

    /// The newest installed server's programs (/usr/lib/postgresql/&lt;version&gt;/bin), or null.
    public static string? BinDirectory =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
                .OrderBy(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .LastOrDefault()
            : null;

    private static bool IsRoot => Environment.UserName == "root";

    /// Creates and starts the cluster; the test is skipped (failed under RENHE_REQUIRE_ALL=1) when
    /// PostgreSQL's server programs are not installed.
    public static async Task<PrivatePostgres> StartAsync()
    {
        var bin = BinDirectory;
        if (bin is null) TestEnvironment.Unavailable("PostgreSQL's initdb (/usr/lib/postgresql/<version>/bin)");
        var root = Path.Combine(Path.GetTempPath(), "renhe-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        if (IsRoot) await RunAsync("chown", "postgres:postgres", root);
        var cluster = new PrivatePostgres(bin!, root, TestEnvironment.FreePort());
        try
        {
            await cluster.PgAsync("initdb", "-D", cluster.DataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
            await cluster.StartServerAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Timeout = 5,
    }.ToString();

    /// Starts the server (again) on the same folder and port, and waits until it accepts connections.
    public Task StartServerAsync() =>
        PgAsync("pg_ctl", "-D", DataDir, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {_root} -c listen_addresses=127.0.0.1", "start");

    /// Stops the server the way an operator's restart does: open sessions are ended, work in progress
    /// is rolled back, and the server is down when this returns.
    public Task StopServerAsync() => PgAsync("pg_ctl", "-D", DataDir, "-m", "fast", "-w", "-t", "60", "stop");

    /// The server's log, for failure messages.
    public string ServerLog => File.Exists(Path.Combine(_root, "server.log")) ? File.ReadAllText(Path.Combine(_root, "server.log")) : "";

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(DataDir, "postmaster.pid")))
                await PgAsync("pg_ctl", "-D", DataDir, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already down.
        }
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private Task PgAsync(string program, params string[] args)
    {
        var path = Path.Combine(_bin, program);
        return IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args]) : RunAsync(path, args);
    }

    private static async Task RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"`{program} {string.Join(' ', args)}` exited with code {process.ExitCode}:\n{await stdout}{await stderr}");
    }
}
