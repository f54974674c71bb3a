using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Renhe.Platform.Data;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Platform.Audit;

/// One disclosure of the caller's own data: when, who (their name, investigators included: knowing
/// who processed one's data is the person's right under PIPL art. 44–45), and what, in words.
public sealed record DataAccessRow(Guid Id, DateTimeOffset At, string? Who, AuditAction Action, string Subject, string Description);

public sealed record DataAccessPage(int Total, int Page, int PageSize, IReadOnlyList<DataAccessRow> Items);

/// 我的数据访问记录: the audit entries that name the signed-in employee as their subject, newest
/// first. Only ever the caller's own; nobody reads another person's list here (auditors have the
/// audit log itself).
public sealed class DataAccessQuery(IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser, IStringLocalizer<Strings> l)
{
    public const int MaxPageSize = 100;

    public async Task<DataAccessPage> MineAsync(int page, int pageSize, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        var me = access.EmployeeId ?? throw new DomainException("Org.NoEmployeeRecord") { StatusCode = StatusCodes.Status404NotFound };
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.AuditEntries.AsNoTracking().Where(e => e.SubjectEmployeeId == me);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(e => new
            {
                e.Id, e.At, e.Action, e.Entity, e.UserName,
                DisplayName = db.Users.Where(u => u.Id == e.UserId).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return new DataAccessPage(total, page, pageSize, rows.Select(r => new DataAccessRow(r.Id, r.At,
            string.IsNullOrWhiteSpace(r.DisplayName) ? r.UserName : r.DisplayName, r.Action, r.Entity, Describe(r.Action, r.Entity))).ToList());
    }

    /// "DataAccess.Read.risk.archive.search" → 检索了你的沟通记录; an unknown subject (a newer
    /// module, an integration's own) is still shown, by its code.
    public string Describe(AuditAction action, string subject) =>
        l.Or($"DataAccess.{action}.{subject}", l["DataAccess.Other", l["Audit.Action." + action].Value, subject].Value);
}
