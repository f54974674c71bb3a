namespace Renhe.Tests.Infrastructure;

/// What the machine offers the server- and browser-bound tests. Without PostgreSQL or Chromium
/// those tests are reported as skipped; with RENHE_REQUIRE_ALL=1 (set by .ci/run) a missing
/// server or browser fails them instead, so CI cannot go green without really running them.
public static class TestEnvironment
{
    /// The dotnet host that runs these tests, to start the built program with the same runtime.
    public static string DotnetHost() =>
        Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : "dotnet";

    /// A loopback port nothing listens on right now.
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool RequireAll => Environment.GetEnvironmentVariable("RENHE_REQUIRE_ALL") == "1";

    public static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable("RENHE_TEST_POSTGRES")
        ?? "Host=localhost;Port=5432;Username=postgres;Password=postgres;Timeout=5";

    public static string? ChromiumPath =>
        Environment.GetEnvironmentVariable("RENHE_CHROMIUM") is { Length: > 0 } configured ? configured
        : new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    /// Skips the current test, or fails it when everything is required.
    public static void Unavailable(string what)
    {
        if (RequireAll) Assert.Fail($"{what} is required (RENHE_REQUIRE_ALL=1) but not available.");
        Assert.Skip($"{what} is not available on this machine.");
    }

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Renhe.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (Renhe.slnx).");
        }
    }
}
