using System.Diagnostics;

namespace Renhe.Tests.Infrastructure;

/// Base of the HTTP suites that run once per database: each test first checks that the factory's
/// database server is there (skip, or fail under RENHE_REQUIRE_ALL=1).
public abstract class DatabaseSuite<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : RenheFactory
{
    protected TFactory Factory { get; } = factory;

    public ValueTask InitializeAsync()
    {
        Factory.SkipIfUnavailable();
        return ValueTask.CompletedTask;
    }

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// Runs the built program as a newcomer would (`dotnet Renhe.dll <verb> …`) and collects its output.
public static class RenheProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
