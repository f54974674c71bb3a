using Renhe.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Risk.Monitoring;
using Renhe.Platform.Data;

namespace Renhe.Modules.Risk.Demo;

/// The demo company's monitoring notice, loaded by --demo after <see cref="Renhe.Modules.Org.Demo.DemoOrgSeeder"/>:
/// version 1, published by HR (陈静) 200 days ago, before the demo archive begins. Everyone employed
/// acknowledged it on publication or on their first day, except 李四 (on probation, hired last
/// month), 冯雪 and 苏晴 — so the status table has people to follow up, and 李四 meets the notice
/// when he signs in. A second run changes nothing.
public sealed class DemoNoticeSeeder(IDbContextFactory<AppDbContext> dbFactory, BranchCalendar calendar)
{
    public const string Title = "员工工作通讯监控告知书";

    /// Not yet acknowledged in the demo.
    public static readonly string[] Pending = ["李四", "冯雪", "苏晴"];

    public const string Text = """
        为保护公司客户资产、防范私单和飞单等违规行为，并满足法律法规的合规要求，公司依据《中华人民共和国个人信息保护法》第十三条、第十七条，就工作通讯的收集与使用告知如下：

        一、收集的内容
        1. 企业微信工作会话：你使用公司企业微信账号与客户、同事之间的工作消息（文字、图片、文件、语音及撤回记录），通过企业微信“会话内容存档”功能获取；
        2. 通话记录：使用公司工作电话或呼叫系统的通话时间、时长、对方号码及录音（如有）；
        3. 客户联系事件：添加、删除客户，客户删除你，客户转接等企业微信客户联系事件。
        不收集你的个人微信、私人手机及与工作无关的任何内容。

        二、使用目的
        仅用于客户资产保护与合规管理：发现私下交易、引导客户至个人账户、辱骂客户等风险行为，以及在劳动争议、仲裁中作为证据。不用于与上述目的无关的绩效评价或其他用途。

        三、保存期限
        上述记录自产生之日起保存 180 天，到期自动删除；仅当相关事项进入调查或仲裁（法律保全）时延长保存至事项结束，删除操作均有记录。

        四、谁可以查看
        仅合规/审计岗位经授权的人员可以检索和查看记录。每一次检索、查看和导出都会被记录在审计日志中，并在“我的档案 → 我的数据访问记录”中向你本人公开：谁、在什么时间、查看了你的哪些记录。

        五、你的权利
        你有权查阅、复制与你有关的记录，对不准确的信息要求更正，对处理方式提出异议。如有疑问或投诉，请联系人事部（陈静，分机 8600 1021）或发送邮件至 privacy@example.com，公司将在 15 个工作日内答复。

        本告知书自发布之日起生效。请仔细阅读，点击“我已阅读并知悉”即表示你已知悉上述内容。
        """;

    public async Task<bool> SeedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.MonitoringNotices.AnyAsync(ct)) return false;
        var zone = await calendar.CompanyZoneAsync(ct);
        var today = calendar.Today(zone);
        DateTimeOffset At(DateOnly day, int hour, int minute) =>
            new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, minute)), zone.BaseUtcOffset).ToUniversalTime();

        var publishedOn = today.AddDays(-200);
        var notice = new MonitoringNotice
        {
            Version = 1, Title = Title, Text = Text.Trim(), PublishedAt = At(publishedOn, 9, 30), PublishedBy = "hr",
        };
        db.MonitoringNotices.Add(notice);

        var employees = await db.Employees.AsNoTracking()
            .Where(e => e.Status != EmploymentStatus.Left && e.Status != EmploymentStatus.Candidate)
            .OrderBy(e => e.EmployeeNumber)
            .Select(e => new { e.Id, e.Name, e.HireDate }).ToListAsync(ct);
        var accounts = await db.Users.AsNoTracking().Where(u => u.EmployeeId != null)
            .ToDictionaryAsync(u => u.EmployeeId!.Value, u => u.Id, ct);
        foreach (var (e, i) in employees.Select((e, i) => (e, i)))
        {
            if (Pending.Contains(e.Name)) continue;
            // Those already employed read it within days of publication; newcomers on their first day.
            var at = e.HireDate > publishedOn ? At(e.HireDate, 10, 15 + i % 40) : At(publishedOn.AddDays(i % 4), 10 + i % 7, i * 7 % 60);
            db.MonitoringAcknowledgements.Add(new MonitoringAcknowledgement
            {
                EmployeeId = e.Id, NoticeVersion = 1, AcknowledgedAt = at,
                UserId = accounts.TryGetValue(e.Id, out var userId) ? userId : null,
            });
        }
        await db.SaveChangesAsync(ct);
        return true;
    }
}
