using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Risk.Archive;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Risk.Archive;

/// File imports through HTTP: call records (CSV, Chinese headings) and chat-archive JSON lines.
[Trait("Category", "Integration")]
public sealed class ArchiveImportTests(SqliteRenheFactory factory) : IClassFixture<SqliteRenheFactory>
{
    private static MultipartFormDataContent File(string name, string content, Encoding? encoding = null)
    {
        var file = new ByteArrayContent((encoding ?? Encoding.UTF8).GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, "file", name } };
    }

    [Fact]
    public async Task Call_records_are_archived_per_row_linked_by_work_phone_and_a_second_import_stores_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = factory.OpenDb();
        var xiaoli = await db.Employees.SingleAsync(e => e.WeComUserId == "xiaoli", ct);
        var customer = "139" + Random.Shared.Next(10_000_000, 99_999_999);
        var csv = $"""
            通话ID,主叫,被叫,开始时间,通话时长(秒),方向,录音
            imp-{customer}-1,{xiaoli.WorkPhone},{customer},2026-11-20 14:05:00,200,呼出,rec/1.mp3
            imp-{customer}-2,{customer},{xiaoli.WorkPhone},2026-11-21 09:30:00,45,呼入,rec/2.mp3
            imp-{customer}-3,{xiaoli.WorkPhone},{customer},2026-11-21 10:00:00,很久,呼出,
            """;
        // Excel on Chinese Windows writes CSV in GB18030.
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var admin = await factory.ClientForAsync("admin");
        var result = await (await admin.PostAsync("/api/risk/calls:import", File("calls.csv", csv, Encoding.GetEncoding("GB18030")), ct))
            .ReadAsync<ImportResponse>();
        Assert.Equal((2, 0, 1), (result.Stored, result.Duplicates, result.Rejected));
        var rejection = Assert.Single(result.Rejections);
        Assert.Equal((4, "duration"), (rejection.Line, rejection.Error));
        Assert.Contains("通话时长", rejection.Message);

        var again = await (await admin.PostAsync("/api/risk/calls:import", File("calls.csv", csv), ct)).ReadAsync<ImportResponse>();
        Assert.Equal((0, 2, 1), (again.Stored, again.Duplicates, again.Rejected));

        var calls = await db.ArchivedRecords.Where(r => r.CounterpartPhone == customer).OrderBy(r => r.At).ToListAsync(ct);
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.Equal((RecordClass.Call, xiaoli.Id, false), (c.Class, c.EmployeeId, c.UnknownEmployee)));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 6, 5, 0, TimeSpan.Zero), calls[0].At);
        Assert.Equal(["outbound", "inbound"], calls.Select(c => c.Action));
    }

    [Fact]
    public async Task A_call_file_without_the_needed_columns_or_of_another_type_is_refused_in_the_users_language()
    {
        var admin = await factory.ClientForAsync("admin", culture: "en");
        var problem = await (await admin.PostAsync("/api/risk/calls:import", File("calls.csv", "主叫,被叫\n1,2\n"), TestContext.Current.CancellationToken))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Missing columns", problem.Detail);
        Assert.Contains("开始时间", problem.Detail);
        var wrongType = await (await admin.PostAsync("/api/risk/calls:import", File("calls.pdf", "x"), TestContext.Current.CancellationToken))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(".csv", wrongType.Detail);
        var zone = await (await admin.PostAsync("/api/risk/calls:import?timeZone=Mars/Olympus", File("calls.csv", "主叫\n1\n"),
            TestContext.Current.CancellationToken)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Mars/Olympus", zone.Detail);
    }

    [Fact]
    public async Task Chat_archive_lines_are_imported_with_bad_lines_named_and_only_ingesters_may_import()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = Guid.NewGuid().ToString("N");
        var lines = string.Join('\n',
            $$$"""{"msgid":"{{{id}}}-1","action":"send","from":"xiaoli","tolist":["wmImp{{{id}}}"],"roomid":"","msgtime":1762047000000,"msgtype":"text","text":{"content":"加我私人微信"}}""",
            "{broken",
            $$$"""{"msgid":"{{{id}}}-2","action":"send","from":"xiaoli","tolist":["wmImp{{{id}}}"],"roomid":"","msgtype":"text","text":{"content":"hi"}}""");
        var sales = await factory.ClientForAsync("xiaoli");
        Assert.Equal(HttpStatusCode.Forbidden, (await sales.PostAsync("/api/risk/chats:import", File("chats.jsonl", lines), ct)).StatusCode);

        var admin = await factory.ClientForAsync("admin");
        var result = await (await admin.PostAsync("/api/risk/chats:import", File("chats.jsonl", lines), ct)).ReadAsync<ImportResponse>();
        Assert.Equal((1, 0, 2), (result.Stored, result.Duplicates, result.Rejected));
        Assert.Equal([(2, "not-json"), (3, "msgtime")], result.Rejections.Select(r => (r.Line, r.Error)));
        Assert.All(result.Rejections, r => Assert.False(string.IsNullOrWhiteSpace(r.Message)));
        await using var db = factory.OpenDb();
        var stored = await db.ArchivedRecords.SingleAsync(r => r.SourceId == id + "-1", ct);
        Assert.True(await db.ScanHits.AnyAsync(h => h.Seq == stored.Seq, ct));
    }
}
