using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Risk.Archive;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Risk.Archive;

/// The overview's figures through HTTP: counts for verifiers, flagged employees (names, no content)
/// only for investigators, and every look at who is flagged is audited.
[Trait("Category", "Integration")]
public sealed class ArchiveOverviewTests(SqliteRenheFactory factory) : IClassFixture<SqliteRenheFactory>
{
    [Fact]
    public async Task Flagged_employees_are_counted_per_category_and_only_investigators_see_who()
    {
        var ct = TestContext.Current.CancellationToken;
        var at = new DateTimeOffset(2026, 11, 2, 2, 0, 0, TimeSpan.Zero);
        var id = Guid.NewGuid().ToString("N")[..8];
        var admin = await factory.ClientForAsync("admin");
        var items = new[] { "加我私人微信聊", "转我个人账户", "你好", "拼多多上便宜" }.Select((text, i) => new
        {
            channel = "email", sourceId = $"overview-{id}-{i}", employee = "lisi", counterpart = "wmOverview" + id, time = at.AddMinutes(i), content = text,
        });
        (await admin.PostAsJsonAsync("/api/risk/messages:batch", new { items }, ct)).EnsureSuccessStatusCode();

        var totals = await (await admin.GetAsync("/api/risk/archive/overview", ct)).ReadAsync<ArchiveTotals>();
        Assert.True(totals.Records >= 4 && totals.FlaggedRecords >= 3, $"{totals}");
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/api/risk/archive/flagged-employees", ct)).StatusCode);
        var sales = await factory.ClientForAsync("lisi");
        Assert.Equal(HttpStatusCode.Forbidden, (await sales.GetAsync("/api/risk/archive/overview", ct)).StatusCode);

        var auditor = await factory.ClientForAsync("auditor");
        var flagged = await (await auditor.GetAsync($"/api/risk/archive/flagged-employees?since={Uri.EscapeDataString(at.ToString("O"))}", ct))
            .ReadAsync<List<FlaggedEmployee>>();
        var lisi = Assert.Single(flagged, f => f.Name == "李四");
        Assert.Equal(3, lisi.FlaggedRecords);
        Assert.Equal("销售部", lisi.Department);
        Assert.True(lisi.HitsByCategory.ContainsKey("personal_payment") && lisi.HitsByCategory.ContainsKey("rival_platform"));
        await using var db = factory.OpenDb();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "risk.archive.flagged" && a.UserName == "auditor", ct));
    }

    [Fact]
    public async Task A_message_with_two_words_of_a_category_counts_once_as_a_message_and_twice_as_hits()
    {
        var ct = TestContext.Current.CancellationToken;
        var at = new DateTimeOffset(2027, 3, 2, 2, 0, 0, TimeSpan.Zero);
        var id = Guid.NewGuid().ToString("N")[..8];
        var admin = await factory.ClientForAsync("admin");
        var items = new[] { "转我支付宝或者微信转账都行", "打我卡上" }.Select((text, i) => new
        {
            channel = "email", sourceId = $"overview-two-{id}-{i}", employee = "zhangsan", counterpart = "wmTwo" + id, time = at.AddMinutes(i), content = text,
        });
        (await admin.PostAsJsonAsync("/api/risk/messages:batch", new { items }, ct)).EnsureSuccessStatusCode();

        var auditor = await factory.ClientForAsync("auditor");
        var flagged = await (await auditor.GetAsync($"/api/risk/archive/flagged-employees?since={Uri.EscapeDataString(at.ToString("O"))}", ct))
            .ReadAsync<List<FlaggedEmployee>>();
        var zhangsan = Assert.Single(flagged, f => f.Name == "张三");
        Assert.Equal(2, zhangsan.FlaggedRecords);
        Assert.Equal(3, zhangsan.HitsByCategory["personal_payment"]);
        Assert.Equal(2, zhangsan.MessagesByCategory!["personal_payment"]);
    }
}
