using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;

namespace Renhe.Modules.Risk.Archive;

public sealed record ArchiveTotals(long Records, long Chats, long Calls, long ContactEvents, long Other, long FlaggedRecords,
    long UnknownEmployee, long Recalls, DateTimeOffset? Oldest, DateTimeOffset? Newest, DateOnly? LastDigest, long? LastDigestSeq);

/// Who has flagged messages, and how many per category: what an investigator looks at first.
/// FlaggedRecords counts messages (each once, however many words it matched); HitsByCategory
/// counts word matches; MessagesByCategory counts messages per category (a message matching two
/// categories is in both, so these may add up to more than FlaggedRecords). Recalls counts every
/// recall by the employee, flagged or not.
public sealed record FlaggedEmployee(Guid? EmployeeId, string? Name, string? Department, int FlaggedRecords, int Recalls,
    IReadOnlyDictionary<string, int> HitsByCategory, DateTimeOffset LastFlaggedAt, IReadOnlyDictionary<string, int>? MessagesByCategory = null);

public sealed record EmployeeChoice(Guid Id, string Name, string Number)
{
    public override string ToString() => $"{Name}（{Number}）";
}

/// Figures about the archive for its overview page. Counts only; the flagged-by-employee list names
/// people and categories but shows no content, and is for holders of risk.archive.search.
public sealed class ArchiveOverviewService(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<ArchiveTotals> TotalsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var byClass = await db.ArchivedRecords.GroupBy(r => r.Class).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(ct);
        long Of(RecordClass c) => byClass.Where(x => x.Key == c).Sum(x => x.Count);
        var flagged = await db.ScanHits.Select(h => h.Seq).Distinct().LongCountAsync(ct);
        var unknown = await db.ArchivedRecords.LongCountAsync(r => r.UnknownEmployee, ct);
        var recalls = await db.ArchivedRecords.LongCountAsync(r => r.Action == "recall", ct);
        var oldest = await db.ArchivedRecords.OrderBy(r => r.At).Select(r => (DateTimeOffset?)r.At).FirstOrDefaultAsync(ct);
        var newest = await db.ArchivedRecords.OrderByDescending(r => r.At).Select(r => (DateTimeOffset?)r.At).FirstOrDefaultAsync(ct);
        var digest = await db.ArchiveDigests.OrderByDescending(d => d.Day).Select(d => new { d.Day, d.HeadSeq }).FirstOrDefaultAsync(ct);
        return new ArchiveTotals(byClass.Sum(x => x.Count), Of(RecordClass.ChatMessage), Of(RecordClass.Call), Of(RecordClass.ContactEvent),
            Of(RecordClass.Generic), flagged, unknown, recalls, oldest, newest, digest?.Day, digest?.HeadSeq);
    }

    /// Everyone whose records may be in the archive (leavers included: their chats are still evidence),
    /// for the search page's employee filter.
    public async Task<IReadOnlyList<EmployeeChoice>> EmployeeChoicesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Employees.AsNoTracking().OrderBy(e => e.EmployeeNumber)
            .Select(e => new EmployeeChoice(e.Id, e.Name, e.EmployeeNumber)).ToListAsync(ct);
    }

    /// Employees with flagged records since <paramref name="since"/>, most flagged first.
    public async Task<IReadOnlyList<FlaggedEmployee>> FlaggedEmployeesAsync(DateTimeOffset? since, int take, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var records = db.ArchivedRecords.AsQueryable();
        // Instants are stored in UTC and PostgreSQL takes only UTC parameters (ADR 0001).
        if (since is { } s) { var utc = s.ToUniversalTime(); records = records.Where(r => r.At >= utc); }
        var hits = await (from h in db.ScanHits
                          join r in records on h.Seq equals r.Seq
                          group h by new { r.EmployeeId, h.Category } into g
                          select new { g.Key.EmployeeId, g.Key.Category, Hits = g.Count(), Messages = g.Select(h => h.Seq).Distinct().Count() })
            .ToListAsync(ct);
        var perEmployee = await (from r in records
                                 where db.ScanHits.Any(h => h.Seq == r.Seq)
                                 group r by r.EmployeeId into g
                                 select new { EmployeeId = g.Key, Records = g.Count(), Last = g.Max(r => r.At) }).ToListAsync(ct);
        var recalls = await records.Where(r => r.Action == "recall").GroupBy(r => r.EmployeeId)
            .Select(g => new { EmployeeId = g.Key, Count = g.Count() }).ToListAsync(ct);
        var ids = perEmployee.Where(p => p.EmployeeId != null).Select(p => p.EmployeeId!.Value).ToList();
        var people = await (from e in db.Employees
                            where ids.Contains(e.Id)
                            join d in db.Departments on e.DepartmentId equals d.Id
                            select new { e.Id, e.Name, Department = d.Name }).ToDictionaryAsync(e => e.Id, ct);

        return perEmployee
            .Select(p => new FlaggedEmployee(p.EmployeeId,
                p.EmployeeId is { } id && people.TryGetValue(id, out var person) ? person.Name : null,
                p.EmployeeId is { } id2 && people.TryGetValue(id2, out var person2) ? person2.Department : null,
                p.Records,
                recalls.Where(r => r.EmployeeId == p.EmployeeId).Sum(r => r.Count),
                hits.Where(h => h.EmployeeId == p.EmployeeId).OrderByDescending(h => h.Hits).ToDictionary(h => h.Category, h => h.Hits),
                p.Last,
                hits.Where(h => h.EmployeeId == p.EmployeeId).OrderByDescending(h => h.Messages).ThenByDescending(h => h.Hits)
                    .ToDictionary(h => h.Category, h => h.Messages)))
            .OrderByDescending(f => f.FlaggedRecords).ThenBy(f => f.Name, StringComparer.Ordinal)
            .Take(take).ToList();
    }
}
