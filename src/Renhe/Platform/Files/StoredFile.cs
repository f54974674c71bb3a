using Renhe.Platform.Audit;

namespace Renhe.Platform.Files;

/// An uploaded file kept in the database, not on one instance's disk, so every instance behind the
/// proxy serves it. Files are attached to something a module owns (<see cref="OwnerKind"/> and
/// <see cref="OwnerId"/>); the module decides who may download, the file store never does.
public sealed class StoredFile
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// What the file belongs to, e.g. "sales.follow-up-comment".
    public string OwnerKind { get; set; } = "";
    public Guid OwnerId { get; set; }
    /// The name the uploader gave it, shown and used on download.
    public string FileName { get; set; } = "";
    /// Decided from the extension we accept, not from what the browser claimed.
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    /// Not copied into the audit log: the log records that a file was stored, not its bytes.
    [AuditRedacted] public byte[] Content { get; set; } = [];
    public Guid? UploadedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// Which uploads are accepted as attachments: images, PDF and Office documents up to
/// <see cref="MaxBytes"/>. The first bytes must match the extension, so a renamed executable is refused.
public static class AttachmentRules
{
    public const long MaxBytes = 10 * 1024 * 1024;

    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".png"] = "image/png", [".gif"] = "image/gif", [".webp"] = "image/webp",
        [".pdf"] = "application/pdf",
        [".doc"] = "application/msword", [".xls"] = "application/vnd.ms-excel", [".ppt"] = "application/vnd.ms-powerpoint",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    };

    public static string Accept => string.Join(",", Types.Keys);

    /// The content type to store, or null when the file is not one we accept (by name or by its first bytes).
    public static string? ContentTypeFor(string fileName, ReadOnlySpan<byte> head)
    {
        var extension = Path.GetExtension(fileName);
        if (!Types.TryGetValue(extension, out var type)) return null;
        return Matches(extension.ToLowerInvariant(), head) ? type : null;
    }

    private static bool Matches(string extension, ReadOnlySpan<byte> head) => extension switch
    {
        ".jpg" or ".jpeg" => head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]),
        ".png" => head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]),
        ".gif" => head.StartsWith("GIF8"u8),
        ".webp" => head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8),
        ".pdf" => head.StartsWith("%PDF"u8),
        // The old binary Office formats are compound files; the new ones are zip packages.
        ".doc" or ".xls" or ".ppt" => head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]),
        _ => head.StartsWith("PK"u8),
    };
}
