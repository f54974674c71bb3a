using Renhe.Platform.Time;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Renhe.Platform.Data;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Platform.Notifications;

public sealed record NotificationItem(Guid Id, string Text, string TextKey, IReadOnlyList<string> Args, string? Link, DateTimeOffset CreatedAt,
    DateTimeOffset? ReadAt);

/// A user's own notifications. Modules add them inside their own save (<see cref="Add"/>), so a
/// comment and the notice of it are stored together or not at all. Each user sees and marks only theirs.
public sealed class NotificationService(IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser, TimeProvider clock, BranchCalendar calendar,
    IStringLocalizer<Strings> l)
{
    public static void Add(AppDbContext db, Guid recipientUserId, string textKey, IEnumerable<string> args, string? link, DateTimeOffset now) =>
        db.Notifications.Add(new Notification { RecipientUserId = recipientUserId, TextKey = textKey, Args = args.ToList(), Link = link, CreatedAt = now });

    public async Task<IReadOnlyList<NotificationItem>> MineAsync(bool unreadOnly, CancellationToken ct)
    {
        if (currentUser.UserId is not { } me) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Notifications.AsNoTracking().Where(n => n.RecipientUserId == me);
        if (unreadOnly) query = query.Where(n => n.ReadAt == null);
        var rows = await query.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(100).ToListAsync(ct);
        return rows.Select(n => new NotificationItem(n.Id, l[n.TextKey, n.Args.Cast<object>().ToArray()], n.TextKey, n.Args, n.Link, n.CreatedAt, n.ReadAt))
            .ToList();
    }

    /// The reader's branch time zone, in which the list shows when each notice came.
    public async Task<TimeZoneInfo> ZoneAsync(CancellationToken ct)
    {
        return await calendar.ViewerZoneAsync(currentUser, ct);
    }

    public async Task<int> CountUnreadAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.UserId() is not { } me) return 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.CountAsync(n => n.RecipientUserId == me && n.ReadAt == null, ct);
    }

    /// Marks one of the caller's notifications read; someone else's reads as not found.
    public async Task MarkReadAsync(Guid id, CancellationToken ct)
    {
        var me = currentUser.UserId;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var n = await db.Notifications.SingleOrDefaultAsync(x => x.Id == id && x.RecipientUserId == me, ct) ?? throw new NotFoundException();
        n.ReadAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    public async Task<int> MarkAllReadAsync(CancellationToken ct)
    {
        var me = currentUser.UserId;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unread = await db.Notifications.Where(x => x.RecipientUserId == me && x.ReadAt == null).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var n in unread) n.ReadAt = now;
        await db.SaveChangesAsync(ct);
        return unread.Count;
    }
}
