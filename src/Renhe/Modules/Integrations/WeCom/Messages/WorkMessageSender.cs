using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Renhe.Modules.Integrations.WeCom.Api;
using Renhe.Platform.Data;
using Renhe.Platform.Localization;
using Renhe.Modules.Integrations.WeCom.Settings;
using Renhe.Platform.Time;
using Renhe.Platform.Ui;

namespace Renhe.Modules.Integrations.WeCom.Messages;

/// What one pass of the sender did.
public sealed record WorkMessagePass(bool Ready, int Queued, int Sent, int Failed);

/// The second channel of the bell (工作消息): turns fresh notices of a pushed kind into outbox rows
/// and sends the rows that are due as WeCom text cards (message/send).
///
/// Nothing happens while WeCom or Renhe's public address is not configured: no row is made, so
/// nothing piles up to burst out on the day WeCom is set up. A notice is picked up only while
/// fresh (<see cref="FreshFor"/>): a push an hour late is no longer news, and the bell still has it.
public sealed class WorkMessageSender(
    IDbContextFactory<AppDbContext> dbs, WeComSettingsService settings, WeComClient client, IConfiguration configuration,
    IStringLocalizer<Strings> l, ILogger<WorkMessageSender> log)
{
    /// How old a notice may be and still be pushed.
    public static readonly TimeSpan FreshFor = TimeSpan.FromHours(1);
    /// Rows made or sent per pass; the rest wait for the next minute.
    public const int BatchSize = 200;
    /// Where a card links when its notice has no link of its own.
    public const string BellPath = "/platform/notifications";
    public const string PublicUrlKey = "Renhe:PublicUrl";

    /// Renhe's address as people's phones reach it (Renhe:PublicUrl), without a trailing slash;
    /// null when missing or not an absolute http(s) address: a card must link somewhere real.
    public static string? PublicUrl(IConfiguration configuration) =>
        Uri.TryCreate(configuration[PublicUrlKey], UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri.GetLeftPart(UriPartial.Path).TrimEnd('/')
            : null;

    public async Task<WorkMessagePass> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (!await settings.IsConfiguredAsync(ct)) return new(false, 0, 0, 0);
        if (PublicUrl(configuration) is not { } baseUrl)
        {
            log.LogWarning("WeCom is configured but {Key} is not set: work messages are not sent until it is.", PublicUrlKey);
            return new(false, 0, 0, 0);
        }
        // The cards are written in the company's language, whoever reads them.
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        try
        {
            var queued = await QueueAsync(baseUrl, now, ct);
            var (sent, failed) = await SendDueAsync(now, ct);
            return new(true, queued, sent, failed);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private async Task<int> QueueAsync(string baseUrl, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var since = now - FreshFor;
        var keys = WorkMessageKinds.NoticeKeys.ToList();
        var notices = await db.Notifications.AsNoTracking()
            .Where(n => n.CreatedAt >= since && keys.Contains(n.TextKey) && !db.Set<WorkMessage>().Any(m => m.NotificationId == n.Id))
            .OrderBy(n => n.CreatedAt).Take(BatchSize).ToListAsync(ct);
        if (notices.Count == 0) return 0;

        var userIds = notices.Select(n => n.RecipientUserId).Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new
            {
                u.Id, u.IsActive, u.DisplayName,
                Employee = db.Employees.Where(e => e.Id == u.EmployeeId).Select(e => new { e.Name, e.WeComUserId, e.BranchId }).FirstOrDefault(),
            })
            .ToDictionaryAsync(u => u.Id, ct);
        var preferences = await db.Set<WorkMessagePreference>().AsNoTracking().Where(p => userIds.Contains(p.UserId))
            .ToDictionaryAsync(p => (p.UserId, p.Kind), ct);
        var zones = await db.Branches.AsNoTracking().ToDictionaryAsync(b => b.Id, b => BranchCalendar.Zone(b.TimeZone), ct);
        var companyZone = BranchCalendar.Zone(await db.Branches.AsNoTracking().OrderBy(b => b.Id).Select(b => b.TimeZone).FirstOrDefaultAsync(ct));

        foreach (var n in notices)
        {
            if (!people.TryGetValue(n.RecipientUserId, out var person)) continue;
            var kind = WorkMessageKinds.ByNoticeKey[n.TextKey];
            var name = person.Employee?.Name ?? person.DisplayName;
            var title = Fit(l[n.TextKey, n.Args.Cast<object>().ToArray()].Value, 128);
            var weComUserId = string.IsNullOrWhiteSpace(person.Employee?.WeComUserId) ? null : person.Employee.WeComUserId.Trim();
            string? skip = !person.IsActive ? "WorkMessage.Reason.Inactive"
                : preferences.TryGetValue((n.RecipientUserId, kind), out var choice) && !choice.Allows(n.CreatedAt) ? "WorkMessage.Reason.TurnedOff"
                : weComUserId is null ? "WorkMessage.Reason.NoWeComAccount"
                : null;
            if (skip is not null)
            {
                db.Add(WorkMessage.Skipped(n.Id, n.RecipientUserId, name, weComUserId, kind, title, skip, now));
                continue;
            }
            var zone = person.Employee is { } e && zones.TryGetValue(e.BranchId, out var z) ? z : companyZone;
            var at = TimeZoneInfo.ConvertTime(n.CreatedAt, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            var description = Fit(l["WorkMessage.Card.Description", l[WorkMessageKinds.NameKey(kind)].Value, at].Value, 512);
            var link = n.Link is { } path && path.StartsWith('/') && !path.StartsWith("//", StringComparison.Ordinal) ? path : BellPath;
            db.Add(WorkMessage.Pending(n.Id, n.RecipientUserId, name, weComUserId!, kind, title, description, baseUrl + link, now));
        }
        await db.SaveChangesAsync(ct);
        return notices.Count;
    }

    private async Task<(int Sent, int Failed)> SendDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var due = await db.Set<WorkMessage>()
            .Where(m => m.State == WorkMessageState.Pending && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id).Take(BatchSize).ToListAsync(ct);
        int sent = 0, failed = 0;
        var button = l["WorkMessage.Card.Button"].Value;
        foreach (var m in due)
        {
            var limited = false;
            try
            {
                var receipt = await client.SendMessageAsync(new WeComMessage([m.WeComUserId!], new WeComTextCard(m.Title, m.Description, m.Url, button)), ct);
                if (receipt.InvalidUsers.Contains(m.WeComUserId!, StringComparer.OrdinalIgnoreCase))
                    m.MarkFailed(null, "WorkMessage.Reason.InvalidUser", null, now);
                else m.MarkSent(receipt.MsgId, now);
            }
            catch (WeComNotConfiguredException)
            {
                // Unconfigured between the check and the send: the rest wait as they are.
                break;
            }
            catch (WeComException e) when (e.IsFrequencyLimit)
            {
                m.MarkRetry(e.ErrCode, null, Fit(l.Explain(e), 500), now);
                limited = true;
            }
            catch (WeComException e)
            {
                m.MarkFailed(e.ErrCode, null, Fit(l.Explain(e), 500), now);
            }
            catch (HttpRequestException e)
            {
                log.LogWarning(e, "Sending work message {Id} did not reach WeCom", m.Id);
                m.MarkRetry(null, "WorkMessage.Reason.Unreachable", null, now);
            }
            catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
            {
                log.LogWarning(e, "Sending work message {Id} timed out", m.Id);
                m.MarkRetry(null, "WorkMessage.Reason.Unreachable", null, now);
            }
            if (m.State == WorkMessageState.Sent) sent++;
            else if (m.State == WorkMessageState.Failed) failed++;
            // Each outcome is stored at once: a pass cut short never sends a message twice.
            await db.SaveChangesAsync(ct);
            // WeCom's limit is for the whole app: the rest of the pass would meet it too.
            if (limited) break;
        }
        return (sent, failed);
    }

    /// Cuts text to WeCom's limit in UTF-8 bytes, never inside a character.
    public static string Fit(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes) return text;
        var end = text.Length;
        while (end > 0 && Encoding.UTF8.GetByteCount(text.AsSpan(0, end)) > maxBytes - 3) end--;
        if (end > 0 && char.IsHighSurrogate(text[end - 1])) end--;
        return text[..end] + "…";
    }
}
