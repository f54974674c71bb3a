using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Backup;

/// The restore drill: the demo company backed up by `backup` while it serves reads and writes,
/// restored by `restore` into a new folder (and database), and started there. The restored Renhe
/// must hold exactly the moment the backup took — every table's rows as its manifest counted them,
/// the customers, orders, archive and month-by-month net sales as the original has them (the
/// writes do not touch those) — its archive must verify with its signed digests, the original's
/// sign-in token must work there, and an encrypted phone must decrypt to the same number.
public abstract partial class RestoreDrill : IAsyncLifetime
{
    private static readonly TimeSpan DemoStartup = TimeSpan.FromMinutes(5);

    protected string Root { get; } = Directory.CreateTempSubdirectory("renhe-restore-drill-").FullName;

    protected string OriginalDir => Path.Combine(Root, "original");

    protected string RestoredDir => Path.Combine(Root, "restored");

    private string BackupFile => Path.Combine(Root, "backups", "renhe-drill.zip");

    /// Settings naming the database of the original or of the restored copy.
    protected abstract string[] DatabaseArgs(bool restored);

    /// A restore that would overwrite the original, which must be refused, and what the refusal says.
    protected abstract (string[] Args, string[] Message) RestoreOverTheOriginal();

    /// Skips the drill when its database server is missing.
    protected virtual void RequireDatabase()
    {
    }

    protected abstract Task<DbConnection> OpenDatabaseAsync(bool restored);

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task The_demo_backed_up_while_it_serves_restores_into_a_new_folder_with_the_same_data()
    {
        RequireDatabase();
        Directory.CreateDirectory(Path.GetDirectoryName(BackupFile)!);
        await using var original = await RenheProgram.StartAsync(["--demo", "--data-dir", OriginalDir, .. DatabaseArgs(restored: false)], DemoStartup);
        using var lisi = await SignInAsync(original.BaseUrl, "lisi");
        using var zhangsan = await SignInAsync(original.BaseUrl, "zhangsan");
        // The day's digest is signed at 00:05; the administrator signs today's now, so the copy has
        // a signature that only the digest key it carries can check.
        using (var admin = await SignInAsync(original.BaseUrl, "admin"))
            await SignTodaysDigestAsync(admin);

        // Two salespeople log follow-ups and read timelines throughout; the backup runs in between.
        var traffic = new Traffic();
        using var stop = new CancellationTokenSource();
        var people = new[] { FollowUpLoopAsync(lisi, traffic, stop.Token), FollowUpLoopAsync(zhangsan, traffic, stop.Token) };
        await traffic.WaitForWritesAsync(5);
        var before = await TotalsAsync(restored: false);
        var backup = await RenheProgram.RunAsync(["backup", BackupFile, "--data-dir", OriginalDir, .. DatabaseArgs(restored: false)]);
        await traffic.WaitForWritesAsync(traffic.Writes + 5);
        await stop.CancelAsync();
        await Task.WhenAll(people);
        var after = await TotalsAsync(restored: false);

        Assert.True(backup.ExitCode == 0, backup.ToString());
        Assert.True(traffic.Failures.IsEmpty, "Requests failed while the backup ran:\n" + string.Join('\n', traffic.Failures));
        var size = new FileInfo(BackupFile).Length;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"backup: {size / 1024.0 / 1024.0:0.00} MB in {backup.Took.TotalSeconds:0.0} s (process included), {traffic.Writes} follow-ups written meanwhile");

        // The backup is one moment inside the writes: later than the counts before it, earlier than those after.
        var snapshot = await SnapshotCountsAsync();
        Assert.InRange(snapshot["sales_follow_up"], before.FollowUps + 1, after.FollowUps - 1);
        Assert.InRange(snapshot["platform_audit_entry"], before.AuditRows + 1, after.AuditRows - 1);
        // What the writes do not touch is in the backup as the original has it.
        Assert.Equal(after.Customers, snapshot["sales_customer"]);
        Assert.Equal(after.Orders, snapshot["sales_order"]);
        Assert.Equal(after.ArchiveRecords, snapshot["risk_archived_record"]);

        var refused = RestoreOverTheOriginal();
        var over = await RenheProgram.RunAsync(["restore", BackupFile, .. refused.Args]);
        Assert.True(over.ExitCode == 3, over.ToString());
        foreach (var part in refused.Message) Assert.Contains(part, over.Errors);
        // Background jobs may still add an audit entry; what a restore could have replaced is as it was.
        Assert.Equal(after with { AuditRows = 0 }, await TotalsAsync(restored: false) with { AuditRows = 0 });

        var restore = await RenheProgram.RunAsync(["restore", BackupFile, "--data-dir", RestoredDir, .. DatabaseArgs(restored: true)]);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        // Every table holds the rows the backup counted, the audit trail at backup time included.
        Assert.Equal(snapshot, await CountAsync(restored: true, snapshot.Keys));

        var verify = await RenheProgram.RunAsync(["verify-archive", "--data-dir", RestoredDir, .. DatabaseArgs(restored: true)]);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var intact = ArchiveIntact().Match(verify.Output);
        Assert.True(intact.Success, verify.ToString());
        Assert.Equal(snapshot["risk_archived_record"], long.Parse(intact.Groups["records"].Value, System.Globalization.CultureInfo.InvariantCulture));
        // Signed with the digest key, which had to come along to verify.
        Assert.True(int.Parse(intact.Groups["digests"].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, verify.Output);

        await using var restored = await RenheProgram.StartAsync(["--data-dir", RestoredDir, .. DatabaseArgs(restored: true)], TimeSpan.FromMinutes(2));
        using var ownerThere = await SignInAsync(original.BaseUrl, "owner");
        using var ownerHere = await SignInAsync(restored.BaseUrl, "owner");
        var months = await NetSalesByMonthAsync(ownerThere);
        Assert.Contains(months, m => m.NetFen > 0);
        Assert.Equal(months, await NetSalesByMonthAsync(ownerHere));

        // The sign-in keys came along: a token the original issued is honoured by the restored copy.
        using var lisiHere = new HttpClient { BaseAddress = restored.BaseUrl };
        lisiHere.DefaultRequestHeaders.Authorization = lisi.DefaultRequestHeaders.Authorization;
        var customers = await lisiHere.GetFromJsonAsync<JsonElement>("/api/sales/customers");
        var customer = customers.GetProperty("items")[0].GetProperty("id").GetGuid();

        // The field-encryption key came along: the phone decrypts, to the number the original shows.
        var phoneThere = await RevealPhoneAsync(lisi, customer);
        var phoneHere = await RevealPhoneAsync(lisiHere, customer);
        Assert.Matches(@"^1\d{10}$", phoneHere);
        Assert.Equal(phoneThere, phoneHere);
    }

    private sealed record Totals(long Customers, long Orders, long FollowUps, long AuditRows, long ArchiveRecords);

    private async Task<Totals> TotalsAsync(bool restored)
    {
        var counts = await CountAsync(restored, ["sales_customer", "sales_order", "sales_follow_up", "platform_audit_entry", "risk_archived_record"]);
        return new Totals(counts["sales_customer"], counts["sales_order"], counts["sales_follow_up"], counts["platform_audit_entry"], counts["risk_archived_record"]);
    }

    private async Task<Dictionary<string, long>> CountAsync(bool restored, IEnumerable<string> tables)
    {
        await using var connection = await OpenDatabaseAsync(restored);
        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        return counts;
    }

    /// The row counts the backup's manifest recorded for its snapshot.
    private async Task<Dictionary<string, long>> SnapshotCountsAsync()
    {
        using var zip = ZipFile.OpenRead(BackupFile);
        var manifest = await BackupVerbTests.ManifestAsync(zip);
        return manifest.GetProperty("tables").EnumerateObject().ToDictionary(t => t.Name, t => t.Value.GetInt64());
    }

    private sealed record MonthSales(string Month, long NetFen, int Orders);

    /// 本月销售 of the last seven months, as the owner reads them.
    private static async Task<List<MonthSales>> NetSalesByMonthAsync(HttpClient owner)
    {
        var thisMonth = DateOnly.FromDateTime(DateTime.UtcNow);
        thisMonth = new DateOnly(thisMonth.Year, thisMonth.Month, 1);
        var months = new List<MonthSales>();
        for (var i = 0; i < 7; i++)
        {
            var month = thisMonth.AddMonths(-i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var view = await owner.GetFromJsonAsync<JsonElement>($"/api/sales/month?month={month}");
            months.Add(new MonthSales(month, view.GetProperty("netFen").GetInt64(), view.GetProperty("orders").GetInt32()));
        }
        return months;
    }

    private static async Task<string> RevealPhoneAsync(HttpClient client, Guid customer)
    {
        using var response = await client.PostAsync($"/api/sales/customers/{customer}/reveal", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetString()!;
    }

    private static async Task SignTodaysDigestAsync(HttpClient admin)
    {
        var started = await admin.PostAsync("/api/platform/jobs/risk.archive-digest/run", null, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
        for (var i = 0; i < 300; i++)
        {
            using var run = await admin.GetAsync(started.Headers.Location, TestContext.Current.CancellationToken);
            var text = await run.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            if (text.Contains("\"status\":\"Succeeded\"", StringComparison.Ordinal)) return;
            Assert.DoesNotContain("\"status\":\"Failed\"", text, StringComparison.Ordinal);
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        Assert.Fail("The digest was not signed within 30 s.");
    }

    private static async Task<HttpClient> SignInAsync(Uri baseUrl, string userName)
    {
        var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = RenheFactory.DemoPassword });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<RenheFactory.TokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    /// Logs follow-ups on the person's customers (a write: the follow-up, the customer's last
    /// contact, the audit trail) and reads a timeline after each, until stopped.
    private static async Task FollowUpLoopAsync(HttpClient person, Traffic traffic, CancellationToken stop)
    {
        var mine = (await person.GetFromJsonAsync<JsonElement>("/api/sales/customers", CancellationToken.None)).GetProperty("items")
            .EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).Take(10).ToList();
        Assert.NotEmpty(mine);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var customer = mine[n % mine.Count];
            // A write is never abandoned half way: one cancelled in flight could still be saved by
            // the server after the totals "after" were counted. The loop stops between requests.
            using var write = await person.PostAsJsonAsync("/api/sales/follow-ups",
                new { customerId = customer, kind = "Call", notes = $"回访 {n}：确认报价" }, CancellationToken.None);
            if (write.StatusCode == HttpStatusCode.Created) traffic.Wrote();
            else traffic.Failed($"POST /api/sales/follow-ups: {(int)write.StatusCode} {await write.Content.ReadAsStringAsync(CancellationToken.None)}");
            using var read = await person.GetAsync($"/api/sales/customers/{customer}/timeline", CancellationToken.None);
            if (!read.IsSuccessStatusCode) traffic.Failed($"GET timeline: {(int)read.StatusCode}");
        }
    }

    private sealed class Traffic
    {
        private int _writes;

        public int Writes => Volatile.Read(ref _writes);

        public ConcurrentQueue<string> Failures { get; } = new();

        public void Wrote() => Interlocked.Increment(ref _writes);

        public void Failed(string what) => Failures.Enqueue(what);

        public async Task WaitForWritesAsync(int count)
        {
            var clock = Stopwatch.StartNew();
            while (Writes < count)
            {
                if (clock.Elapsed > TimeSpan.FromMinutes(1))
                    throw new TimeoutException($"Only {Writes} of {count} follow-ups were written within a minute: {string.Join('\n', Failures)}");
                await Task.Delay(50);
            }
        }
    }

    [GeneratedRegex(@"Archive intact: (?<records>\d+) records, \d+ purge gaps, (?<digests>\d+) signed digests")]
    private static partial Regex ArchiveIntact();
}

[Trait("Category", "Integration")]
public sealed class SqliteRestoreDrillTests : RestoreDrill
{
    protected override string[] DatabaseArgs(bool restored) => [];

    protected override (string[] Args, string[] Message) RestoreOverTheOriginal() =>
        (["--data-dir", OriginalDir], [$"{OriginalDir} is not empty"]);

    protected override async Task<DbConnection> OpenDatabaseAsync(bool restored)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(restored ? RestoredDir : OriginalDir, "renhe.db"), Mode = SqliteOpenMode.ReadWrite, Pooling = false,
        }.ToString());
        await connection.OpenAsync();
        return connection;
    }
}

[Trait("Category", "Postgres")]
public sealed class PostgresRestoreDrillTests : RestoreDrill
{
    private readonly string _original = "renhe_drill_" + Guid.NewGuid().ToString("N")[..10];
    private string Restored => _original + "_restored";

    private string? _unavailable;

    private static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString) { Database = database }.ToString();

    protected override string[] DatabaseArgs(bool restored) =>
    [
        "--Database:Provider=Postgres", $"--ConnectionStrings:Renhe={ConnectionString(restored ? Restored : _original)}",
    ];

    protected override (string[] Args, string[] Message) RestoreOverTheOriginal() =>
        (["--data-dir", Path.Combine(Root, "unused"), .. DatabaseArgs(restored: false)], [$"Database '{_original}'", "already has Renhe tables"]);

    protected override void RequireDatabase()
    {
        if (_unavailable is not null) TestEnvironment.Unavailable(_unavailable);
    }

    protected override async Task<DbConnection> OpenDatabaseAsync(bool restored)
    {
        var connection = new NpgsqlConnection(ConnectionString(restored ? Restored : _original) + ";Pooling=false");
        await connection.OpenAsync();
        return connection;
    }

    public override async ValueTask InitializeAsync()
    {
        try
        {
            await using var server = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
            await server.OpenAsync();
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            _unavailable = $"PostgreSQL ({e.Message})";
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_unavailable is not null) return;
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
        await server.OpenAsync();
        foreach (var database in new[] { _original, Restored })
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", server);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
