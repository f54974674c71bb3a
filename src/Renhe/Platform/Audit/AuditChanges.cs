using System.Text.Json;

namespace Renhe.Platform.Audit;

/// One field of a recorded change. Old is absent for inserts, New for deletes.
public sealed record AuditFieldChange(string Field, string? Old, string? New, bool HasOld, bool HasNew);

/// Reads the "changes" column for people. The interceptor writes { field: { old, new } }; sensitive
/// reads and exports carry free detail (often JSON of another shape), which is shown as it is.
public static class AuditChanges
{
    /// The field changes, or null when the text is not in the interceptor's shape.
    public static IReadOnlyList<AuditFieldChange>? Parse(string? changes)
    {
        if (string.IsNullOrWhiteSpace(changes)) return [];
        try
        {
            using var doc = JsonDocument.Parse(changes);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            var result = new List<AuditFieldChange>();
            foreach (var field in doc.RootElement.EnumerateObject())
            {
                if (field.Value.ValueKind != JsonValueKind.Object) return null;
                var hasOld = field.Value.TryGetProperty("old", out var old);
                var hasNew = field.Value.TryGetProperty("new", out var @new);
                if (!hasOld && !hasNew) return null;
                result.Add(new AuditFieldChange(field.Name, hasOld ? Text(old) : null, hasNew ? Text(@new) : null, hasOld, hasNew));
            }
            return result;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// Free detail indented for reading when it is JSON, unchanged otherwise.
    public static string Pretty(string? detail)
    {
        if (string.IsNullOrWhiteSpace(detail)) return "";
        try
        {
            using var doc = JsonDocument.Parse(detail);
            return JsonSerializer.Serialize(doc.RootElement, Indented);
        }
        catch (JsonException)
        {
            return detail;
        }
    }

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Chinese names stay readable instead of becoming \uXXXX escapes.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };
}
