using System.Net;
using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Notifications;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Notifications;

/// Each user reads and marks only their own notifications, in their own language.
[Trait("Category", "Integration")]
public sealed class NotificationApiTests(SqliteRenheFactory factory) : IClassFixture<SqliteRenheFactory>
{
    [Fact]
    public async Task A_user_sees_only_their_own_notifications_reads_them_in_their_language_and_marks_them_read()
    {
        Guid zhangsanUser;
        await using (var db = factory.OpenDb())
        {
            zhangsanUser = await db.Users.Where(u => u.UserName == "zhangsan").Select(u => u.Id).SingleAsync();
            NotificationService.Add(db, zhangsanUser, "Notify.FollowUpCommented", ["张志强", "王建华"], "/sales/follow-ups", DateTimeOffset.UtcNow.AddMinutes(-5));
            NotificationService.Add(db, zhangsanUser, "Notify.FollowUpCommented", ["张志强", "刘丽华"], "/sales/follow-ups", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        var zhangsan = await factory.ClientForAsync("zhangsan");
        var mine = await (await zhangsan.GetAsync("/api/platform/notifications")).ReadAsync<List<NotificationItem>>();
        Assert.Equal(["张志强 点评了你对「刘丽华」的跟进", "张志强 点评了你对「王建华」的跟进"], mine.Take(2).Select(n => n.Text));
        Assert.Equal(2, (await (await zhangsan.GetAsync("/api/platform/notifications/count")).ReadAsync<CountResponse>()).Unread);

        var english = await factory.ClientForAsync("zhangsan", culture: "en");
        Assert.Equal("张志强 commented on your follow-up of 刘丽华",
            (await (await english.GetAsync("/api/platform/notifications")).ReadAsync<List<NotificationItem>>())[0].Text);

        // Someone else neither sees nor marks them.
        var lisi = await factory.ClientForAsync("lisi");
        Assert.DoesNotContain(await (await lisi.GetAsync("/api/platform/notifications")).ReadAsync<List<NotificationItem>>(), n => n.Id == mine[0].Id);
        await (await lisi.PostAsync($"/api/platform/notifications/{mine[0].Id}/read", null)).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.NoContent, (await zhangsan.PostAsync($"/api/platform/notifications/{mine[0].Id}/read", null)).StatusCode);
        Assert.Equal(1, (await (await zhangsan.GetAsync("/api/platform/notifications/count")).ReadAsync<CountResponse>()).Unread);
        Assert.Equal(1, (await (await zhangsan.PostAsync("/api/platform/notifications/read-all", null)).ReadAsync<MarkedResponse>()).Marked);
        Assert.Empty(await (await zhangsan.GetAsync("/api/platform/notifications?unreadOnly=true")).ReadAsync<List<NotificationItem>>());

        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateAnonymousClient().GetAsync("/api/platform/notifications")).StatusCode);
    }

    public sealed record CountResponse(int Unread);
    public sealed record MarkedResponse(int Marked);
}
