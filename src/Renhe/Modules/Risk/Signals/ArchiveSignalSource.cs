using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Risk.Archive;
using Renhe.Platform.Data;
using Renhe.Platform.Signals;

namespace Renhe.Modules.Risk.Signals;

/// What the communication archive says a person did, at the time the channel dated it: sensitive
/// words in their messages (one signal per hit, in the hit's lexicon category), messages they
/// recalled, and customer contacts deleted (by them or by the customer). Each signal links to its
/// archive record by seq. Three queries, whatever the range.
public sealed class ArchiveSignalSource : ISignalSource
{
    /// WeCom's chat archive stores a recall as a message of its own with msgtype "revoke" (its
    /// action is "recall"), naming the recalled message, which stays as it was.
    public const string RecallMsgType = "revoke";

    /// WeCom's external-contact change types: the employee deleted the customer, or the customer
    /// deleted the employee.
    public const string DeletedByEmployee = "del_external_contact";
    public const string DeletedByCustomer = "del_follow_user";
    public const string DeletedByTransfer = "DELETE_BY_TRANSFER";

    public IReadOnlyList<string> Kinds { get; } = [SignalKinds.KeywordHit, SignalKinds.MessageRecall, SignalKinds.CustomerDeleted];

    public async Task<IReadOnlyList<Signal>> LoadAsync(AppDbContext db, DateTimeOffset from, DateTimeOffset to,
        IReadOnlySet<Guid>? people, CancellationToken ct)
    {
        var ids = people?.ToList();
        var records = db.ArchivedRecords.AsNoTracking().Where(r => r.At >= from && r.At < to && r.EmployeeId != null);
        if (ids is not null) records = records.Where(r => EF.Parameter(ids).Contains(r.EmployeeId!.Value));
        var signals = new List<Signal>();

        // A hit counts for the employee of its record, whichever side wrote the words: a customer
        // answering 私下转账 in the person's chat is as much the person's business.
        var hits = await records.Join(db.ScanHits, r => r.Seq, h => h.Seq, (r, h) => new { r.Seq, r.EmployeeId, r.At, h.Category })
            .ToListAsync(ct);
        foreach (var h in hits)
            signals.Add(new Signal(SignalKinds.KeywordHit, h.EmployeeId!.Value, h.At, Record(h.Seq), Category: h.Category));

        // The record's employee is the first party that names one, so a customer's own recall in
        // the person's chat lands on them too: only recalls whose sender is the person count.
        var recalls = await records.Where(r => r.Channel == ArchiveService.ChannelWeComChat && r.MsgType == RecallMsgType)
            .Join(db.Employees, r => r.EmployeeId, e => e.Id, (r, e) => new { r.Seq, r.EmployeeId, r.At, r.SenderRaw, e.WeComUserId, e.EmployeeNumber })
            .Where(x => x.SenderRaw != null && (x.SenderRaw == x.WeComUserId || x.SenderRaw == x.EmployeeNumber))
            .Select(x => new { x.Seq, x.EmployeeId, x.At })
            .ToListAsync(ct);
        foreach (var r in recalls)
            signals.Add(new Signal(SignalKinds.MessageRecall, r.EmployeeId!.Value, r.At, Record(r.Seq)));

        // A deletion WeCom made because the customer was handed over to a colleague (Source
        // DELETE_BY_TRANSFER in the event) was made by neither side.
        var deletions = await records
            .Where(r => r.Channel == ArchiveService.ChannelWeComContact && (r.MsgType == DeletedByEmployee || r.MsgType == DeletedByCustomer)
                        && (r.Body == null || !r.Body.Contains(DeletedByTransfer)))
            .Select(r => new { r.Seq, r.EmployeeId, r.At, r.MsgType })
            .ToListAsync(ct);
        foreach (var d in deletions)
            signals.Add(new Signal(SignalKinds.CustomerDeleted, d.EmployeeId!.Value, d.At, Record(d.Seq),
                Category: d.MsgType == DeletedByEmployee ? SignalKinds.ByEmployee : SignalKinds.ByCustomer));
        return signals;
    }

    private static SignalRef Record(long seq) => new(SignalRecordTypes.Archive, seq.ToString(CultureInfo.InvariantCulture));
}
