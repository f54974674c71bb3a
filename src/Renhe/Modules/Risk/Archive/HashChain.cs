using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Renhe.Modules.Risk.Archive;

/// The tamper-evident chain of the communication archive: each record's hash covers its sequence
/// number, its fields and the previous record's hash, so changing, removing, inserting or moving
/// a record breaks the chain at that point. SHA-256 has no key: someone with write access could
/// recompute every hash from the change to the head, which is why the head is signed daily
/// (<see cref="ArchiveDigest"/>) and verification takes those signed heads as checkpoints.
///
/// Canonical encoding (version 1), the exact bytes hashed:
///
///   "RHC1"                     4 ASCII bytes: format and version, so a future encoding cannot
///                              collide with this one
///   seq                        int64, big-endian
///   field count                uint32, big-endian
///   for each field, in order:  uint32 big-endian byte length, then the UTF-8 bytes;
///                              null is the length 0xFFFFFFFF with no bytes (so null ≠ "")
///   previous hash              32 bytes (32 zero bytes before the first record)
///
/// hash = SHA-256(encoding). Length prefixes make the encoding unambiguous: ("ab","c") and
/// ("a","bc") differ. The field order is fixed by the caller (the archive's record type) and
/// must never change for stored records; values are already canonical text: times through
/// <see cref="Time"/>, numbers through <see cref="Number"/>. Strings with lone surrogates are
/// refused rather than silently replaced, so two different strings never encode alike.
public static class HashChain
{
    public const int HashSize = 32;
    private const uint NullLength = uint.MaxValue;
    private static readonly byte[] Magic = "RHC1"u8.ToArray();
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// The "previous hash" of the first record.
    public static byte[] Genesis => new byte[HashSize];

    public static string Time(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static byte[] Encode(long seq, IReadOnlyList<string?> fields, ReadOnlySpan<byte> previousHash)
    {
        if (previousHash.Length != HashSize) throw new ArgumentException("The previous hash is 32 bytes.", nameof(previousHash));
        var size = Magic.Length + 8 + 4 + HashSize;
        foreach (var field in fields) size += 4 + (field is null ? 0 : StrictUtf8.GetByteCount(field));

        var buffer = new byte[size];
        var span = buffer.AsSpan();
        Magic.CopyTo(span);
        var at = Magic.Length;
        BinaryPrimitives.WriteInt64BigEndian(span[at..], seq);
        at += 8;
        BinaryPrimitives.WriteUInt32BigEndian(span[at..], (uint)fields.Count);
        at += 4;
        foreach (var field in fields)
        {
            if (field is null)
            {
                BinaryPrimitives.WriteUInt32BigEndian(span[at..], NullLength);
                at += 4;
                continue;
            }
            var written = StrictUtf8.GetBytes(field, span[(at + 4)..]);
            BinaryPrimitives.WriteUInt32BigEndian(span[at..], (uint)written);
            at += 4 + written;
        }
        previousHash.CopyTo(span[at..]);
        return buffer;
    }

    public static byte[] ComputeHash(long seq, IReadOnlyList<string?> fields, ReadOnlySpan<byte> previousHash) =>
        SHA256.HashData(Encode(seq, fields, previousHash));

    /// Recomputes the chain over the stored records, which must come in ascending order of seq
    /// (as <c>ORDER BY seq</c> returns them; a duplicated seq appears as adjacent records).
    /// Records are streamed: only a small window around the current one is held, so an archive
    /// of millions of rows verifies in constant memory.
    ///
    /// What is reported, by sequence number:
    /// - Missing: a seq absent from the stored rows and from every recorded purge gap, including
    ///   seqs after the last stored row up to a checkpoint. The record after a missing one cannot
    ///   be checked against its predecessor (that hash is gone) and starts a new verified run.
    /// - Inserted: a second record with an already used seq, or a record inside a purge gap.
    /// - Reordered: a record whose hash is right for another position nearby (a swapped seq).
    /// - Altered: a record whose hash matches neither its fields nor any nearby position. When a
    ///   record was rewritten together with a recomputed hash, the break shows at its successor
    ///   instead; checkpoints narrow such a rewrite to a day.
    /// - CheckpointMismatch: the stored hash at a signed head differs from the signed one.
    /// A record that hashes correctly onto another record's hash nearby is not reported itself:
    /// its own content is intact, and the record that broke the link is reported at its own seq.
    public static ChainVerification Verify(
        IEnumerable<ChainRecord> records,
        IEnumerable<PurgeGap>? purgeGaps = null,
        IEnumerable<ChainCheckpoint>? checkpoints = null,
        long firstSeq = 1) =>
        new ChainVerifier(purgeGaps, checkpoints, firstSeq).Run(records);

    private sealed class ChainVerifier
    {
        // How far (in stored rows, each side) to look for where a moved record belongs; a failed
        // record costs up to (2·Reach+1)² hashes, so this stays small.
        private const int Reach = 3;
        private const int Trim = 4096;

        private readonly Dictionary<long, PurgeGap> _gapsByFirst = [];
        private readonly SortedDictionary<long, ChainCheckpoint> _checkpoints = [];
        private readonly Dictionary<long, byte[]> _acceptedAtCheckpoint = [];
        private readonly List<ChainFinding> _findings = [];
        private readonly List<ChainRecord> _window = [];
        private byte[] _prevHash = Genesis;
        private long _prevSeq;
        private bool _prevKnown = true;
        private long _checked;

        public ChainVerifier(IEnumerable<PurgeGap>? gaps, IEnumerable<ChainCheckpoint>? checkpoints, long firstSeq)
        {
            _prevSeq = firstSeq - 1;
            foreach (var gap in gaps ?? [])
            {
                if (gap.LastSeq < gap.FirstSeq || gap.LastPurgedHash.Length != HashSize)
                    throw new ArgumentException($"Purge gap {gap.FirstSeq}..{gap.LastSeq} is malformed.", nameof(gaps));
                if (!_gapsByFirst.TryAdd(gap.FirstSeq, gap))
                    throw new ArgumentException($"Two purge gaps start at {gap.FirstSeq}.", nameof(gaps));
            }
            foreach (var checkpoint in checkpoints ?? []) _checkpoints[checkpoint.Seq] = checkpoint;
        }

        public ChainVerification Run(IEnumerable<ChainRecord> records)
        {
            using var source = records.GetEnumerator();
            var exhausted = false;
            var lastSeenSeq = long.MinValue;
            // Loads rows until index `upTo` is present or the source ends.
            bool Fill(int upTo)
            {
                while (!exhausted && _window.Count <= upTo)
                {
                    if (!source.MoveNext())
                    {
                        exhausted = true;
                        break;
                    }
                    var next = source.Current;
                    if (next.Seq < lastSeenSeq) throw new ArgumentException("Records must be ordered by seq.", nameof(records));
                    lastSeenSeq = next.Seq;
                    _window.Add(next);
                }
                return upTo < _window.Count;
            }

            var current = 0;
            while (Fill(current))
            {
                // All rows sharing this seq (normally one), then Reach rows of look-ahead so a
                // swapped record can be matched both ways.
                var groupEnd = current + 1;
                while (Fill(groupEnd) && _window[groupEnd].Seq == _window[current].Seq) groupEnd++;
                Fill(groupEnd + Reach);
                Process(current, groupEnd);
                current = groupEnd;

                if (current > Trim + Reach)
                {
                    var drop = current - Reach;
                    _window.RemoveRange(0, drop);
                    current -= drop;
                }
            }
            // A purge at the very end still moves the head to the last purged record.
            if (_prevKnown) AdvanceTo(_prevSeq + 1);
            FinishAgainstCheckpoints();
            return new ChainVerification(_findings, _checked, _prevKnown ? _prevSeq : null, _prevKnown ? _prevHash : null);
        }

        private void Process(int first, int end)
        {
            var seq = _window[first].Seq;
            AdvanceTo(seq);
            _checked += end - first;

            if (seq <= _prevSeq)
            {
                var why = InsideGap(seq) ? $"Record {seq} lies inside a purge gap."
                    : seq == _prevSeq ? $"A second record claims seq {seq}."
                    : $"Record {seq} lies before the start of the chain.";
                for (var i = first; i < end; i++) Report(seq, ChainFindingKind.Inserted, why);
                return;
            }

            var chosen = ChooseAmongDuplicates(first, end, seq);
            for (var i = first; i < end; i++)
                if (i != chosen) Report(seq, ChainFindingKind.Inserted, $"A second record claims seq {seq}.");

            var record = _window[chosen];
            if (_prevKnown && !HashesOnto(record, seq, _prevHash)) Classify(chosen, record);

            _prevSeq = seq;
            _prevHash = record.StoredHash;
            _prevKnown = true;
            if (_checkpoints.ContainsKey(seq)) _acceptedAtCheckpoint[seq] = record.StoredHash;
        }

        // Of rows sharing a seq, the genuine one hashes onto its predecessor and is what the
        // next record hashes onto; a forged copy can manage the first but not the second.
        private int ChooseAmongDuplicates(int first, int end, long seq)
        {
            if (end - first == 1 || !_prevKnown) return first;
            var fitting = Enumerable.Range(first, end - first).Where(i => HashesOnto(_window[i], seq, _prevHash)).ToList();
            if (fitting.Count == 0) return first;
            if (end < _window.Count)
                foreach (var i in fitting)
                    if (HashesOnto(_window[end], _window[end].Seq, _window[i].StoredHash)) return i;
            return fitting[0];
        }

        // Moves past purge gaps and missing seqs up to (not including) the given seq.
        private void AdvanceTo(long seq)
        {
            while (true)
            {
                var next = _prevSeq + 1;
                if (_gapsByFirst.TryGetValue(next, out var gap))
                {
                    _prevSeq = gap.LastSeq;
                    _prevHash = gap.LastPurgedHash;
                    _prevKnown = true;
                    continue;
                }
                if (next >= seq) return;
                Report(next, ChainFindingKind.Missing, $"Record {next} is missing and no purge recorded it.");
                _prevSeq = next;
                _prevKnown = false;
            }
        }

        private bool InsideGap(long seq) => _gapsByFirst.Values.Any(g => g.FirstSeq <= seq && seq <= g.LastSeq);

        private void Classify(int index, ChainRecord record)
        {
            var from = Math.Max(0, index - Reach);
            var to = Math.Min(_window.Count - 1, index + Reach);
            // Intact content on another record's hash: its predecessor moved or was replaced,
            // and that is reported where it happened.
            for (var j = from; j <= to; j++)
                if (j != index && HashesOnto(record, record.Seq, _window[j].StoredHash))
                    return;
            // Its hash is right for another seq nearby, on some nearby predecessor: the record
            // was moved (a swapped or renumbered seq).
            for (var p = from; p <= to; p++)
            {
                var position = _window[p].Seq;
                if (position == record.Seq) continue;
                for (var j = from; j <= to; j++)
                    if (j != index && HashesOnto(record, position, _window[j].StoredHash))
                    {
                        Report(record.Seq, ChainFindingKind.Reordered, $"Record {record.Seq} carries the record of seq {position}.");
                        return;
                    }
            }
            Report(record.Seq, ChainFindingKind.Altered, $"Record {record.Seq} does not match its hash chain.");
        }

        private void FinishAgainstCheckpoints()
        {
            foreach (var (seq, checkpoint) in _checkpoints)
            {
                // Rows deleted from the end of the chain leave no gap inside it: only a signed
                // head reveals them.
                if (seq > _prevSeq) AdvanceTo(seq + 1);

                if (_acceptedAtCheckpoint.TryGetValue(seq, out var stored))
                {
                    if (!CryptographicOperations.FixedTimeEquals(stored, checkpoint.Hash))
                        Report(seq, ChainFindingKind.CheckpointMismatch, $"Record {seq} differs from the signed head {checkpoint.Label}.");
                }
                else if (_gapsByFirst.Values.FirstOrDefault(g => g.LastSeq == seq) is { } gap
                         && !CryptographicOperations.FixedTimeEquals(gap.LastPurgedHash, checkpoint.Hash))
                {
                    Report(seq, ChainFindingKind.CheckpointMismatch, $"The purge record of {seq} differs from the signed head {checkpoint.Label}.");
                }
                // Otherwise the seq is missing (reported) or purged mid-gap (nothing left to compare).
            }
            _findings.Sort((a, b) => a.Seq != b.Seq ? a.Seq.CompareTo(b.Seq) : a.Kind.CompareTo(b.Kind));
        }

        private static bool HashesOnto(ChainRecord record, long seq, byte[] previousHash) =>
            record.StoredHash.Length == HashSize
            && CryptographicOperations.FixedTimeEquals(ComputeHash(seq, record.Fields, previousHash), record.StoredHash);

        private void Report(long seq, ChainFindingKind kind, string detail) => _findings.Add(new ChainFinding(seq, kind, detail));
    }
}

/// One stored row as the verifier sees it: its seq, its fields in canonical order and the hash
/// stored with it.
public sealed record ChainRecord(long Seq, IReadOnlyList<string?> Fields, byte[] StoredHash);

/// Written by the retention job when it purges seqs FirstSeq..LastSeq: the hash of the last
/// purged record is what the next remaining record chains onto.
public sealed record PurgeGap(long FirstSeq, long LastSeq, byte[] LastPurgedHash);

/// A chain head whose signature has already been checked (see <see cref="ArchiveDigest"/>).
public sealed record ChainCheckpoint(long Seq, byte[] Hash, string Label);

public enum ChainFindingKind
{
    Altered,
    Inserted,
    Missing,
    Reordered,
    CheckpointMismatch,
}

public sealed record ChainFinding(long Seq, ChainFindingKind Kind, string Detail);

/// HeadSeq and HeadHash are the last verified position, what the next daily digest signs; null
/// when the chain ends in missing records.
public sealed record ChainVerification(IReadOnlyList<ChainFinding> Findings, long RecordsChecked, long? HeadSeq, byte[]? HeadHash)
{
    public bool IsIntact => Findings.Count == 0;
}
