using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Renhe.Modules.Integrations.WeCom.Settings;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Time;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Integrations.WeCom.Messages;

/// 消息推送: each person's switches (their own only), and the send log for whoever manages WeCom.
public sealed class WorkMessageService(
    IDbContextFactory<AppDbContext> dbs, CurrentUser currentUser, WeComSettingsService settings, Microsoft.Extensions.Configuration.IConfiguration configuration,
    InputValidator validator, TimeProvider clock, BranchCalendar calendar, AuditService audit, IStringLocalizer<Strings> l)
{
    public const int ExportLimit = 10_000;

    // ---- a person's switches ----

    public async Task<WorkMessagePreferencesView> MineAsync(CancellationToken ct)
    {
        var me = currentUser.UserId ?? throw new NotFoundException();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var off = await db.Set<WorkMessagePreference>().AsNoTracking().Where(p => p.UserId == me && !p.Enabled).Select(p => p.Kind).ToListAsync(ct);
        var account = await db.Users.AsNoTracking().Where(u => u.Id == me)
            .Select(u => db.Employees.Where(e => e.Id == u.EmployeeId).Select(e => e.WeComUserId).FirstOrDefault()).FirstOrDefaultAsync(ct);
        return new WorkMessagePreferencesView(await settings.IsConfiguredAsync(ct), !string.IsNullOrWhiteSpace(account),
            WorkMessageKinds.All.Select(k => new WorkMessagePreferenceItem(k, l[WorkMessageKinds.NameKey(k)], !off.Contains(k))).ToList());
    }

    /// Turns one kind on or off for the caller, from now on: notices made while it was off stay in
    /// the bell only, even once it is on again.
    public async Task<WorkMessagePreferencesView> SetAsync(WorkMessagePreferenceInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        var me = currentUser.UserId ?? throw new NotFoundException();
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var kind = input.Kind!.Value;
            var row = await db.Set<WorkMessagePreference>().SingleOrDefaultAsync(p => p.UserId == me && p.Kind == kind, ct);
            if (row is null) db.Add(row = new WorkMessagePreference { UserId = me, Kind = kind, Enabled = true });
            if (row.Enabled != input.Enabled!.Value || db.Entry(row).State == EntityState.Added)
            {
                row.Enabled = input.Enabled.Value;
                row.ChangedAt = clock.GetUtcNow();
            }
            await db.SaveChangesAsync(ct);
        }
        return await MineAsync(ct);
    }

    // ---- the send log ----

    public async Task<WorkMessageStatusView> StatusAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var url = WorkMessageSender.PublicUrl(configuration);
        return new WorkMessageStatusView(await settings.IsConfiguredAsync(ct), url is not null, url,
            await db.Set<WorkMessage>().CountAsync(m => m.State == WorkMessageState.Pending, ct),
            await db.Set<WorkMessage>().CountAsync(m => m.State == WorkMessageState.Failed, ct));
    }

    public async Task<WorkMessagePage> ListAsync(WorkMessageQuery query, CancellationToken ct)
    {
        validator.EnsureValid(query);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var filtered = await FilterAsync(db, query, ct);
        var page = query.Page ?? 1;
        var size = query.PageSize ?? 50;
        var total = await filtered.CountAsync(ct);
        var rows = await filtered.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new WorkMessagePage(rows.Select(Item).ToList(), total);
    }

    /// 立即重试: a failed message goes out on the sender's next pass (within a minute).
    public async Task RetryAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var message = await db.Set<WorkMessage>().SingleOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException();
        message.RetryNow(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    /// The filtered log as Excel (at most <see cref="ExportLimit"/> rows, newest first), in the
    /// viewer's zone; audited with the filters and the count.
    public async Task<byte[]> ExportAsync(WorkMessageQuery query, CancellationToken ct)
    {
        validator.EnsureValid(query);
        var zone = await calendar.ViewerZoneAsync(currentUser, ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rows = await (await FilterAsync(db, query, ct)).OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(ExportLimit).ToListAsync(ct);
        string At(DateTimeOffset? t) => t is { } v ? TimeZoneInfo.ConvertTime(v, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "";
        var sheet = rows.Select(Item).Select(m => new Dictionary<string, object?>
        {
            [l["WorkMessage.Log.CreatedAt"]] = At(m.CreatedAt),
            [l["WorkMessage.Log.Person"]] = m.RecipientName,
            [l["WorkMessage.Log.WeComUserId"]] = m.WeComUserId ?? "",
            [l["WorkMessage.Log.Kind"]] = m.KindName,
            [l["WorkMessage.Log.Title"]] = m.Title,
            [l["WorkMessage.Log.State"]] = m.StateName,
            [l["WorkMessage.Log.Attempts"]] = m.Attempts,
            [l["WorkMessage.Log.ErrCode"]] = m.ErrCode,
            [l["WorkMessage.Log.Reason"]] = m.Reason ?? "",
            [l["WorkMessage.Log.SentAt"]] = At(m.SentAt),
        }).ToList();
        if (sheet.Count == 0) sheet.Add(new Dictionary<string, object?> { [l["WorkMessage.Log.CreatedAt"]] = null, [l["WorkMessage.Log.Person"]] = null });
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheet, sheetName: l["WorkMessage.Log.Title.Page"], cancellationToken: ct);
        await audit.RecordAsync(AuditAction.Export, "integrations.wecom-message", null,
            JsonSerializer.Serialize(new { state = query.State?.ToString(), kind = query.Kind?.ToString(), query.Person, query.From, query.To, rows = rows.Count }), ct);
        return stream.ToArray();
    }

    private async Task<IQueryable<WorkMessage>> FilterAsync(AppDbContext db, WorkMessageQuery query, CancellationToken ct)
    {
        var q = db.Set<WorkMessage>().AsNoTracking();
        if (query.State is { } state) q = q.Where(m => m.State == state);
        if (query.Kind is { } kind) q = q.Where(m => m.Kind == kind);
        if (!string.IsNullOrWhiteSpace(query.Person))
        {
            var person = query.Person.Trim();
            q = q.Where(m => m.RecipientName.Contains(person) || m.WeComUserId == person);
        }
        if (query.From is not null || query.To is not null)
        {
            var zone = await calendar.ViewerZoneAsync(currentUser, ct);
            var (from, to) = BranchCalendar.RangeUtc(query.From ?? DateOnly.MinValue.AddDays(1), query.To ?? DateOnly.MaxValue, zone);
            if (query.From is not null) q = q.Where(m => m.CreatedAt >= from);
            if (query.To is not null) q = q.Where(m => m.CreatedAt < to);
        }
        return q;
    }

    private WorkMessageListItem Item(WorkMessage m) =>
        new(m.Id, m.CreatedAt, m.RecipientName, m.WeComUserId, m.Kind, l[WorkMessageKinds.NameKey(m.Kind)], m.Title, m.State,
            l["WorkMessage.State." + m.State], m.Attempts, m.ErrCode, m.ReasonText ?? (m.ReasonKey is { } key ? l[key].Value : null),
            m.LastAttemptAt, m.SentAt, m.NextAttemptAt);
}
