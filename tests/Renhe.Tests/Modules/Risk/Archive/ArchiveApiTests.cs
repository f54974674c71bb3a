using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Risk.Archive;
using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Data;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Risk.Archive;

/// The communication archive through HTTP and its services, on SQLite and on PostgreSQL:
/// ingestion (idempotent, per-item results), tamper detection, digests, retention with legal hold.
/// Each test uses its own message ids, so the tests share one archive without colliding.
public abstract class ArchiveApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static string Id() => Guid.NewGuid().ToString("N")[..12];

    private static readonly long Ms = new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.FromHours(8)).ToUnixTimeMilliseconds();

    [Fact]
    public async Task A_batch_stores_each_message_type_flags_unknown_employees_and_a_replay_stores_nothing()
    {
        var p = Id();
        var batch = $$$"""
        {
          "messages": [
            {"msgid":"{{{p}}}-1","action":"send","from":"xiaoli","tolist":["wmCust{{{p}}}"],"roomid":"","msgtime":{{{Ms}}},"msgtype":"text","text":{"content":"加我私人微信，拼多多上便宜"}},
            {"msgid":"{{{p}}}-2","action":"send","from":"wmCust{{{p}}}","tolist":["xiaoli"],"roomid":"","msgtime":{{{Ms + 1000}}},"msgtype":"image","image":{"md5sum":"50de8e5ae8ffe4f1df7a93841f71993a","filesize":70961,"sdkfileid":"CtYBMzA2OTAy"}},
            {"msgid":"{{{p}}}-3","action":"send","from":"xiaoli","tolist":["wmCust{{{p}}}"],"roomid":"","msgtime":{{{Ms + 2000}}},"msgtype":"file","file":{"md5sum":"18e93fc2ea884df23b3d2d3b8667b9f0","filename":"报价单.xlsx","fileext":"xlsx","filesize":18056,"sdkfileid":"E4ODRkZjIzYjNk"}},
            {"msgid":"{{{p}}}-4","action":"send","from":"wmCust{{{p}}}","tolist":["xiaoli"],"roomid":"","msgtime":{{{Ms + 3000}}},"msgtype":"agree","agree":{"userid":"wmCust{{{p}}}","agree_time":{{{Ms + 3000}}}}},
            {"msgid":"{{{p}}}-5","action":"send","from":"xiaoli","tolist":["wmCust{{{p}}}"],"roomid":"","msgtime":{{{Ms + 4000}}},"msgtype":"voice","voice":{"md5sum":"9db09c7fa627c9e53f17736c786a74d5","voice_size":6810,"play_length":10,"sdkfileid":"kcyZjZkNGU1MTEzNDdiOWVkMmM"}},
            {"msgid":"{{{p}}}-6","action":"send","from":"ghost{{{p}}}","tolist":["wmOther{{{p}}}"],"roomid":"","msgtime":{{{Ms + 5000}}},"msgtype":"text","text":{"content":"你好"}},
            {"msgid":"{{{p}}}-7","action":"send","from":"xiaoli","tolist":["wmCust{{{p}}}"],"msgtype":"text","text":{"content":"no time"}}
          ],
          "items": [
            {"channel":"email","sourceId":"{{{p}}}-mail","employee":"zhangsan","counterpart":"13800138000","time":"2026-11-02T10:00:00+08:00","content":"这单我们私下交易吧"}
          ]
        }
        """;
        var admin = await Factory.ClientForAsync("admin");
        var response = await (await admin.PostJsonAsync("/api/risk/messages:batch", batch)).ReadAsync<ArchiveBatchResponse>();
        Assert.Equal(7, response.Stored);
        Assert.Equal(1, response.Rejected);
        var results = response.Results;
        Assert.Equal("msgtime", results[6].Error);
        Assert.True(results[0].Hits >= 2, "the text message's sensitive words are found at ingest");
        Assert.True(results[5].UnknownEmployee);
        Assert.False(results[0].UnknownEmployee);
        Assert.True(results[7].Hits >= 1);

        await using (var db = Factory.OpenDb())
        {
            var seq = results[0].Seq!.Value;
            var first = await db.ArchivedRecords.SingleAsync(r => r.Seq == seq);
            Assert.Equal($"wmCust{p}", first.CounterpartExternalId);
            Assert.Equal("text", first.MsgType);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(Ms), first.At);
            var xiaoli = await db.Employees.Where(e => e.WeComUserId == "xiaoli").Select(e => e.Id).SingleAsync();
            Assert.Equal(xiaoli, first.EmployeeId);
            Assert.Contains(await db.ScanHits.Where(h => h.Seq == seq).ToListAsync(), h => h.Category == "contact_poaching");
            var reply = await db.ArchivedRecords.SingleAsync(r => r.Seq == results[1].Seq);
            Assert.Equal(xiaoli, reply.EmployeeId);
            var ghost = await db.ArchivedRecords.SingleAsync(r => r.Seq == results[5].Seq);
            Assert.Null(ghost.EmployeeId);
            Assert.Equal($"ghost{p}", ghost.SenderRaw);
            var mail = await db.ArchivedRecords.SingleAsync(r => r.Seq == results[7].Seq);
            Assert.Equal("13800138000", mail.CounterpartPhone);
            Assert.Equal("报价单.xlsx", (await db.ArchivedRecords.SingleAsync(r => r.Seq == results[2].Seq)).Content);
        }

        var replay = await (await admin.PostJsonAsync("/api/risk/messages:batch", batch)).ReadAsync<ArchiveBatchResponse>();
        Assert.Equal(0, replay.Stored);
        Assert.Equal(7, replay.Duplicates);
        await using (var db = Factory.OpenDb())
            Assert.Equal(7, await db.ArchivedRecords.CountAsync(r => r.SourceId.StartsWith(p)));
    }

    [Fact]
    public async Task A_recall_is_a_new_record_that_references_the_unchanged_original()
    {
        var p = Id();
        var admin = await Factory.ClientForAsync("admin");
        var original = $$$"""{"messages":[{"msgid":"{{{p}}}-o","action":"send","from":"xiaoli","tolist":["wm{{{p}}}"],"msgtime":{{{Ms}}},"msgtype":"text","text":{"content":"转我个人账户"}}]}""";
        var recall = $$$"""{"messages":[{"msgid":"{{{p}}}-r","action":"recall","from":"xiaoli","tolist":["wm{{{p}}}"],"msgtime":{{{Ms + 60000}}},"msgtype":"revoke","revoke":{"pre_msgid":"{{{p}}}-o"}}]}""";
        await (await admin.PostJsonAsync("/api/risk/messages:batch", original)).ReadAsync<ArchiveBatchResponse>();
        var r = await (await admin.PostJsonAsync("/api/risk/messages:batch", recall)).ReadAsync<ArchiveBatchResponse>();
        Assert.Equal(1, r.Stored);

        await using var db = Factory.OpenDb();
        var kept = await db.ArchivedRecords.SingleAsync(x => x.SourceId == p + "-o");
        Assert.Equal("转我个人账户", kept.Content);
        var recallRecord = await db.ArchivedRecords.SingleAsync(x => x.SourceId == p + "-r");
        Assert.Equal(p + "-o", recallRecord.ReferencedSourceId);
        Assert.Equal("recall", recallRecord.Action);
        Assert.True(recallRecord.Seq > kept.Seq);
    }

    [Fact]
    public async Task Ingesting_needs_the_permission_and_a_bad_item_is_named()
    {
        var sales = await Factory.ClientForAsync("zhangsan");
        Assert.Equal(HttpStatusCode.Forbidden,
            (await sales.PostJsonAsync("/api/risk/messages:batch", """{"items":[]}""")).StatusCode);
        var admin = await Factory.ClientForAsync("admin");
        var problem = await (await admin.PostJsonAsync("/api/risk/messages:batch",
            """{"items":[{"sourceId":"x","time":"2026-11-02T10:00:00Z"}]}""")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("items[0].channel", problem.Errors!.Keys);
        await (await admin.PostJsonAsync("/api/risk/messages:batch", """{}""")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.Forbidden, (await sales.GetAsync("/api/risk/archive/verify")).StatusCode);
    }

    [Fact]
    public async Task Concurrent_batches_never_share_a_seq_and_the_chain_stays_intact()
    {
        var p = Id();
        var tasks = Enumerable.Range(0, 4).Select(async b =>
        {
            await using var scope = Factory.Services.CreateAsyncScope();
            var archive = scope.ServiceProvider.GetRequiredService<ArchiveService>();
            var drafts = Enumerable.Range(0, 25).Select(i => (object)new ArchiveDraft(RecordClass.Generic, "email", $"{p}-{b}-{i}",
                DateTimeOffset.UtcNow, "lisi", [], $"第 {i} 封", null, Counterpart: "c@example.com")).ToList();
            return await archive.AppendAsync(drafts, TestContext.Current.CancellationToken);
        }).ToList();
        var all = (await Task.WhenAll(tasks)).SelectMany(r => r).ToList();
        Assert.All(all, r => Assert.Equal(AppendStatus.Stored, r.Status));
        Assert.Equal(100, all.Select(r => r.Seq).Distinct().Count());
        var verification = await VerifyAsync();
        Assert.True(verification.Intact, string.Join("\n", verification.Findings.Select(f => $"{f.Seq} {f.Kind}")));
    }

    [Fact]
    public async Task Work_done_alongside_an_append_is_committed_with_the_record_or_not_at_all()
    {
        var ct = TestContext.Current.CancellationToken;
        var p = Id();
        ArchiveDraft Draft(string sourceId) =>
            new(RecordClass.ContactEvent, ArchiveService.ChannelWeComContact, sourceId, DateTimeOffset.UtcNow, "xiaoli", [], null, "{}");
        Func<AppDbContext, CancellationToken, Task> AddCustomer(string name, bool thenFail) => async (db, token) =>
        {
            var (customer, custody, stage) = Customer.Enter(null, CustodyReason.Created, null, ChangedBy.System, DateTimeOffset.UtcNow);
            customer.Name = name;
            db.AddRange(customer, custody, stage);
            await db.SaveChangesAsync(token);
            if (thenFail) throw new InvalidOperationException("the caller's work failed");
        };
        await using var scope = Factory.Services.CreateAsyncScope();
        var archive = scope.ServiceProvider.GetRequiredService<ArchiveService>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => archive.AppendAsync(Draft($"{p}-failed"), AddCustomer($"失败{p}", thenFail: true), ct));
        var stored = await archive.AppendAsync(Draft($"{p}-ok"), AddCustomer($"成功{p}", thenFail: false), ct);
        var ran = false;
        var refused = await archive.AppendAsync(Draft($"{p}-" + new string('x', 200)), (_, _) => { ran = true; return Task.CompletedTask; }, ct);

        Assert.Equal(AppendStatus.Stored, stored.Status);
        Assert.Equal(AppendStatus.Rejected, refused.Status);
        Assert.False(ran);
        await using var db = Factory.OpenDb();
        Assert.False(await db.ArchivedRecords.AnyAsync(r => r.SourceId == $"{p}-failed", ct));
        Assert.False(await db.Customers.AnyAsync(c => c.Name == $"失败{p}", ct));
        Assert.True(await db.ArchivedRecords.AnyAsync(r => r.SourceId == $"{p}-ok", ct));
        Assert.True(await db.Customers.AnyAsync(c => c.Name == $"成功{p}", ct));
        var verification = await VerifyAsync();
        Assert.True(verification.Intact, string.Join("\n", verification.Findings.Select(f => $"{f.Seq} {f.Kind}")));
    }

    [Fact]
    public async Task Rows_written_below_EF_read_back_through_EF_as_stored_and_match_in_SQL_filters()
    {
        // ArchiveService writes records, hits and index rows with ADO.NET (prepared INSERT / binary
        // COPY); every value must be what EF Core itself would have stored, or EF's reads and SQL
        // comparisons (employee, time range, enum names) would miss them.
        var p = Id();
        var at = new DateTimeOffset(2026, 11, 3, 0, 15, 30, 123, TimeSpan.Zero);
        await using var scope = Factory.Services.CreateAsyncScope();
        var results = await scope.ServiceProvider.GetRequiredService<ArchiveService>().AppendAsync(
        [
            new ArchiveDraft(RecordClass.Call, "call", $"{p}-call", at, "xiaoli", ["13900139000"], "咱们走私-单吧", """{"duration":61}""",
                MsgType: "outbound", Action: "answered", ReferencedSourceId: $"{p}-ref"),
            new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", $"{p}-empty", at.AddSeconds(1), $"ghost{p}", [], null, null),
        ], TestContext.Current.CancellationToken);
        Assert.All(results, r => Assert.Equal(AppendStatus.Stored, r.Status));

        await using var db = Factory.OpenDb();
        var xiaoli = await db.Employees.Where(e => e.WeComUserId == "xiaoli").Select(e => e.Id).SingleAsync(TestContext.Current.CancellationToken);
        var call = await db.ArchivedRecords.AsNoTracking().SingleAsync(
            r => r.EmployeeId == xiaoli && r.At >= at && r.At < at.AddMilliseconds(1) && r.Class == RecordClass.Call && r.SourceId == $"{p}-call",
            TestContext.Current.CancellationToken);
        Assert.Equal(results[0].Seq, call.Seq);
        Assert.Equal((RecordClass.Call, "call", false, "xiaoli", "13900139000", "13900139000", null as string),
            (call.Class, call.Channel, call.UnknownEmployee, call.SenderRaw, call.CounterpartPhone, call.CounterpartRaw, call.CounterpartExternalId));
        Assert.Equal(("outbound", "answered", $"{p}-ref", "咱们走私-单吧", """{"duration":61}"""),
            (call.MsgType, call.Action, call.ReferencedSourceId, call.Content, call.Body));
        Assert.Equal(at, call.At);
        Assert.Equal(32, call.Hash.Length);
        Assert.Equal(call.Hash, HashChain.ComputeHash(call.Seq, call.ChainFields(), call.PreviousHash));
        Assert.InRange(DateTimeOffset.UtcNow - call.ArchivedAt, TimeSpan.Zero, TimeSpan.FromMinutes(5));

        var hit = await db.ScanHits.AsNoTracking().Where(h => h.Seq == call.Seq && h.Severity == Renhe.Modules.Risk.Scanning.HitSeverity.High)
            .ToListAsync(TestContext.Current.CancellationToken);
        Assert.NotEmpty(hit);
        Assert.All(hit, h => Assert.NotEqual(Guid.Empty, h.Id));
        Assert.Single(await db.ScanHits.AsNoTracking().Where(h => h.Id == hit[0].Id).ToListAsync(TestContext.Current.CancellationToken));

        var empty = await db.ArchivedRecords.AsNoTracking().SingleAsync(r => r.Seq == results[1].Seq, TestContext.Current.CancellationToken);
        Assert.Equal((null as Guid?, true, null as string, null as string), (empty.EmployeeId, empty.UnknownEmployee, empty.Content, empty.Body));
        Assert.Equal(call.Hash, empty.PreviousHash);

        // Searched as the auditor: the search shows only what the caller's scope allows.
        var auditor = await Factory.ClientForAsync("auditor");
        var found = await (await auditor.GetAsync($"/api/risk/archive/search?q={Uri.EscapeDataString("私单")}&counterpart=13900139000",
            TestContext.Current.CancellationToken)).ReadAsync<ArchiveSearchPage>();
        Assert.Equal(call.Seq, Assert.Single(found.Items).Seq);
    }

    [Fact]
    public async Task An_update_or_delete_going_around_the_application_is_refused_by_the_database()
    {
        var seq = await StoreAsync(Id(), "原话");
        await using var db = Factory.OpenDb();
        await Assert.ThrowsAnyAsync<Exception>(() =>
            db.Database.ExecuteSqlAsync($"UPDATE risk_archived_record SET \"Content\" = 'changed' WHERE \"Seq\" = {seq}"));
        await Assert.ThrowsAnyAsync<Exception>(() =>
            db.Database.ExecuteSqlAsync($"DELETE FROM risk_archived_record WHERE \"Seq\" = {seq}"));
        Assert.Equal("原话", (await db.ArchivedRecords.AsNoTracking().SingleAsync(r => r.Seq == seq)).Content);
    }

    [Fact]
    public async Task A_row_edited_directly_in_the_database_is_reported_by_its_seq()
    {
        var p = Id();
        await StoreAsync(p + "-a", "第一句");
        var target = await StoreAsync(p + "-b", "加我微信");
        await StoreAsync(p + "-c", "第三句");

        await using (var db = Factory.OpenDb())
        {
            await WithoutGuardAsync(db, $"UPDATE risk_archived_record SET \"Content\" = '没说过' WHERE \"Seq\" = {target}");
        }
        try
        {
            var auditor = await Factory.ClientForAsync("auditor");
            var result = await (await auditor.GetAsync("/api/risk/archive/verify")).ReadAsync<ArchiveVerificationDto>();
            Assert.False(result.Intact);
            var finding = Assert.Single(result.Findings);
            Assert.Equal(target, finding.Seq);
            Assert.Equal(ChainFindingKind.Altered, finding.Kind);
        }
        finally
        {
            await using var db = Factory.OpenDb();
            await WithoutGuardAsync(db, $"UPDATE risk_archived_record SET \"Content\" = '加我微信' WHERE \"Seq\" = {target}");
        }
        Assert.True((await VerifyAsync()).Intact);
    }

    [Fact]
    public async Task The_daily_digest_is_signed_once_a_day_and_checked_by_verification()
    {
        await StoreAsync(Id(), "签名前");
        await using var scope = Factory.Services.CreateAsyncScope();
        var integrity = scope.ServiceProvider.GetRequiredService<ArchiveIntegrityService>();
        var day = new DateTimeOffset(2026, 11, 20, 23, 0, 0, TimeSpan.Zero); // 07:00 on the 21st in Shanghai
        Assert.Equal(new DateOnly(2026, 11, 21), await integrity.SignDailyDigestAsync(day, TestContext.Current.CancellationToken));
        Assert.Null(await integrity.SignDailyDigestAsync(day.AddHours(1), TestContext.Current.CancellationToken));
        var result = await integrity.VerifyAsync(TestContext.Current.CancellationToken);
        Assert.True(result.Intact);
        Assert.True(result.DigestsChecked >= 1);
        Assert.Empty(result.DigestFindings);
    }

    [Fact]
    public async Task Retention_purges_expired_records_except_those_on_legal_hold_and_the_chain_still_verifies()
    {
        var p = Id();
        var old = new DateTimeOffset(2025, 1, 10, 2, 0, 0, TimeSpan.Zero);
        await using var scope = Factory.Services.CreateAsyncScope();
        var archive = scope.ServiceProvider.GetRequiredService<ArchiveService>();
        var ct = TestContext.Current.CancellationToken;
        var stored = await archive.AppendAsync(
        [
            new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", p + "-1", old, "xiaoli", [$"wmFree{p}"], "私单", null, MsgType: "text"),
            new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", p + "-2", old, "xiaoli", [$"wmHeld{p}"], "拼多多上便宜", null, MsgType: "text"),
            new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", p + "-3", old, "xiaoli", [$"wmFree{p}"], "好的", null, MsgType: "text"),
            new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", p + "-4", old.AddDays(300), "xiaoli", [$"wmFree{p}"], "新消息", null, MsgType: "text"),
        ], ct);

        var auditor = await Factory.ClientForAsync("auditor");
        var hold = await (await auditor.PostAsJsonAsync("/api/risk/legal-holds",
            new { counterpart = $"wmHeld{p}", reason = "客户投诉调查" }, Http.Json, ct)).ReadAsync<IdDto>(HttpStatusCode.Created);

        var retention = scope.ServiceProvider.GetRequiredService<RetentionService>();
        var purged = await retention.PurgeExpiredAsync(new DateTimeOffset(2025, 9, 1, 0, 0, 0, TimeSpan.Zero), ct);
        Assert.True(purged.Records >= 2);
        Assert.True(purged.Held >= 1);

        await using (var db = Factory.OpenDb())
        {
            var left = await db.ArchivedRecords.Where(r => r.SourceId.StartsWith(p)).Select(r => r.SourceId).OrderBy(s => s).ToListAsync(ct);
            Assert.Equal([p + "-2", p + "-4"], left);
            var gap = await db.ArchivePurges.SingleAsync(g => g.FirstSeq == stored[0].Seq, ct);
            Assert.Equal(stored[0].Seq, gap.LastSeq);
            Assert.Equal("retention", gap.Reason);
            Assert.Empty(await db.ScanHits.Where(h => h.Seq == stored[0].Seq).ToListAsync(ct));
        }
        var verification = await VerifyAsync();
        Assert.True(verification.Intact, string.Join("\n", verification.Findings.Select(f => $"{f.Seq} {f.Kind}")));
        Assert.True(verification.PurgeGaps >= 2);

        // Closing the hold lets the next run purge what it kept.
        Assert.Equal(HttpStatusCode.NoContent, (await auditor.PostAsync($"/api/risk/legal-holds/{hold.Id}/close", null, ct)).StatusCode);
        await retention.PurgeExpiredAsync(new DateTimeOffset(2025, 9, 1, 0, 0, 0, TimeSpan.Zero), ct);
        await using (var db = Factory.OpenDb())
            Assert.Equal([p + "-4"], await db.ArchivedRecords.Where(r => r.SourceId.StartsWith(p)).Select(r => r.SourceId).ToListAsync(ct));
        Assert.True((await VerifyAsync()).Intact);
    }

    [Fact]
    public async Task A_message_whose_text_cannot_be_stored_is_rejected_alone()
    {
        var p = Id();
        var batch = $$$"""
        {"messages":[
          {"msgid":"{{{p}}}-1","action":"send","from":"xiaoli","tolist":["wmA"],"msgtime":{{{Ms}}},"msgtype":"text","text":{"content":"bad \ud800 half"}},
          {"msgid":"{{{p}}}-2","action":"send","from":"xiaoli","tolist":["wmA"],"msgtime":{{{Ms}}},"msgtype":"text","text":{"content":"nul \u0000 inside"}},
          {"msgid":"{{{p}}}-3","action":"send","from":"xiaoli","tolist":["wmA"],"msgtime":{{{Ms}}},"msgtype":"text","text":{"content":"好的 👍"}}
        ]}
        """;
        var admin = await Factory.ClientForAsync("admin");
        var response = await (await admin.PostJsonAsync("/api/risk/messages:batch", batch)).ReadAsync<ArchiveBatchResponse>();
        Assert.Equal([AppendStatus.Rejected, AppendStatus.Rejected, AppendStatus.Stored], response.Results.Select(r => r.Status));
        Assert.Equal("text", response.Results[0].Error);
        Assert.Equal(p + "-1", response.Results[0].SourceId);
        Assert.True((await VerifyAsync()).Intact);
    }

    [Fact]
    public async Task A_legal_hold_needs_an_employee_or_a_counterpart()
    {
        var auditor = await Factory.ClientForAsync("auditor");
        var problem = await (await auditor.PostJsonAsync("/api/risk/legal-holds", """{"reason":"调查"}""")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("证据保全需指定员工或沟通对象。", problem.Title);
        var sales = await Factory.ClientForAsync("zhangsan");
        Assert.Equal(HttpStatusCode.Forbidden, (await sales.GetAsync("/api/risk/legal-holds")).StatusCode);
    }

    [Fact]
    public async Task A_rewrite_with_recomputed_hashes_is_caught_by_the_signed_digest()
    {
        var p = Id();
        var ct = TestContext.Current.CancellationToken;
        var first = await StoreAsync(p + "-a", "第一句");
        var target = await StoreAsync(p + "-b", "拼多多上便宜");
        var last = await StoreAsync(p + "-c", "第三句");
        await using (var scope = Factory.Services.CreateAsyncScope())
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<ArchiveIntegrityService>()
                .SignDailyDigestAsync(new DateTimeOffset(2031, 3, 1, 4, 0, 0, TimeSpan.Zero), ct));

        // Someone with database access rewrites a message and recomputes every hash after it.
        List<ArchivedRecord> originals;
        await using (var db = Factory.OpenDb())
            originals = await db.ArchivedRecords.AsNoTracking().Where(r => r.Seq >= target && r.Seq <= last).OrderBy(r => r.Seq).ToListAsync(ct);
        var previous = originals[0].PreviousHash;
        var statements = new List<string>();
        foreach (var r in originals)
        {
            var content = r.Seq == target ? "好的" : r.Content;
            var forged = new ArchivedRecord
            {
                Seq = r.Seq, Class = r.Class, Channel = r.Channel, SourceId = r.SourceId, EmployeeId = r.EmployeeId, UnknownEmployee = r.UnknownEmployee,
                SenderRaw = r.SenderRaw, CounterpartExternalId = r.CounterpartExternalId, CounterpartPhone = r.CounterpartPhone,
                CounterpartRaw = r.CounterpartRaw, At = r.At, MsgType = r.MsgType, Action = r.Action, ReferencedSourceId = r.ReferencedSourceId,
                Content = content, Body = r.Body,
            };
            var hash = HashChain.ComputeHash(r.Seq, forged.ChainFields(), previous);
            statements.Add(SetRow(r.Seq, content!, hash, previous));
            previous = hash;
        }
        await using (var db = Factory.OpenDb())
            foreach (var sql in statements) await WithoutGuardAsync(db, Provider(db, sql));
        try
        {
            var result = await VerifyAsync();
            var finding = Assert.Single(result.Findings);
            Assert.Equal(last, finding.Seq);
            Assert.Equal(ChainFindingKind.CheckpointMismatch, finding.Kind);
        }
        finally
        {
            await using var db = Factory.OpenDb();
            foreach (var r in originals) await WithoutGuardAsync(db, Provider(db, SetRow(r.Seq, r.Content!, r.Hash, r.PreviousHash)));
        }
        Assert.True((await VerifyAsync()).Intact);
        Assert.True(first < target);
    }

    // Hex placeholders {H:…} become each database's byte literal.
    private static string SetRow(long seq, string content, byte[] hash, byte[] previous) =>
        $"UPDATE risk_archived_record SET \"Content\" = '{content.Replace("'", "''", StringComparison.Ordinal)}', "
        + $"\"Hash\" = {{H:{Convert.ToHexString(hash)}}}, \"PreviousHash\" = {{H:{Convert.ToHexString(previous)}}} WHERE \"Seq\" = {seq}";

    private static string Provider(Renhe.Platform.Data.AppDbContext db, string sql) =>
        System.Text.RegularExpressions.Regex.Replace(sql, @"\{H:([0-9A-F]+)\}",
            m => db.Database.IsNpgsql() ? $"decode('{m.Groups[1].Value}', 'hex')" : $"X'{m.Groups[1].Value}'");

    private async Task<long> StoreAsync(string sourceId, string content)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var results = await scope.ServiceProvider.GetRequiredService<ArchiveService>().AppendAsync(
            new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", sourceId, DateTimeOffset.UtcNow, "zhangsan", ["wmX"], content, null, MsgType: "text"),
            TestContext.Current.CancellationToken);
        return results[0].Seq!.Value;
    }

    private async Task<ArchiveVerificationDto> VerifyAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ArchiveIntegrityService>().VerifyAsync(TestContext.Current.CancellationToken);
    }

    /// What someone with database access could do: switch the guard off, change a row, switch it back.
    private static async Task WithoutGuardAsync(Renhe.Platform.Data.AppDbContext db, string sql)
    {
        if (db.Database.IsNpgsql())
        {
            var script = "ALTER TABLE risk_archived_record DISABLE TRIGGER risk_archived_record_guard; " + sql
                         + "; ALTER TABLE risk_archived_record ENABLE TRIGGER risk_archived_record_guard;";
            await db.Database.ExecuteSqlRawAsync(script);
            return;
        }
        var create = await db.Database.SqlQueryRaw<string>(
            "SELECT sql AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND name = 'risk_archived_record_no_update'").SingleAsync();
        await db.Database.ExecuteSqlRawAsync("DROP TRIGGER risk_archived_record_no_update");
        await db.Database.ExecuteSqlRawAsync(sql);
        await db.Database.ExecuteSqlRawAsync(create);
    }

    public sealed record IdDto(Guid Id);
}

[Trait("Category", "Integration")]
public sealed class SqliteArchiveApiTests(SqliteRenheFactory factory) : ArchiveApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresArchiveApiTests(PostgresRenheFactory factory) : ArchiveApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
