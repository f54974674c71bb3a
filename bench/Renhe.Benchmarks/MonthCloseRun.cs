using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Storage.Internal.Mapping;
using Renhe.Modules.Commission.Statements;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales.Orders;
using Renhe.Platform;
using Renhe.Platform.Data;
using Renhe.Platform.Security;
using Renhe.Platform.Setup;
using Renhe.Platform.Time;

namespace Renhe.Benchmarks;

/// `month-close [Sqlite|Postgres …] [people] [orders per person]`: the commission month close at
/// scale, timed with a Stopwatch (one close is one operation: BenchmarkDotNet's repetitions would
/// need a fresh month each time). A fresh database per provider (SQLite file in a temporary folder,
/// PostgreSQL database renhe_bench_close on the server of RENHE_BENCH_POSTGRES, dropped first),
/// migrated and seeded with the demo company (its plan applies to 销售部), then generated below EF:
/// 5,000 salespeople in 销售部 by default, each with 50 customers entered 60 days before the month
/// (custody and a stage change each, half of them moved to 意向 in the month) and 100 effective
/// orders in the month over those customers (two each: a first order and a repurchase), and two
/// refunds per person in the month. Then StatementCloseService.CloseAsync on the month, as finance
/// calls it: load (MeasureFactsLoader), compute (the kernel), write statements, lines and payable
/// entries. Prints the close's wall time, its compute and write parts, the CPU time this process
/// spent on it (the database server's, on PostgreSQL, is not in it) and the load average.
public static class MonthCloseRun
{
    private const int CustomersPerPerson = 50;

    public static async Task RunAsync(string[] args)
    {
        var providers = args.Where(a => a is "Sqlite" or "Postgres").DefaultIfEmpty("Sqlite").ToList();
        var numbers = args.Where(a => int.TryParse(a, out _)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToList();
        var people = numbers.Count > 0 ? numbers[0] : 5_000;
        var ordersEach = numbers.Count > 1 ? numbers[1] : 100;
        foreach (var provider in providers)
        {
            if (provider == "Postgres" && SearchArchive.PostgresProblem() is { } problem)
            {
                Console.WriteLine($"// PostgreSQL skipped: {problem}");
                continue;
            }
            await RunOneAsync(provider, people, ordersEach);
        }
    }

    private static string PostgresConnection =>
        new NpgsqlConnectionStringBuilder(SearchArchive.PostgresConnection) { Database = "renhe_bench_close", Timeout = 15, CommandTimeout = 600 }.ToString();

    private static async Task RunOneAsync(string provider, int people, int ordersEach)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "renhe-bench-close-" + provider.ToLowerInvariant());
        if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
        if (provider == "Postgres")
        {
            await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(SearchArchive.PostgresConnection) { Database = "postgres" }.ToString());
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand("DROP DATABASE IF EXISTS renhe_bench_close WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider, ["Demo:Enabled"] = "true", ["Demo:Chats"] = "false", ["Demo:SalesActivity"] = "false",
            ["Logging:LogLevel:Default"] = "Warning", ["DataDir"] = dataDir, ["Jobs:Enabled"] = "false",
        };
        if (provider == "Postgres") settings["ConnectionStrings:Renhe"] = PostgresConnection;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddRenhe();
        await using var app = builder.Build();
        await app.InitialiseAsync();

        var calendar = app.Services.GetRequiredService<BranchCalendar>();
        var zone = await calendar.CompanyZoneAsync(CancellationToken.None);
        var month = BranchCalendar.FirstOfMonth(calendar.Today(zone)).AddMonths(-1);
        var generated = Stopwatch.StartNew();
        var counts = await GenerateAsync(app, provider, month, zone, people, ordersEach);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// {provider}: generated {counts} in {generated.Elapsed.TotalSeconds:N1} s"));

        // Where the time goes, first (each on its own, CPU time of this process): the facts alone,
        // then the whole calculation (facts included), then the close as finance calls it.
        if (Environment.GetEnvironmentVariable("RENHE_BENCH_CLOSE_PARTS") == "1")
        {
            var dbs = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
            await using var partsDb = await dbs.CreateDbContextAsync();
            var ids = await partsDb.Employees.Where(e => e.EmployeeNumber.StartsWith("B")).Select(e => e.Id).ToListAsync();
            var proc = Process.GetCurrentProcess();
            var cpu0 = proc.TotalProcessorTime;
            var w = Stopwatch.StartNew();
            await Renhe.Platform.Measures.MeasureFactsLoader.LoadAsync(partsDb, ids, BranchCalendar.StartUtc(month, zone).AddDays(-180),
                BranchCalendar.StartUtc(month.AddMonths(1), zone), CancellationToken.None);
            proc.Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// {provider}: facts alone {w.Elapsed.TotalSeconds:N2} s wall, {(proc.TotalProcessorTime - cpu0).TotalSeconds:N2} s CPU"));
            cpu0 = proc.TotalProcessorTime;
            w.Restart();
            await CommissionCalculator.ComputeAsync(partsDb, month, zone, null, CancellationToken.None);
            proc.Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// {provider}: calculation {w.Elapsed.TotalSeconds:N2} s wall, {(proc.TotalProcessorTime - cpu0).TotalSeconds:N2} s CPU"));
        }

        // As finance calls it (the service reads who closes from the current user; none here).
        await using var scope = app.Services.CreateAsyncScope();
        var close = scope.ServiceProvider.GetRequiredService<StatementCloseService>();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var result = await close.CloseAsync(month, CancellationToken.None);
        wall.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// {provider}: closed {month:yyyy-MM}: {result.Statements:N0} statements, {result.Lines:N0} lines, total {result.TotalFen / 100m:N2} yuan"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// {provider}: close {wall.Elapsed.TotalSeconds:N2} s (load and compute {result.Compute.TotalSeconds:N2} s, write {result.Write.TotalSeconds:N2} s); this process's CPU time {cpu.TotalSeconds:N2} s; load average {load}"));
        if (provider == "Postgres") NpgsqlConnection.ClearAllPools();
    }

    private static async Task<string> GenerateAsync(WebApplication app, string provider, DateOnly month, TimeZoneInfo zone, int people, int ordersEach)
    {
        var dbs = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await dbs.CreateDbContextAsync();
        var sales = await db.Departments.Where(d => d.Name == "销售部").Select(d => new { d.Id, d.BranchId }).SingleAsync();
        var start = BranchCalendar.StartUtc(month, zone);
        var days = (BranchCalendar.StartUtc(month.AddMonths(1), zone) - start).TotalDays;
        var random = new Random(20261207);

        var employees = new List<Employee>(people);
        var customers = new List<Customer>(people * CustomersPerPerson);
        var custody = new List<CustodyEntry>(people * CustomersPerPerson);
        var stages = new List<StageChange>(people * CustomersPerPerson * 3 / 2);
        var orders = new List<Order>(people * ordersEach);
        var adjustments = new List<OrderAdjustment>(people * 2);
        for (var p = 0; p < people; p++)
        {
            var e = new Employee
            {
                EmployeeNumber = string.Create(CultureInfo.InvariantCulture, $"B{p:00000}"), Name = string.Create(CultureInfo.InvariantCulture, $"销售{p:00000}"),
                BranchId = sales.BranchId, DepartmentId = sales.Id, HireDate = month.AddYears(-2), Status = EmploymentStatus.Active,
            };
            employees.Add(e);
            var entered = start.AddDays(-60);
            var mine = new List<Customer>(CustomersPerPerson);
            for (var c = 0; c < CustomersPerPerson; c++)
            {
                var (customer, held, lead) = Customer.Enter(e.Id, CustodyReason.Created, null, ChangedBy.System, entered);
                customer.Name = string.Create(CultureInfo.InvariantCulture, $"客户{p:00000}-{c:00}");
                customers.Add(customer);
                custody.Add(held);
                stages.Add(lead);
                if (c % 2 == 0) stages.Add(customer.MoveStage(CustomerStage.Intent, null, ChangedBy.System, start.AddDays(random.NextDouble() * 10)));
                mine.Add(customer);
            }
            for (var o = 0; o < ordersEach; o++)
            {
                var at = start.AddDays(random.NextDouble() * days);
                var fen = (long)random.Next(500, 20_000) * 100;
                orders.Add(new Order
                {
                    Number = string.Create(CultureInfo.InvariantCulture, $"SO-B{p:00000}-{o:000}"), CustomerId = mine[o % CustomersPerPerson].Id,
                    SalespersonId = e.Id, Status = OrderStatus.Effective, ListTotalFen = fen, TotalFen = fen, CreatedAt = at, SubmittedAt = at, EffectiveAt = at,
                    IsRepurchase = o >= CustomersPerPerson,
                });
            }
            for (var r = 0; r < 2; r++)
            {
                var refunded = orders[^(1 + r * 7)];
                adjustments.Add(new OrderAdjustment
                {
                    OrderId = refunded.Id, Kind = OrderAdjustmentKind.Refund, AmountFen = refunded.TotalFen / 4, Reason = "退部分货款",
                    At = refunded.EffectiveAt!.Value.AddMinutes(30) < start.AddDays(days) ? refunded.EffectiveAt!.Value.AddMinutes(30) : refunded.EffectiveAt!.Value,
                });
            }
        }

        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            await BulkAsync(db, employees);
            await BulkAsync(db, customers);
            await BulkAsync(db, custody);
            await BulkAsync(db, stages);
            await BulkAsync(db, orders);
            await BulkAsync(db, adjustments);
            await tx.CommitAsync();
        }
        await db.Database.ExecuteSqlRawAsync(provider == "Postgres" ? "VACUUM ANALYZE" : "ANALYZE");
        return string.Create(CultureInfo.InvariantCulture,
            $"{employees.Count:N0} salespeople, {customers.Count:N0} customers, {orders.Count:N0} orders, {adjustments.Count:N0} refunds");
    }

    /// Rows of <typeparamref name="T"/> written below EF with the values EF would store (its own
    /// type mappings and converters): a prepared INSERT on SQLite, binary COPY on PostgreSQL.
    private static async Task BulkAsync<T>(AppDbContext db, IReadOnlyList<T> rows) where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T))!;
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var columns = entity.GetProperties().Where(p => p.GetColumnName(store) is not null).ToList();
        var names = columns.Select(p => $"\"{p.GetColumnName(store)}\"").ToList();
        object? Value(IProperty p, T row)
        {
            var value = p.PropertyInfo?.GetValue(row) ?? p.FieldInfo?.GetValue(row);
            var converter = p.GetTypeMapping().Converter;
            return value is not null && converter is not null ? converter.ConvertToProvider(value) : value;
        }

        if (db.Database.IsNpgsql())
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var copy = await connection.BeginBinaryImportAsync($"COPY {table} ({string.Join(", ", names)}) FROM STDIN (FORMAT BINARY)");
            var types = columns.Select(p => p.GetRelationalTypeMapping() is NpgsqlTypeMapping m ? m.NpgsqlDbType : (NpgsqlTypes.NpgsqlDbType?)null).ToList();
            foreach (var row in rows)
            {
                await copy.StartRowAsync();
                for (var i = 0; i < columns.Count; i++)
                {
                    var v = Value(columns[i], row);
                    if (v is null) await copy.WriteNullAsync();
                    else if (types[i] is { } t) await copy.WriteAsync(v, t);
                    else await copy.WriteAsync(v);
                }
            }
            await copy.CompleteAsync();
            return;
        }

        var sqlite = (SqliteConnection)db.Database.GetDbConnection();
        using var insert = sqlite.CreateCommand();
        insert.Transaction = (SqliteTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        insert.CommandText = $"INSERT INTO {table} ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select((_, i) => $"$p{i}"))})";
        for (var i = 0; i < columns.Count; i++) insert.Parameters.Add(new SqliteParameter($"$p{i}", null));
        insert.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
                insert.Parameters[i].Value = Value(columns[i], row) switch
                {
                    null => DBNull.Value,
                    Guid g => g.ToString("D").ToUpperInvariant(),
                    Enum e => Convert.ToInt64(e, CultureInfo.InvariantCulture),
                    var v => v,
                };
            insert.ExecuteNonQuery();
        }
    }
}
