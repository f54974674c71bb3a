using Renhe.Modules.Risk.Archive;

namespace Renhe.Tests.Modules.Risk.Archive;

/// Call-centre rows → archive drafts: who is the employee, when the call happened in the call
/// centre's time zone, and which rows are refused with which reason.
[Trait("Category", "Unit")]
public sealed class CallRecordTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly Dictionary<string, string> Phones = new() { ["075586001005"] = "E0005" };

    private static object Draft(string caller, string callee, object? start, string duration, string direction, string? id = null)
    {
        var row = new Dictionary<string, object?>
        {
            ["主叫"] = caller, ["被叫"] = callee, ["开始时间"] = start, ["通话时长(秒)"] = duration, ["方向"] = direction, ["录音"] = "rec/1.mp3",
        };
        if (id is not null) row["通话ID"] = id;
        return CallRecord.ToDraft(row, CallColumns.Match(row.Keys), Shanghai, Phones);
    }

    [Theory]
    // outbound: the caller is the employee (by work phone → number), the callee the customer
    [InlineData("0755-86001005", "13800001111", "呼出", "E0005", "13800001111", "outbound")]
    [InlineData("0755-86001005", "13800001111", "outbound", "E0005", "13800001111", "outbound")]
    // inbound: the other way round
    [InlineData("13800001111", "0755-86001005", "呼入", "E0005", "13800001111", "inbound")]
    [InlineData("13800001111", "0755-86001005", "IN", "E0005", "13800001111", "inbound")]
    // an extension nobody has: kept raw, the archive flags the employee as unknown
    [InlineData("8008", "13800001111", "外呼", "8008", "13800001111", "outbound")]
    public void The_employee_is_the_caller_of_an_outbound_and_the_callee_of_an_inbound_call(string caller, string callee, string direction,
        string employee, string counterpart, string action)
    {
        var draft = Assert.IsType<ArchiveDraft>(Draft(caller, callee, "2026-11-20 14:05:00", "200", direction));
        Assert.Equal((employee, counterpart, action), (draft.Sender, draft.Counterpart, draft.Action));
        Assert.Equal(RecordClass.Call, draft.Class);
        Assert.Equal("call", draft.Channel);
        Assert.Contains("3 分 20 秒", draft.Content);
        Assert.Contains("rec/1.mp3", draft.Body);
    }

    [Theory]
    [InlineData("2026-11-20 14:05:00", "2026-11-20T06:05:00Z")]  // local time in the call centre (UTC+8)
    [InlineData("2026/11/20 9:05", "2026-11-20T01:05:00Z")]
    [InlineData("2026-11-20T14:05:00+09:00", "2026-11-20T05:05:00Z")] // an offset wins
    [InlineData("2026-11-20T06:05:00Z", "2026-11-20T06:05:00Z")]
    [InlineData("1763618700", "2025-11-20T06:05:00Z")]               // unix seconds
    public void Start_times_are_read_in_the_call_centres_zone_unless_they_carry_an_offset(string start, string expectedUtc)
    {
        var draft = Assert.IsType<ArchiveDraft>(Draft("0755-86001005", "13800001111", start, "60", "呼出"));
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), draft.At);
    }

    [Fact]
    public void An_excel_date_cell_is_a_local_time_too()
    {
        var draft = Assert.IsType<ArchiveDraft>(Draft("0755-86001005", "13800001111", new DateTime(2026, 11, 20, 14, 5, 0), "60", "呼出"));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 6, 5, 0, TimeSpan.Zero), draft.At);
    }

    [Theory]
    [InlineData("", "13800001111", "2026-11-20 14:05:00", "60", "呼出", "caller")]
    [InlineData("0755-86001005", "", "2026-11-20 14:05:00", "60", "呼出", "callee")]
    [InlineData("0755-86001005", "13800001111", "20/11/2026 14:05", "60", "呼出", "start")]
    [InlineData("0755-86001005", "13800001111", "", "60", "呼出", "start")]
    [InlineData("0755-86001005", "13800001111", "2026-11-20 14:05:00", "-5", "呼出", "duration")]
    [InlineData("0755-86001005", "13800001111", "2026-11-20 14:05:00", "三分钟", "呼出", "duration")]
    [InlineData("0755-86001005", "13800001111", "2026-11-20 14:05:00", "60", "转接", "direction")]
    public void A_row_missing_or_garbling_a_column_is_rejected_naming_it(string caller, string callee, string start, string duration,
        string direction, string error)
    {
        var rejected = Assert.IsType<RejectedDraft>(Draft(caller, callee, start, duration, direction, id: "c-1"));
        Assert.Equal(error, rejected.Error);
        Assert.Equal("c-1", rejected.SourceId);
    }

    [Fact]
    public void Without_a_call_id_the_same_call_gets_the_same_source_id()
    {
        var a = Assert.IsType<ArchiveDraft>(Draft("0755-86001005", "13800001111", "2026-11-20 14:05:00", "60", "呼出"));
        var b = Assert.IsType<ArchiveDraft>(Draft("0755-86001005", "13800001111", "2026-11-20 14:05:00", "61", "呼出"));
        var c = Assert.IsType<ArchiveDraft>(Draft("0755-86001005", "13800001111", "2026-11-20 14:06:00", "60", "呼出"));
        Assert.Equal(a.SourceId, b.SourceId);
        Assert.NotEqual(a.SourceId, c.SourceId);
        Assert.Equal("c-9", Assert.IsType<ArchiveDraft>(Draft("0755-86001005", "13800001111", "2026-11-20 14:05:00", "60", "呼出", "c-9")).SourceId);
    }

    [Theory]
    [InlineData("caller", "callee", "start", "duration", "direction")]
    [InlineData("主叫号码", "被叫号码", "呼叫时间", "通话时长", "呼叫方向")]
    [InlineData(" Caller ", "CALLEE", "Start_Time", "duration_seconds", "Direction")]
    public void Headings_are_recognised_in_Chinese_and_English(params string[] headings)
    {
        var columns = CallColumns.Match(headings);
        Assert.All(CallColumns.Required, c => Assert.True(columns.ContainsKey(c), c));
    }
}
