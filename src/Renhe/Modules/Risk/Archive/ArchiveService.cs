using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Risk.Lexicon;
using Renhe.Modules.Risk.Scanning;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;

namespace Renhe.Modules.Risk.Archive;

/// A message as a channel delivered it, before the archive resolves who the employee is. Sender
/// and Recipients are the channel's raw ids (WeCom user ids, external ids, employee numbers);
/// the employee is the first of them that names an employee, the counterpart the first other.
public sealed record ArchiveDraft(
    RecordClass Class,
    string Channel,
    string SourceId,
    DateTimeOffset At,
    string? Sender,
    IReadOnlyList<string> Recipients,
    string? Content,
    string? Body,
    string? MsgType = null,
    string? Action = null,
    string? ReferencedSourceId = null,
    string? Counterpart = null);

public enum AppendStatus { Stored, Duplicate, Rejected }

public sealed record AppendResult(int Index, string? Channel, string? SourceId, AppendStatus Status, long? Seq = null,
    bool UnknownEmployee = false, int Hits = 0, string? Error = null);

/// An input the parser already refused, carried along so the batch's result list stays complete.
public sealed record RejectedDraft(string? Channel, string? SourceId, string Error);

/// Appends to the tamper-evident archive. Appends are serialised across instances by the single
/// head row (risk_archive_head): it is read under a write lock (SQLite's immediate transaction,
/// PostgreSQL's SELECT … FOR UPDATE) and updated in the same transaction as the records, so seq
/// and chain never fork. A batch is checked first (shape, duplicates), then every accepted
/// message is stored with its scan hits in one transaction: each message is stored whole or not
/// at all, and the result list says what happened to each.
public sealed class ArchiveService(IDbContextFactory<AppDbContext> dbFactory, AuditService audit, TimeProvider clock,
    LexiconScanner scanner, ArchiveSearchIndexer indexer, ILogger<ArchiveService> log)
{
    public const string ChannelWeComChat = "wecom-chat";
    public const string ChannelWeComContact = "wecom-contact";

    public Task<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<object> inputs, CancellationToken ct) =>
        AppendAsync(inputs, alongside: null, ct);

    public Task<IReadOnlyList<AppendResult>> AppendAsync(ArchiveDraft draft, CancellationToken ct) => AppendAsync([draft], ct);

    /// Appends one draft and, when the archive takes it (stored now, or already stored by an earlier
    /// push), runs <paramref name="alongside"/> on the same context inside the same transaction:
    /// what it saves is committed with the record or not at all, and if it throws nothing is
    /// archived. A draft the archive refuses runs nothing.
    public async Task<AppendResult> AppendAsync(ArchiveDraft draft, Func<AppDbContext, CancellationToken, Task> alongside, CancellationToken ct) =>
        (await AppendAsync([draft], alongside, ct))[0];

    private async Task<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<object> inputs,
        Func<AppDbContext, CancellationToken, Task>? alongside, CancellationToken ct)
    {
        var results = new AppendResult?[inputs.Count];
        var drafts = new List<(int Index, ArchiveDraft Draft)>();
        var seenInBatch = new HashSet<(string, string)>();
        for (var i = 0; i < inputs.Count; i++)
        {
            switch (inputs[i])
            {
                case RejectedDraft r:
                    results[i] = new AppendResult(i, r.Channel, r.SourceId, AppendStatus.Rejected, Error: r.Error);
                    break;
                case ArchiveDraft d when Problem(d) is { } problem:
                    results[i] = new AppendResult(i, d.Channel, d.SourceId, AppendStatus.Rejected, Error: problem);
                    break;
                case ArchiveDraft d when !seenInBatch.Add((d.Channel, d.SourceId)):
                    results[i] = new AppendResult(i, d.Channel, d.SourceId, AppendStatus.Duplicate);
                    break;
                case ArchiveDraft d:
                    drafts.Add((i, d));
                    break;
                default:
                    throw new ArgumentException("Inputs are drafts or rejections.", nameof(inputs));
            }
        }

        if (drafts.Count > 0)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            // The one entity EF tracks here is the head; it is checked for changes explicitly.
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var employees = await ResolveEmployeesAsync(db, drafts.Select(d => d.Draft), ct);
            var now = clock.GetUtcNow();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var head = await LockHeadAsync(db, ct);

            // Checked under the lock, so a concurrent writer's batch is already visible.
            var existing = await ExistingAsync(db, drafts.Select(d => d.Draft), ct);
            long first = head.LastSeq + 1;
            var storedRecords = new List<ArchivedRecord>(drafts.Count);
            var hitRecords = new List<ScanHitRecord>();
            foreach (var (index, draft) in drafts)
            {
                if (existing.Contains((draft.Channel, draft.SourceId)))
                {
                    results[index] = new AppendResult(index, draft.Channel, draft.SourceId, AppendStatus.Duplicate);
                    continue;
                }
                var record = Build(draft, employees, now);
                record.Seq = head.LastSeq + 1;
                record.PreviousHash = head.LastHash;
                record.Hash = HashChain.ComputeHash(record.Seq, record.ChainFields(), record.PreviousHash);
                head.LastSeq = record.Seq;
                head.LastHash = record.Hash;
                storedRecords.Add(record);

                var found = record.Content is null ? [] : scanner.Scan(record.Content);
                foreach (var h in found)
                    hitRecords.Add(new ScanHitRecord
                    {
                        Seq = record.Seq, Category = h.Category, Word = h.Word, Start = h.Start, Length = h.Length, Severity = h.Severity,
                    });
                results[index] = new AppendResult(index, draft.Channel, draft.SourceId, AppendStatus.Stored, record.Seq,
                    record.UnknownEmployee, found.Count);
            }
            // Records, hits and (SQLite) search-index rows go in below EF (ArchiveRows: a prepared
            // INSERT on SQLite, binary COPY on PostgreSQL), in the same transaction: a stored record
            // always has its hits. PostgreSQL's search rows follow once this commits
            // (ArchiveSearchIndexer), outside the head lock.
            await ArchiveRows.InsertAsync(db, storedRecords, hitRecords, ct);
            var stored = storedRecords.Count;
            var hits = hitRecords.Count;
            // The batch's audit entry is saved with the head, in the batch's transaction: written
            // after the commit, it was lost when the process died between the two (a kill -9 test
            // found batches stored without their entry, which a replay, seeing duplicates, never wrote).
            if (stored > 0)
                audit.Add(db, AuditAction.Insert, "risk.archive", $"{first}..{head.LastSeq}", JsonSerializer.Serialize(new { stored, hits }));
            db.Entry(head).DetectChanges();
            await db.SaveChangesAsync(ct);
            if (alongside is not null)
            {
                // The caller works with EF as usual; the head is saved and no longer changes.
                db.ChangeTracker.AutoDetectChangesEnabled = true;
                await alongside(db, ct);
            }
            await tx.CommitAsync(ct);
            if (stored > 0 && db.Database.IsNpgsql()) indexer.Signal();
            if (stored > 0)
                log.LogInformation("Archived {Count} records, seq {First}..{Last}, {Hits} scanner hits", stored, first, head.LastSeq, hits);
        }
        return results.Select(r => r!).ToList();
    }

    internal static async Task<ArchiveHead> LockHeadAsync(AppDbContext db, CancellationToken ct)
    {
        ArchiveHead? head;
        if (db.Database.IsNpgsql())
        {
            // The row lock is what serialises writers on PostgreSQL; a missing row is created by
            // the migration, so FOR UPDATE always has something to lock.
            head = await db.ArchiveHeads.FromSqlRaw("SELECT * FROM risk_archive_head WHERE \"Id\" = 1 FOR UPDATE").SingleOrDefaultAsync(ct);
        }
        else
        {
            // SQLite: the transaction is BEGIN IMMEDIATE, which already holds the database's write lock.
            head = await db.ArchiveHeads.SingleOrDefaultAsync(h => h.Id == 1, ct);
        }
        if (head is null)
        {
            head = new ArchiveHead();
            db.ArchiveHeads.Add(head);
        }
        return head;
    }

    private static string? Problem(ArchiveDraft d)
    {
        if (string.IsNullOrWhiteSpace(d.Channel) || d.Channel.Length > 32) return "channel";
        if (string.IsNullOrWhiteSpace(d.SourceId) || d.SourceId.Length > 200) return "sourceId";
        if (d.At == default) return "time";
        // The chain hashes UTF-8 and refuses lone surrogates; PostgreSQL's text refuses NUL. Either
        // would fail the whole batch's transaction, so the one message is refused instead.
        string?[] texts = [d.Sender, d.Counterpart, d.Content, d.Body, d.MsgType, d.Action, d.ReferencedSourceId, d.Channel, d.SourceId, .. d.Recipients];
        return texts.Any(t => t is not null && !IsStorable(t)) ? "text" : null;
    }

    private static bool IsStorable(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\0') return false;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(c)) return false;
        }
        return true;
    }

    private static async Task<HashSet<(string, string)>> ExistingAsync(AppDbContext db, IEnumerable<ArchiveDraft> drafts, CancellationToken ct)
    {
        var set = new HashSet<(string, string)>();
        foreach (var byChannel in drafts.GroupBy(d => d.Channel))
        {
            var ids = byChannel.Select(d => d.SourceId).Distinct().ToList();
            if (db.Database.IsNpgsql())
            {
                // One probe of the unique (channel, source id) index per id, whatever the planner
                // knows. Asked `"Channel" = $1 AND "SourceId" = ANY ($2)` before the table's first
                // ANALYZE (a new archive, or one just restored), PostgreSQL took a channel for a
                // handful of records and read every record of it, each batch: 41 ms at 100,000
                // records against 0.9 ms probing (EXPLAIN ANALYZE), growing with the archive. The
                // lateral LIMIT 1 leaves it no plan but the probe.
                var found = await db.Database.SqlQuery<string>($"""
                    SELECT i.id AS "Value" FROM unnest({ids.ToArray()}::text[]) AS i(id)
                    CROSS JOIN LATERAL (SELECT 1 FROM risk_archived_record r WHERE r."Channel" = {byChannel.Key} AND r."SourceId" = i.id LIMIT 1) r
                    """).ToListAsync(ct);
                foreach (var id in found) set.Add((byChannel.Key, id));
                continue;
            }
            foreach (var chunk in ids.Chunk(500))
            {
                // One array parameter (EF.Parameter), not EF Core 10's default of a parameter per
                // element: Microsoft.Data.Sqlite binds each by looking its name up among all of
                // them, and 500 of them cost milliseconds per batch.
                var found = await db.ArchivedRecords.Where(r => r.Channel == byChannel.Key && EF.Parameter(chunk).Contains(r.SourceId))
                    .Select(r => r.SourceId).ToListAsync(ct);
                foreach (var id in found) set.Add((byChannel.Key, id));
            }
        }
        return set;
    }

    /// Employees by WeCom user id and by employee number (generic channels name them either way).
    private static async Task<Dictionary<string, Guid>> ResolveEmployeesAsync(AppDbContext db, IEnumerable<ArchiveDraft> drafts, CancellationToken ct)
    {
        var keys = drafts.SelectMany(d => d.Recipients.Prepend(d.Sender ?? "")).Where(k => k.Length > 0).Distinct().ToList();
        var map = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(500))
        {
            // One array parameter, as in ExistingAsync.
            var rows = await db.Employees.Where(e => EF.Parameter(chunk).Contains(e.WeComUserId!) || EF.Parameter(chunk).Contains(e.EmployeeNumber))
                .Select(e => new { e.Id, e.WeComUserId, e.EmployeeNumber }).ToListAsync(ct);
            foreach (var e in rows)
            {
                if (e.WeComUserId is not null) map.TryAdd(e.WeComUserId, e.Id);
                map.TryAdd(e.EmployeeNumber, e.Id);
            }
        }
        return map;
    }

    private static ArchivedRecord Build(ArchiveDraft d, Dictionary<string, Guid> employees, DateTimeOffset now)
    {
        var parties = d.Recipients.Prepend(d.Sender).Where(p => !string.IsNullOrEmpty(p)).Select(p => p!).ToList();
        var employeeKey = parties.FirstOrDefault(employees.ContainsKey);
        var counterpart = d.Counterpart ?? parties.FirstOrDefault(p => p != employeeKey && !employees.ContainsKey(p));
        return new ArchivedRecord
        {
            Class = d.Class,
            Channel = d.Channel,
            SourceId = d.SourceId,
            EmployeeId = employeeKey is null ? null : employees[employeeKey],
            UnknownEmployee = employeeKey is null,
            SenderRaw = Cap(d.Sender, 200),
            CounterpartExternalId = IsWeComExternalId(counterpart) ? counterpart : null,
            CounterpartPhone = IsPhone(counterpart) ? counterpart : null,
            CounterpartRaw = Cap(counterpart, 200),
            // Both databases keep at least milliseconds (SQLite's converter: 0.1 ms): hash what is stored.
            At = DateTimeOffset.FromUnixTimeMilliseconds(d.At.ToUnixTimeMilliseconds()),
            MsgType = Cap(d.MsgType, 40),
            Action = Cap(d.Action, 20),
            ReferencedSourceId = Cap(d.ReferencedSourceId, 200),
            Content = d.Content,
            Body = d.Body,
            ArchivedAt = now,
        };
    }

    // WeCom external contacts' ids start with wm (customers) or wo (WeCom-less WeChat users).
    private static bool IsWeComExternalId(string? id) =>
        id is { Length: > 2 and <= 100 } && (id.StartsWith("wm", StringComparison.Ordinal) || id.StartsWith("wo", StringComparison.Ordinal));

    private static bool IsPhone(string? id) =>
        id is { Length: >= 5 and <= 30 } && id.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' ');

    private static string? Cap(string? s, int max) => s is null || s.Length <= max ? s : s[..max];
}
