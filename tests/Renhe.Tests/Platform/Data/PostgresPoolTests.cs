using System.Net;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Renhe.Platform.Data;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Data;

/// How many connections one instance takes from the PostgreSQL server when many requests come at once.
[Trait("Category", "Postgres")]
public sealed class PostgresPoolTests(PostgresRenheFactory factory) : DatabaseSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>
{
    [Fact]
    public async Task A_burst_of_requests_waits_for_the_instances_own_connections_instead_of_taking_the_servers()
    {
        var lisi = await Factory.ClientForAsync("lisi");
        var auditor = await Factory.ClientForAsync("auditor");
        string database;
        await using (var db = Factory.OpenDb()) database = db.Database.GetDbConnection().Database;

        // Eighty people at once: customer lists, and archive searches (three queries in parallel each).
        using var burstDone = new CancellationTokenSource();
        var most = 0;
        var sampler = Task.Run(async () =>
        {
            await using var server = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
            await server.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = @db", server);
            count.Parameters.AddWithValue("db", database);
            while (!burstDone.IsCancellationRequested)
            {
                most = Math.Max(most, Convert.ToInt32(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
                await Task.Delay(5);
            }
        });
        var responses = await Task.WhenAll(Enumerable.Range(0, 80).Select(i => i % 2 == 0
            ? lisi.GetAsync("/api/sales/customers?page=1&pageSize=50")
            : auditor.GetAsync("/api/risk/archive/search?q=%E4%BB%B7%E6%A0%BC&page=1&pageSize=20")));
        await burstDone.CancelAsync();
        await sampler;

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.InRange(most, 1, DatabaseSetup.DefaultPostgresPoolSize);
    }
}
