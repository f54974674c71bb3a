using BenchmarkDotNet.Running;

namespace Renhe.Benchmarks;

// A named entry class: the application's own top-level Program is visible through the project reference.
public static class BenchmarkProgram
{
    public static async Task Main(string[] args)
    {
        if (args is ["ingest-profile"])
        {
            await IngestProfile.RunAsync();
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
    }
}
