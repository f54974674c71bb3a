using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Risk.Archive;

/// A message from a channel other than WeCom's chat archive (email, DingTalk, a call centre).
public sealed record GenericArchiveItem(
    [property: Required, MaxLength(32)] string? Channel,
    [property: Required, MaxLength(200)] string? SourceId,
    /// The employee's number or WeCom user id; unknown ones are kept and flagged.
    [property: MaxLength(200)] string? Employee,
    [property: MaxLength(200)] string? Counterpart,
    [property: Required, DateWindow(DateKind.Report)] DateTimeOffset? Time,
    [property: MaxLength(FieldLimits.LongText), MultilineText] string? Content);

/// WeCom chat-archive messages as decrypted JSON (kept verbatim) and/or generic items.
public sealed record ArchiveBatchRequest(
    [property: MaxLength(5000)] List<JsonElement>? Messages,
    [property: MaxLength(5000)] List<GenericArchiveItem>? Items);

public sealed record ArchiveBatchResponse(int Stored, int Duplicates, int Rejected, IReadOnlyList<AppendResult> Results);

/// What an import did; each rejection with its line or row and the reason in the caller's language.
public sealed record ImportResponse(int Stored, int Duplicates, int Rejected, IReadOnlyList<ImportRejectionResponse> Rejections);

public sealed record ImportRejectionResponse(int Line, string? SourceId, string Error, string Message);

public sealed record LegalHoldRequest(Guid? EmployeeId, [property: MaxLength(200)] string? Counterpart,
    [property: Required, MaxLength(500)] string? Reason);
