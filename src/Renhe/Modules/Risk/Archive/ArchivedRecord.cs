namespace Renhe.Modules.Risk.Archive;

/// One archived communication: a chat message, a call, a customer-contact event or an item from
/// another channel. Append-only: nobody updates a record (a recall or a correction is a new record
/// that references the old by <see cref="ReferencedSourceId"/>), and rows leave only through the
/// retention purge, which records what it removed (<see cref="ArchivePurge"/>). Database triggers
/// enforce both (ADR 0007). Reading content needs risk.archive.search; ingesting, risk.archive.ingest.
public sealed class ArchivedRecord : Renhe.Platform.Audit.IAuditedByOwner
{
    public long Seq { get; set; }
    public RecordClass Class { get; set; }
    /// Where it came from: "wecom-chat", "wecom-contact", "call", "email", …
    public string Channel { get; set; } = "";
    /// The channel's own id (WeCom msgid); with Channel, what makes ingestion idempotent.
    public string SourceId { get; set; } = "";
    public Guid? EmployeeId { get; set; }
    /// No employee matched: kept and flagged, never dropped.
    public bool UnknownEmployee { get; set; }
    /// The sender as the channel named them (WeCom user id, phone, address).
    public string? SenderRaw { get; set; }
    /// The customer's WeCom external user id; the sales module links customers by it.
    public string? CounterpartExternalId { get; set; }
    public string? CounterpartPhone { get; set; }
    public string? CounterpartRaw { get; set; }
    public DateTimeOffset At { get; set; }
    /// For chats, WeCom's msgtype (text, revoke, image…); for contact events, the change type.
    public string? MsgType { get; set; }
    public string? Action { get; set; }
    /// For a recall, the source id of the recalled message (which stays as it was).
    public string? ReferencedSourceId { get; set; }
    /// The searchable, scanned text.
    public string? Content { get; set; }
    /// The message as received (JSON), for evidence.
    public string? Body { get; set; }
    public byte[] Hash { get; set; } = [];
    public byte[] PreviousHash { get; set; } = [];
    /// When it was archived; not part of the hash (it is the archive's, not the message's).
    public DateTimeOffset ArchivedAt { get; set; }

    /// The fields the chain hash covers, in their fixed canonical order (never reorder: stored
    /// hashes depend on it).
    public IReadOnlyList<string?> ChainFields() =>
    [
        Class.ToString(), Channel, SourceId, EmployeeId?.ToString("D"), UnknownEmployee ? "1" : "0", SenderRaw,
        CounterpartExternalId, CounterpartPhone, CounterpartRaw, HashChain.Time(At), MsgType, Action,
        ReferencedSourceId, Content, Body,
    ];
}

public enum RecordClass
{
    Generic,
    ChatMessage,
    Call,
    ContactEvent,
}

/// A sensitive-word hit found at ingest; derived data, so outside the chain.
public sealed class ScanHitRecord : Renhe.Platform.Audit.IAuditedByOwner
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public long Seq { get; set; }
    public string Category { get; set; } = "";
    public string Word { get; set; } = "";
    public int Start { get; set; }
    public int Length { get; set; }
    public Renhe.Modules.Risk.Scanning.HitSeverity Severity { get; set; }
}

/// The single row that serialises appends: the next seq and the hash to chain onto. Updated in the
/// same transaction as the records, so two writers (two instances) can never take the same seq.
public sealed class ArchiveHead : Renhe.Platform.Audit.IAuditedByOwner
{
    public int Id { get; set; } = 1;
    public long LastSeq { get; set; }
    public byte[] LastHash { get; set; } = HashChain.Genesis;
}

/// A signed chain head. Append-only.
public sealed class ArchiveDigestRecord
{
    public DateOnly Day { get; set; }
    public long HeadSeq { get; set; }
    public byte[] HeadHash { get; set; } = [];
    public long RecordCount { get; set; }
    public byte[] Signature { get; set; } = [];
    /// Which key signed it (a fingerprint, never the key).
    public string KeyId { get; set; } = "";
    /// How it is signed: <see cref="ArchiveDigest.SchemeHmac"/> (digests before public-key
    /// signing) or <see cref="ArchiveDigest.SchemeEcdsa"/>.
    public string Scheme { get; set; } = ArchiveDigest.SchemeEcdsa;
    public DateTimeOffset SignedAt { get; set; }
}

/// An RFC 3161 time-stamp of a signed digest's signature, from the configured authority. A row of
/// its own, because digests are append-only and a time-stamp may arrive a run later (the TSA was
/// down). Append-only.
public sealed class ArchiveDigestTimestamp
{
    public DateOnly Day { get; set; }
    /// The TimeStampToken (CMS SignedData, DER) as the authority returned it.
    public byte[] Token { get; set; } = [];
    /// The authority's time (genTime).
    public DateTimeOffset TimestampedAt { get; set; }
    public string Authority { get; set; } = "";
}

/// What one purge removed: a contiguous seq range and the hash of its last record, onto which the
/// next remaining record chains. Append-only; its presence is what lets the database delete rows.
public sealed class ArchivePurge
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public long FirstSeq { get; set; }
    public long LastSeq { get; set; }
    public byte[] LastPurgedHash { get; set; } = [];
    public int RecordCount { get; set; }
    public int HitCount { get; set; }
    public DateTimeOffset PurgedAt { get; set; }
    public string PurgedBy { get; set; } = "";
    public string Reason { get; set; } = "";
}

/// Keeps an employee's and/or a counterpart's records from being purged while open.
public sealed class LegalHold
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? EmployeeId { get; set; }
    /// Matched against the counterpart's external id, phone and raw id.
    public string? Counterpart { get; set; }
    public string Reason { get; set; } = "";
    public DateTimeOffset OpenedAt { get; set; }
    public string OpenedBy { get; set; } = "";
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
}
