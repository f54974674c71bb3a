using System.Text.Json;

namespace Renhe.Tests.Platform.Api;

/// What a schema of the OpenAPI document allows, reduced to what the fuzzer needs to build a
/// plausible value and the wrong ones: its kind, whether null is allowed, enum values, the
/// properties of an object and the items of an array.
internal enum SchemaKind { Any, Object, Array, String, Uuid, Date, DateTime, Integer, Number, Boolean, Enum, File }

internal sealed record Schema(SchemaKind Kind)
{
    public bool Nullable { get; init; }
    public IReadOnlyList<string> EnumValues { get; init; } = [];
    public IReadOnlyList<SchemaProperty> Properties { get; init; } = [];
    public Schema? Items { get; init; }
    public int? MaxLength { get; init; }

    public static readonly Schema Anything = new(SchemaKind.Any);
}

internal sealed record SchemaProperty(string Name, Schema Schema, bool Required);

internal sealed record ApiParameter(string Name, string In, Schema Schema, bool Required);

internal sealed record ApiOperation(string Method, string Path, IReadOnlyList<ApiParameter> Parameters, string? BodyContentType, Schema? Body)
{
    public string Name => $"{Method} {Path}";

    /// Requests that may write: the ones whose refusal must leave every row as it was.
    public bool Changes => Method is "POST" or "PUT" or "PATCH" or "DELETE";

    public IEnumerable<ApiParameter> In(string where) => Parameters.Where(p => p.In == where);
}

/// Reads the operations of a Microsoft.AspNetCore.OpenApi document (OpenAPI 3.1: "type" may be a
/// list, nullable references are oneOf [null, $ref]), resolving $ref into components/schemas.
internal sealed class OpenApiModel
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];
    private const int MaxDepth = 8;
    private readonly JsonElement _root;

    public OpenApiModel(JsonElement root)
    {
        _root = root;
        Operations = ReadOperations().ToList();
    }

    public IReadOnlyList<ApiOperation> Operations { get; }

    private IEnumerable<ApiOperation> ReadOperations()
    {
        foreach (var path in _root.GetProperty("paths").EnumerateObject())
        {
            var shared = path.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
            foreach (var method in Methods)
            {
                if (!path.Value.TryGetProperty(method, out var operation)) continue;
                var parameters = shared
                    .Concat(operation.TryGetProperty("parameters", out var own) ? own.EnumerateArray() : [])
                    .Select(Deref)
                    .Select(x => new ApiParameter(x.GetProperty("name").GetString()!, x.GetProperty("in").GetString()!,
                        x.TryGetProperty("schema", out var s) ? Read(s) : Schema.Anything,
                        x.TryGetProperty("required", out var r) && r.GetBoolean()))
                    .ToList();
                string? contentType = null;
                Schema? body = null;
                if (operation.TryGetProperty("requestBody", out var requestBody)
                    && Deref(requestBody).TryGetProperty("content", out var content))
                {
                    foreach (var candidate in new[] { "application/json", "multipart/form-data" })
                    {
                        if (!content.TryGetProperty(candidate, out var media)) continue;
                        contentType = candidate;
                        body = media.TryGetProperty("schema", out var s) ? Read(s) : Schema.Anything;
                        break;
                    }
                }
                yield return new ApiOperation(method.ToUpperInvariant(), path.Name, parameters, contentType, body);
            }
        }
    }

    private JsonElement Deref(JsonElement element)
    {
        for (var i = 0; i < MaxDepth && element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$ref", out var r); i++)
        {
            var target = _root;
            foreach (var part in r.GetString()!.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
                target = target.GetProperty(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
            element = target;
        }
        return element;
    }

    public Schema Read(JsonElement schema, int depth = 0)
    {
        if (depth > MaxDepth || schema.ValueKind != JsonValueKind.Object) return Schema.Anything;
        schema = Deref(schema);

        foreach (var choice in new[] { "oneOf", "anyOf" })
        {
            if (!schema.TryGetProperty(choice, out var branches)) continue;
            var list = branches.EnumerateArray().Select(Deref).ToList();
            var nullable = list.Any(IsNullOnly);
            var chosen = list.FirstOrDefault(b => !IsNullOnly(b));
            var read = chosen.ValueKind == JsonValueKind.Object ? Read(chosen, depth + 1) : Schema.Anything;
            return read with { Nullable = read.Nullable || nullable };
        }

        if (schema.TryGetProperty("allOf", out var parts))
        {
            var merged = parts.EnumerateArray().Select(x => Read(x, depth + 1)).ToList();
            return new Schema(SchemaKind.Object) { Properties = merged.SelectMany(m => m.Properties).ToList() };
        }

        var types = Types(schema);
        var isNullable = types.Remove("null");
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        int? maxLength = schema.TryGetProperty("maxLength", out var ml) && ml.TryGetInt32(out var m) ? m : null;

        if (schema.TryGetProperty("enum", out var values))
            return new Schema(SchemaKind.Enum)
            {
                Nullable = isNullable,
                EnumValues = values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList(),
            };
        if (types.Contains("array"))
            return new Schema(SchemaKind.Array)
            {
                Nullable = isNullable,
                Items = schema.TryGetProperty("items", out var items) ? Read(items, depth + 1) : null,
            };
        if (types.Contains("object") || schema.TryGetProperty("properties", out _))
        {
            var required = schema.TryGetProperty("required", out var req)
                ? req.EnumerateArray().Select(x => x.GetString()!).ToHashSet(StringComparer.Ordinal)
                : [];
            var properties = schema.TryGetProperty("properties", out var props)
                ? props.EnumerateObject().Select(x => new SchemaProperty(x.Name, Read(x.Value, depth + 1), required.Contains(x.Name))).ToList()
                : [];
            return new Schema(SchemaKind.Object) { Nullable = isNullable, Properties = properties };
        }
        var kind = types switch
        {
            _ when types.Contains("integer") => SchemaKind.Integer,
            _ when types.Contains("number") => SchemaKind.Number,
            _ when types.Contains("boolean") => SchemaKind.Boolean,
            _ when types.Contains("string") => format switch
            {
                "uuid" => SchemaKind.Uuid,
                "date" => SchemaKind.Date,
                "date-time" => SchemaKind.DateTime,
                "binary" => SchemaKind.File,
                _ => SchemaKind.String,
            },
            _ => SchemaKind.Any,
        };
        return new Schema(kind) { Nullable = isNullable, MaxLength = maxLength };
    }

    private static HashSet<string> Types(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type)) return [];
        return type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()!).ToHashSet(StringComparer.Ordinal)
            : [type.GetString()!];
    }

    private static bool IsNullOnly(JsonElement schema) =>
        schema.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null";
}
