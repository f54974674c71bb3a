using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Sales.Targets;
using Renhe.Platform;
using Renhe.Platform.Data;
using Renhe.Platform.Setup;

namespace Renhe.Benchmarks;

/// What the 今日 and 团队看板 pages cost on each (re)load: TodayService.GetAsync for one
/// salesperson (the day's list already stored, as after the first read of the day) and
/// TeamDashboardService.GetAsync for 销售部 and the current month, on the demo company in a fresh
/// SQLite file (no demo chats). Mean is per view model. The demo holds a few customers and no
/// orders yet; a scale parameter for larger generated activity belongs in the setup here.
[MemoryDiagnoser]
[Config(typeof(InProcess))]
public class TodayBenchmarks
{
    private WebApplication _app = null!;
    private IServiceScope _scope = null!;
    private string _dataDir = "";
    private TodayService _today = null!;
    private TeamDashboardService _dashboard = null!;
    private Guid _zhangsan, _sales;
    private DateOnly _month;

    [GlobalSetup]
    public void Setup()
    {
        _dataDir = Path.Combine(Path.GetTempPath(), "renhe-bench-today-" + Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DataDir"] = _dataDir, ["Database:Provider"] = "Sqlite", ["Demo:Enabled"] = "true", ["Demo:Chats"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddRenhe();
        _app = builder.Build();
        _app.InitialiseAsync().GetAwaiter().GetResult();
        _scope = _app.Services.CreateScope();
        _today = _scope.ServiceProvider.GetRequiredService<TodayService>();
        _dashboard = _scope.ServiceProvider.GetRequiredService<TeamDashboardService>();
        using var db = _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        _zhangsan = db.Employees.Where(e => e.Name == "张三").Select(e => e.Id).Single();
        _sales = db.Departments.Where(d => d.Name == "销售部").Select(d => d.Id).Single();
        _month = db.SalesTargets.Where(t => t.DepartmentId == _sales).Select(t => t.Month).Max();
        // The first read of the day stores the list; the benchmark measures the reads after it.
        _today.GetAsync(_zhangsan, CancellationToken.None).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scope.Dispose();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }

    [Benchmark]
    public async Task<int> Today_view()
    {
        var view = await _today.GetAsync(_zhangsan, CancellationToken.None);
        return view.Tasks.Count + view.FollowUpsDone;
    }

    [Benchmark]
    public async Task<int> Team_dashboard_view()
    {
        var view = await _dashboard.GetAsync(_sales, _month, CancellationToken.None);
        return view.Rows.Count;
    }

    private sealed class InProcess : ManualConfig
    {
        public InProcess()
        {
            // In process, like SearchBenchmarks: no generated project to build on a busy machine.
            AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(15).WithToolchain(InProcessEmitToolchain.Instance));
            AddColumn(StatisticColumn.Median, StatisticColumn.P95);
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }
}
