using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Operations;

/// PostgreSQL goes away under load (an operator restarts it, the host reboots) and comes back. Renhe
/// runs as its own process on a server of the test's own, so its connection pool lives through the
/// outage exactly as in production.
[Trait("Category", "Postgres")]
public sealed class PostgresOutageTests
{
    private const string NamePrefix = "停机验证";
    private const int Workers = 6;

    private static readonly Dictionary<string, string> Unavailable = new()
    {
        ["zh-CN"] = "数据库暂时无法访问，请稍后再试。",
        ["en"] = "The database cannot be reached right now. Please try again shortly.",
    };

    [Fact]
    public async Task While_PostgreSQL_is_down_requests_get_503_in_their_language_and_Renhe_recovers_by_itself_with_nothing_half_written()
    {
        var output = TestContext.Current.TestOutputHelper;
        var clock = Stopwatch.StartNew();
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var server = await RenheServer.StartAsync(new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Renhe"] = postgres.ConnectionString("renhe"),
            // The demo people suffice; six months of sales and chats would only slow the start.
            ["Demo:SalesActivity"] = "false",
            ["Demo:Chats"] = "false",
        }, "--demo");
        output?.WriteLine($"cluster and Renhe started in {clock.Elapsed.TotalSeconds:0.0} s");
        var load = new Load(await server.ClientForAsync("lisi", "zh-CN"), await server.ClientForAsync("lisi", "en"));
        using var probe = server.CreateClient();

        try
        {
            // Up: reads and writes from several callers at once are all served (and fill the pool).
            var up = await load.RunAsync(TimeSpan.FromSeconds(2));
            Assert.True(up.All(r => r.Served), Describe("before the outages", up));

            // A quiet restart (the night's maintenance): nobody asks while the server is away, so the
            // pool still holds its connections, each one broken, when it comes back. One request may
            // draw a broken one and be told to try again; Npgsql then drops the rest with it (a server
            // shutdown clears the pool), so every later request is served, not one failure per
            // pooled connection.
            var pooled = await RenheConnectionsAsync(postgres);
            Assert.True(pooled > 1, $"Renhe held {pooled} connection(s) when the server stopped; the quiet restart needs several to mean anything.");
            await postgres.StopServerAsync();
            await postgres.StartServerAsync();
            var afterQuiet = await load.OneByOneAsync(12);
            var failedAfterQuiet = afterQuiet.Where(r => !r.Served).ToList();
            Assert.True(failedAfterQuiet.Count <= 1 && failedAfterQuiet.All(r => r.Status == HttpStatusCode.ServiceUnavailable && r.Detail == Unavailable[r.Culture]),
                Describe("one by one after the quiet restart", afterQuiet));
            await WaitForReadyAsync(probe, TimeSpan.FromSeconds(30));

            // An outage under load: every API call is told the database is away, in the caller's
            // language, and that it may retry; none gets a 500.
            await postgres.StopServerAsync();
            var stoppedAt = clock.Elapsed;
            await AssertNotReadyButLiveAsync(probe);
            var down = await load.RunAsync(TimeSpan.FromSeconds(2));
            Assert.True(down.Count > 0 && down.All(r => r.Status == HttpStatusCode.ServiceUnavailable && r.Detail == Unavailable[r.Culture] && r.RetryAfter),
                Describe("during the outage", down));
            await postgres.StartServerAsync();
            var downFor = clock.Elapsed - stoppedAt;
            // Back: ready again by itself, without restarting Renhe, and from then on every request is
            // served: no connection broken by the restart is handed out again.
            var readyAfterBusy = await WaitForReadyAsync(probe, TimeSpan.FromSeconds(30));
            var after = await load.RunAsync(TimeSpan.FromSeconds(2));
            Assert.True(after.All(r => r.Served), Describe("after the outage", after));

            // Nothing half-written: every customer the API created has its custody entry, its first
            // stage and its audit entry, and every write it confirmed is there.
            IReadOnlyList<Result> all = [.. up, .. afterQuiet, .. down, .. after];
            var rows = await CustomerRowsAsync(postgres);
            var confirmed = all.Where(r => r.CreatedId is not null).Select(r => r.CreatedId!.Value).ToList();
            Assert.All(rows, r => Assert.True(r is { Custody: 1, Stages: 1, Audits: 1 },
                $"customer {r.Id}: {r.Custody} custody entries, {r.Stages} stage changes, {r.Audits} audit entries"));
            Assert.Empty(confirmed.Except(rows.Select(r => r.Id)));
            var attempted = all.Count(r => r.Kind == "write");
            Assert.InRange(rows.Count, confirmed.Count, attempted);

            output?.WriteLine($"ready {readyAfterBusy.TotalSeconds:0.0} s after the server came back from {downFor.TotalSeconds:0.0} s down under load");
            output?.WriteLine($"{pooled} pooled connections broken by the quiet restart; {failedAfterQuiet.Count} request(s) failed after it");
            output?.WriteLine($"before: {Summary(up)}; after the quiet restart: {Summary(afterQuiet)}; during the outage: {Summary(down)}; after it: {Summary(after)}");
            output?.WriteLine($"{rows.Count} customers stored of {attempted} writes sent ({confirmed.Count} confirmed); test took {clock.Elapsed.TotalSeconds:0.0} s");
        }
        catch
        {
            output?.WriteLine($"Renhe's output:\n{server.Output}\n\nPostgreSQL's log:\n{postgres.ServerLog}");
            throw;
        }
    }

    /// While the server is down: not ready, naming the database; still live, so nobody restarts a
    /// healthy process.
    private static async Task AssertNotReadyButLiveAsync(HttpClient probe)
    {
        using (var ready = await probe.GetAsync("/health/ready"))
        {
            var body = await ready.Content.ReadAsStringAsync();
            Assert.True(ready.StatusCode == HttpStatusCode.ServiceUnavailable, $"ready during the outage: {(int)ready.StatusCode} {body}");
            using var report = JsonDocument.Parse(body);
            var database = report.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "database");
            Assert.Equal("Unhealthy", database.GetProperty("status").GetString());
        }
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/live")).StatusCode);
    }

    /// How long /health/ready took to answer 200.
    private static async Task<TimeSpan> WaitForReadyAsync(HttpClient probe, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < limit)
        {
            using var response = await probe.GetAsync("/health/ready");
            if (response.StatusCode == HttpStatusCode.OK) return clock.Elapsed;
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            await Task.Delay(200);
        }
        Assert.Fail($"/health/ready did not answer 200 within {limit.TotalSeconds:0} s of the server's return (last: {last})");
        return default;
    }

    /// The connections Renhe's pool holds open to the server (the test's own, unpooled, excepted).
    private static async Task<long> RenheConnectionsAsync(PrivatePostgres postgres)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString("renhe") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = 'renhe' AND pid <> pg_backend_pid()", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<CustomerRow>> CustomerRowsAsync(PrivatePostgres postgres)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString("renhe"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT c."Id",
                   (SELECT count(*) FROM sales_custody_entry e WHERE e."CustomerId" = c."Id"),
                   (SELECT count(*) FROM sales_stage_change s WHERE s."CustomerId" = c."Id"),
                   (SELECT count(*) FROM platform_audit_entry a WHERE a."Entity" = 'sales_customer' AND a."EntityKey" = c."Id"::text)
            FROM sales_customer c WHERE c."Name" LIKE @prefix
            """, connection);
        command.Parameters.AddWithValue("prefix", NamePrefix + "%");
        var rows = new List<CustomerRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(new CustomerRow(reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        Assert.NotEmpty(rows);
        return rows;
    }

    private static string Summary(IReadOnlyList<Result> results) =>
        string.Join(", ", results.GroupBy(r => (r.Kind, (int)r.Status)).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.Kind} {g.Key.Item2}"));

    private static string Describe(string when, IReadOnlyList<Result> results) =>
        $"{when}: {Summary(results)}\n" + string.Join('\n', results.Where(r => !r.Served).Take(10).Select(r => $"{r.Kind} {(int)r.Status} {r.Body}"));

    private sealed record CustomerRow(Guid Id, long Custody, long Stages, long Audits);

    private sealed record Result(string Kind, string Culture, HttpStatusCode Status, string Body, string? Detail, bool RetryAfter, Guid? CreatedId)
    {
        public bool Served => (int)Status is >= 200 and < 300;
    }

    /// Several callers at once, each in a loop of: enter a customer (one save writing the customer,
    /// its custody entry, its first stage and their audit entries), list customers, open the last one.
    /// Bounded by time; every response is kept.
    private sealed class Load(HttpClient chinese, HttpClient english)
    {
        private int _sequence;
        private Guid? _lastCreated;

        /// One request after the other, alternating languages and kinds, in the order a single person works.
        public async Task<IReadOnlyList<Result>> OneByOneAsync(int count)
        {
            var results = new List<Result>();
            for (var step = 0; step < count; step++)
                results.Add(await StepAsync(step % 2 == 0 ? (chinese, "zh-CN") : (english, "en"), step / 2));
            return results;
        }

        public async Task<IReadOnlyList<Result>> RunAsync(TimeSpan duration)
        {
            var results = new ConcurrentBag<Result>();
            var until = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Workers).Select(async worker =>
            {
                var caller = worker % 2 == 0 ? (chinese, "zh-CN") : (english, "en");
                for (var step = 0; until.Elapsed < duration && step < 500; step++)
                    results.Add(await StepAsync(caller, step));
            }));
            return [.. results];
        }

        private Task<Result> StepAsync((HttpClient Client, string Culture) caller, int step)
        {
            var (client, culture) = caller;
            return (step % 3) switch
            {
                0 => SendAsync("write", culture, () => client.PostAsJsonAsync("/api/sales/customers",
                    new { name = $"{NamePrefix}{Interlocked.Increment(ref _sequence)}", company = "停机验证有限公司" })),
                1 => SendAsync("read", culture, () => client.GetAsync($"/api/sales/customers?search={Uri.EscapeDataString(NamePrefix)}")),
                _ => SendAsync("read", culture, () => client.GetAsync(_lastCreated is { } id ? $"/api/sales/customers/{id}" : "/api/sales/customers")),
            };
        }

        private async Task<Result> SendAsync(string kind, string culture, Func<Task<HttpResponseMessage>> send)
        {
            using var response = await send();
            var body = await response.Content.ReadAsStringAsync();
            Guid? created = null;
            string? detail = null;
            if (response.StatusCode == HttpStatusCode.Created)
            {
                created = JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
                _lastCreated = created;
            }
            else if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
                detail = JsonDocument.Parse(body).RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
            return new Result(kind, culture, response.StatusCode, body.Length > 300 ? body[..300] : body, detail,
                response.Headers.RetryAfter is not null, created);
        }
    }
}
