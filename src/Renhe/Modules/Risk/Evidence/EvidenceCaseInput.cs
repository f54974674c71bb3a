namespace Renhe.Modules.Risk.Evidence;

/// What a case hands to the evidence package: everything already read within the caller's scope
/// and resolved to readable text, so the package writer needs no knowledge of cases. Archive
/// records are named by sequence number only: the writer reads their canonical bytes and proofs itself.
public sealed record EvidenceCaseInput(
    string CaseNumber,
    string Title,
    string Status,
    string? Outcome,
    DateTimeOffset OpenedAt,
    string OpenedBy,
    IReadOnlyList<EvidenceSubject> Subjects,
    IReadOnlyList<string> Investigators,
    IReadOnlyList<EvidenceTimelineEntry> Timeline,
    IReadOnlyList<EvidenceItemInput> Items,
    IReadOnlyList<EvidenceAcknowledgement> Acknowledgements,
    IReadOnlyList<EvidenceCustodyEntry> Custody);

public sealed record EvidenceSubject(Guid EmployeeId, string Name, string EmployeeNumber, string Department);

public sealed record EvidenceTimelineEntry(DateTimeOffset At, string Who, string What);

/// One piece of evidence. <see cref="Kind"/>: archive, followup, order, custody, approval, audit or
/// alert. For archive items <see cref="ArchiveSeq"/> is set and <see cref="Json"/> is ignored; for the
/// others <see cref="Json"/> is the record as Renhe holds it (UTF-8 JSON), stored as it is.
public sealed record EvidenceItemInput(
    string Kind,
    string Key,
    string Title,
    DateTimeOffset At,
    string CollectedBy,
    DateTimeOffset CollectedAt,
    long? ArchiveSeq,
    string? Json);

/// A subject's acknowledgement of the monitoring notice (ADR 0009): version, its SHA-256, when.
public sealed record EvidenceAcknowledgement(string EmployeeName, int NoticeVersion, string NoticeTitle,
    string NoticeSha256, DateTimeOffset AcknowledgedAt);

/// Who viewed or exported the case, from the audit log.
public sealed record EvidenceCustodyEntry(DateTimeOffset At, string Who, string Action);

/// Writes the arbitration package (a ZIP) for a case to <paramref name="output"/>.
public interface IEvidencePackageWriter
{
    Task WriteAsync(EvidenceCaseInput input, Stream output, CancellationToken ct);
}
