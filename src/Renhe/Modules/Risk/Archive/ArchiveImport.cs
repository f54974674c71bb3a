using Renhe.Platform.Time;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Renhe.Modules.Integrations.WeCom;
using Renhe.Modules.Org.Employees;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;

namespace Renhe.Modules.Risk.Archive;

public sealed record ImportProgress(int Read, int Stored, int Duplicates, int Rejected);

/// A line (JSON lines) or row (CSV, counting the heading as row 1) that was not stored, and why:
/// the error is a code (caller, start, not-json…) the page and the API put into words.
public sealed record ImportRejection(int Line, string? SourceId, string Error);

public sealed record ImportSummary(int Stored, int Duplicates, int Rejected, IReadOnlyList<ImportRejection> Rejections);

/// Files into the archive: WeCom chat-archive messages as JSON lines, and call records as CSV or
/// Excel from a call centre. Both go through <see cref="ArchiveService"/> in batches of 1,000, so
/// they are chained, scanned and idempotent like everything else: a file imported twice, or two
/// files that overlap, store nothing twice. A bad line or row is reported and skipped; the rest of
/// the file is stored (each message stands on its own as evidence).
public sealed class ArchiveImport(ArchiveService archive, IDbContextFactory<AppDbContext> dbFactory)
{
    public const int BatchSize = 1000;
    public const string CallChannel = "call";
    /// Call centres write local times; without a time zone given, they are China Standard Time.
    public const string DefaultCallTimeZone = BranchCalendar.DefaultZoneId;
    /// At most this many rejections are listed (all are counted).
    private const int MaxListed = 1000;

    public async Task<ImportSummary> ImportChatsAsync(Stream jsonLines, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var run = new Run(archive, progress);
        using var reader = new StreamReader(jsonLines);
        var line = 0;
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            object input;
            try
            {
                using var doc = JsonDocument.Parse(text);
                input = ChatArchiveMessage.Parse(doc.RootElement.Clone());
            }
            catch (JsonException)
            {
                input = new RejectedDraft(ArchiveService.ChannelWeComChat, null, "not-json");
            }
            await run.AddAsync(line, input, ct);
        }
        return await run.FinishAsync(ct);
    }

    /// Call records, one per row, with headings in Chinese or English (see <see cref="CallColumns"/>).
    /// Times without an offset are read in <paramref name="zone"/> (the call centre's clock).
    public async Task<ImportSummary> ImportCallsAsync(Stream file, string fileName, TimeZoneInfo zone, IProgress<ImportProgress>? progress,
        CancellationToken ct)
    {
        var type = Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".csv" => ExcelType.CSV,
            ".xlsx" => ExcelType.XLSX,
            _ => throw new DomainException("Risk.Import.CallFileType") { Field = "file" },
        };
        List<IDictionary<string, object?>> rows;
        try
        {
            rows = await Spreadsheets.ReadRowsAsync(file, type, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new DomainException("Risk.Import.Unreadable") { Field = "file" };
        }
        if (rows.Count == 0) throw new DomainException("Risk.Import.Empty") { Field = "file" };
        var columns = CallColumns.Match(rows[0].Keys);
        var missing = CallColumns.Required.Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            throw new DomainException("Risk.Import.MissingColumns", string.Join("、", missing.Select(c => CallColumns.Names[c][0]))) { Field = "file" };

        var phones = await EmployeePhonesAsync(ct);
        var run = new Run(archive, progress);
        for (var i = 0; i < rows.Count; i++)
            await run.AddAsync(i + 2, CallRecord.ToDraft(rows[i], columns, zone, phones), ct);
        return await run.FinishAsync(ct);
    }

    /// Work phones → employee numbers: a call centre knows extensions and phones, the archive
    /// resolves employees by number or WeCom id.
    private async Task<Dictionary<string, string>> EmployeePhonesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Employees.AsNoTracking().Where(e => e.WorkPhone != null).Select(e => new { e.WorkPhone, e.EmployeeNumber }).ToListAsync(ct);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in rows)
            if (PersonalData.NormalisePhone(e.WorkPhone) is { Length: > 0 } phone) map.TryAdd(phone, e.EmployeeNumber);
        return map;
    }

    /// Collects inputs into batches and tallies what became of them.
    private sealed class Run(ArchiveService archive, IProgress<ImportProgress>? progress)
    {
        private readonly List<object> _batch = [];
        private readonly List<int> _lines = [];
        private readonly List<ImportRejection> _rejections = [];
        private int _read, _stored, _duplicates, _rejected;

        public async Task AddAsync(int line, object input, CancellationToken ct)
        {
            _read++;
            _batch.Add(input);
            _lines.Add(line);
            if (_batch.Count >= BatchSize) await FlushAsync(ct);
        }

        public async Task<ImportSummary> FinishAsync(CancellationToken ct)
        {
            await FlushAsync(ct);
            return new ImportSummary(_stored, _duplicates, _rejected, _rejections);
        }

        private async Task FlushAsync(CancellationToken ct)
        {
            if (_batch.Count == 0) return;
            foreach (var r in await archive.AppendAsync(_batch, ct))
            {
                switch (r.Status)
                {
                    case AppendStatus.Stored: _stored++; break;
                    case AppendStatus.Duplicate: _duplicates++; break;
                    default:
                        _rejected++;
                        if (_rejections.Count < MaxListed) _rejections.Add(new ImportRejection(_lines[r.Index], r.SourceId, r.Error ?? "invalid"));
                        break;
                }
            }
            _batch.Clear();
            _lines.Clear();
            progress?.Report(new ImportProgress(_read, _stored, _duplicates, _rejected));
        }
    }
}

/// The columns of a call-record file and the headings they go by.
public static class CallColumns
{
    public const string Caller = "caller", Callee = "callee", Start = "start", Duration = "duration", Direction = "direction",
        Recording = "recording", CallId = "callId";

    public static readonly string[] Required = [Caller, Callee, Start, Duration, Direction];

    /// The first name is the one the template and messages use.
    public static readonly IReadOnlyDictionary<string, string[]> Names = new Dictionary<string, string[]>
    {
        [Caller] = ["主叫", "主叫号码", "caller"],
        [Callee] = ["被叫", "被叫号码", "callee"],
        [Start] = ["开始时间", "呼叫时间", "start", "start_time", "starttime"],
        [Duration] = ["通话时长(秒)", "通话时长（秒）", "通话时长", "时长", "duration", "duration_seconds"],
        [Direction] = ["方向", "呼叫方向", "direction"],
        [Recording] = ["录音", "录音文件", "录音地址", "recording", "recording_url"],
        [CallId] = ["通话ID", "通话编号", "call_id", "callid", "id"],
    };

    public static Dictionary<string, string> Match(IEnumerable<string> headings)
    {
        var found = new Dictionary<string, string>();
        foreach (var heading in headings)
        {
            var clean = heading.Trim();
            foreach (var (column, names) in Names)
                if (!found.ContainsKey(column) && names.Any(n => string.Equals(n, clean, StringComparison.OrdinalIgnoreCase)))
                    found[column] = heading;
        }
        return found;
    }
}

/// One call-centre row → an archive draft. The employee is the caller of an outbound call and the
/// callee of an inbound one; the other party is the counterpart (the sales module links customers
/// by phone). Without a call id the source id is caller, callee and start, which a replay repeats.
public static class CallRecord
{
    private static readonly string[] TimeFormats =
        ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm", "yyyy-MM-ddTHH:mm:ss", "yyyyMMddHHmmss"];

    public static object ToDraft(IDictionary<string, object?> row, IReadOnlyDictionary<string, string> columns, TimeZoneInfo zone,
        IReadOnlyDictionary<string, string> employeeNumbersByPhone)
    {
        string? Cell(string column) =>
            columns.TryGetValue(column, out var heading) && row.TryGetValue(heading, out var v) && v is not null
            && Convert.ToString(v, CultureInfo.InvariantCulture)?.Trim() is { Length: > 0 } s ? s : null;

        var caller = Cell(CallColumns.Caller);
        var callee = Cell(CallColumns.Callee);
        var callId = Cell(CallColumns.CallId);
        RejectedDraft Reject(string error) => new(ArchiveImport.CallChannel, callId, error);
        if (caller is null) return Reject(CallColumns.Caller);
        if (callee is null) return Reject(CallColumns.Callee);
        if (ParseStart(columns.TryGetValue(CallColumns.Start, out var h) && row.TryGetValue(h, out var s) ? s : null, zone) is not { } start)
            return Reject(CallColumns.Start);
        if (!int.TryParse(Cell(CallColumns.Duration), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) || seconds < 0
            || seconds > 24 * 3600)
            return Reject(CallColumns.Duration);
        var outbound = Cell(CallColumns.Direction)?.ToLowerInvariant() switch
        {
            "呼出" or "外呼" or "去电" or "outbound" or "out" or "o" => true,
            "呼入" or "来电" or "inbound" or "in" or "i" => false,
            _ => (bool?)null,
        };
        if (outbound is null) return Reject(CallColumns.Direction);

        var (employee, counterpart) = outbound.Value ? (caller, callee) : (callee, caller);
        var employeeKey = PersonalData.NormalisePhone(employee) is { Length: > 0 } phone && employeeNumbersByPhone.TryGetValue(phone, out var number)
            ? number
            : employee;
        var recording = Cell(CallColumns.Recording);
        var sourceId = callId ?? string.Join('|', caller, callee, start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        var body = JsonSerializer.Serialize(new
        {
            caller, callee, start = start.ToString("O", CultureInfo.InvariantCulture), duration = seconds,
            direction = outbound.Value ? "outbound" : "inbound", recording, callId,
        });
        var content = $"{(outbound.Value ? "呼出" : "呼入")} {counterpart} 通话 {seconds / 60} 分 {seconds % 60} 秒";
        return new ArchiveDraft(RecordClass.Call, ArchiveImport.CallChannel, sourceId, start, employeeKey, [], content, body,
            MsgType: "call", Action: outbound.Value ? "outbound" : "inbound", Counterpart: counterpart);
    }

    private static DateTimeOffset? ParseStart(object? raw, TimeZoneInfo zone)
    {
        switch (raw)
        {
            case null: return null;
            case DateTime dt: return Local(dt, zone);
            case double serial when serial is > 1 and < 73051: return Local(DateTime.FromOADate(serial), zone);
        }
        var text = Convert.ToString(raw, CultureInfo.InvariantCulture)!.Trim();
        // With an offset (ISO 8601) the offset wins; a plain local time is the call centre's.
        if (text.Length > 19 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset)
            && (text.EndsWith('Z') || text[^6] is '+' or '-'))
            return withOffset;
        if (DateTime.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)) return Local(local, zone);
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var unix) && unix is > 1_000_000_000 and < 10_000_000_000)
            return DateTimeOffset.FromUnixTimeSeconds(unix);
        return null;
    }

    private static DateTimeOffset? Local(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local)) return null;
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
