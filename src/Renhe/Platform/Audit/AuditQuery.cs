using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;

namespace Renhe.Platform.Audit;

public sealed record AuditFilter(
    string? Entity = null, string? EntityKey = null, string? UserName = null, AuditAction? Action = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null);

/// One entry as stored: codes, ids and keys as the log keeps them (AuditDescriber puts them in words).
public sealed record AuditRow(Guid Id, DateTimeOffset At, string? UserName, AuditAction Action, string Entity,
    string? EntityKey, string? Changes, string? RequestId, Guid? UserId = null, Guid? SubjectEmployeeId = null);

public sealed record AuditPage(IReadOnlyList<AuditRow> Items, int Total);

/// Reads the audit log for the audit page, its API and the Excel export. Newest first.
public sealed class AuditQuery(IDbContextFactory<AppDbContext> dbFactory)
{
    public const int MaxExportRows = 100_000;

    public async Task<AuditPage> PageAsync(AuditFilter filter, int page, int pageSize, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Apply(db.AuditEntries.AsNoTracking(), filter);
        var total = await query.CountAsync(ct);
        var items = await Project(query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip(Math.Max(0, page) * pageSize).Take(pageSize)).ToListAsync(ct);
        return new AuditPage(items, total);
    }

    public async Task<IReadOnlyList<AuditRow>> ExportRowsAsync(AuditFilter filter, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Project(Apply(db.AuditEntries.AsNoTracking(), filter)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(MaxExportRows)).ToListAsync(ct);
    }

    private static IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> q, AuditFilter f)
    {
        if (!string.IsNullOrWhiteSpace(f.Entity))
        {
            // "org_*" asks for every table of a module; anything else is one subject exactly.
            if (f.Entity.EndsWith('*'))
            {
                var prefix = f.Entity.TrimEnd('*');
                q = q.Where(e => e.Entity.StartsWith(prefix));
            }
            else q = q.Where(e => e.Entity == f.Entity);
        }
        if (!string.IsNullOrWhiteSpace(f.EntityKey)) q = q.Where(e => e.EntityKey == f.EntityKey);
        if (!string.IsNullOrWhiteSpace(f.UserName)) q = q.Where(e => e.UserName == f.UserName);
        if (f.Action is { } action) q = q.Where(e => e.Action == action);
        // Stored instants are UTC (ADR 0001); PostgreSQL refuses to compare timestamptz with another offset.
        if (f.From is { } from) { var utc = from.ToUniversalTime(); q = q.Where(e => e.At >= utc); }
        if (f.To is { } to) { var utc = to.ToUniversalTime(); q = q.Where(e => e.At < utc); }
        return q;
    }

    private static IQueryable<AuditRow> Project(IQueryable<AuditEntry> q) =>
        q.Select(e => new AuditRow(e.Id, e.At, e.UserName, e.Action, e.Entity, e.EntityKey, e.Changes, e.RequestId, e.UserId, e.SubjectEmployeeId));
}
