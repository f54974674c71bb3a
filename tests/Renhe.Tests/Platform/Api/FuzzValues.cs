using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Renhe.Tests.Platform.Api;

/// Values seen in the answers of the read operations, so that a baseline request names things that
/// exist: ids by the property that held them and by the collection they were listed in, a few
/// strings (permission keys, role names, request types), and each listed object by its id.
internal sealed class ValuePools
{
    private const int PerName = 40;
    private static readonly string[] TextNames = ["requestType", "category", "severity", "timeZone", "channel"];
    private readonly Dictionary<string, List<JsonElement>> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<string>> _idsByCollection = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _namesByCollection = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonElement> _objectsById = new(StringComparer.OrdinalIgnoreCase);

    /// Ids the fuzzer must never aim at: its own account, its own employee record and the roles it
    /// holds (taking those away would make every later call meaningless).
    public HashSet<string> Protected { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="collection">The path template of the read operation that answered.</param>
    /// <param name="named">The path value the answer was read by, for objects without an "id" of their own (an approval flow by its request type).</param>
    public void Harvest(string collection, JsonElement answer, string? named = null)
    {
        answer = answer.Clone();
        if (named is not null && answer.ValueKind == JsonValueKind.Object) _objectsById[named] = answer;
        Walk(collection, answer, parentArray: null, depth: 0);
    }

    private void Walk(string collection, JsonElement element, string? parentArray, int depth)
    {
        if (depth > 12) return;
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray()) Walk(collection, item, parentArray, depth + 1);
            return;
        }
        if (element.ValueKind != JsonValueKind.Object) return;
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            switch (value.ValueKind)
            {
                case JsonValueKind.String or JsonValueKind.Number:
                    Add(_byName, property.Name, value);
                    if (property.Name == "id" && value.ValueKind == JsonValueKind.String)
                    {
                        var id = value.GetString()!;
                        _objectsById[id] = element;
                        if (depth <= 2) Add(_idsByCollection, collection, id);
                        // An attachment listed under "attachments" is what a {fileId} or attachmentId names.
                        if (parentArray is not null) Add(_byName, Singular(parentArray) + "Id", value);
                    }
                    if (property.Name == "name" && value.ValueKind == JsonValueKind.String && depth <= 2)
                        Add(_namesByCollection, collection, value.GetString()!);
                    break;
                case JsonValueKind.Array:
                    Walk(collection, value, property.Name, depth + 1);
                    break;
                case JsonValueKind.Object:
                    Walk(collection, value, parentArray, depth + 1);
                    break;
            }
        }
    }

    private static void Add<T>(Dictionary<string, List<T>> pool, string key, T value)
    {
        if (!pool.TryGetValue(key, out var list)) pool[key] = list = [];
        if (list.Count < PerName && !list.Contains(value)) list.Add(value);
    }

    private static void Add(Dictionary<string, List<JsonElement>> pool, string key, JsonElement value)
    {
        if (!pool.TryGetValue(key, out var list)) pool[key] = list = [];
        if (list.Count < PerName && !list.Any(v => v.GetRawText() == value.GetRawText())) list.Add(value);
    }

    public JsonElement? ObjectById(string id) => _objectsById.TryGetValue(id, out var o) ? o : null;

    /// An existing id for a property or parameter called <paramref name="name"/> ("customerId",
    /// "departmentIds", "ownerEmployeeId"), or null when none was seen.
    public string? Id(string name, Random random, IReadOnlyDictionary<string, string>? context = null)
    {
        var key = Key(name);
        var candidates = Guids(_byName.TryGetValue(name, out var exact) ? exact : [])
            .Concat(Guids(name.EndsWith("Ids", StringComparison.Ordinal) && _byName.TryGetValue(name[..^1], out var single) ? single : []))
            .Concat(_idsByCollection.Where(c => Key(Singular(LastSegment(c.Key))) == key).SelectMany(c => c.Value).Where(IsGuid))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (candidates.Count == 0 && key.Length > 0)
            candidates = _idsByCollection.Where(c => Key(Singular(LastSegment(c.Key))) is { Length: > 2 } k && key.EndsWith(k, StringComparison.Ordinal))
                .SelectMany(c => c.Value).Where(IsGuid).ToList();
        // Inside a body that names a department, an employee of that department (targets' plans).
        if (context is { Count: > 0 })
        {
            var matching = candidates.Where(c => ObjectById(c) is { ValueKind: JsonValueKind.Object } o && context.Any(k =>
                o.TryGetProperty(k.Key, out var v) && v.ValueKind == JsonValueKind.String && string.Equals(v.GetString(), k.Value, StringComparison.OrdinalIgnoreCase)))
                .ToList();
            if (matching.Count > 0) candidates = matching;
        }
        return Pick(candidates, random);
    }

    /// A value for the path parameter <paramref name="name"/> of <paramref name="template"/>: an id
    /// listed by the collection the parameter follows (/customers/{id} → GET /customers), by any read
    /// under it (/approvals/{id} → GET /approvals/inbox), or by name.
    public string? PathValue(string template, string name, Random random)
    {
        var at = template.IndexOf("{" + name + "}", StringComparison.Ordinal);
        var prefix = template[..Math.Max(0, at - 1)];
        if (_idsByCollection.TryGetValue(prefix, out var listed) && Pick(listed, random) is { } id) return id;
        var under = _idsByCollection.Where(c => c.Key.StartsWith(prefix + "/", StringComparison.Ordinal)).SelectMany(c => c.Value).ToList();
        if (Pick(under, random) is { } nested) return nested;
        if (Id(Singular(LastSegment(prefix)) + "Id", random) is { } byCollection) return byCollection;
        return _byName.TryGetValue(name, out var named) ? Pick(named.Select(Text).ToList(), random) : null;
    }

    /// A known string for the few names whose values come from a fixed list (request types, lexicon
    /// categories, permission keys, role names).
    public string? Text(string name, Random random)
    {
        if (name.Equals("permission", StringComparison.OrdinalIgnoreCase))
            return Pick(_idsByCollection.TryGetValue("/api/platform/permissions", out var keys) ? keys : [], random);
        if (name.Equals("role", StringComparison.OrdinalIgnoreCase) || name.Equals("roles", StringComparison.OrdinalIgnoreCase))
            return Pick(_namesByCollection.TryGetValue("/api/platform/roles", out var roles) ? roles : [], random);
        if (!TextNames.Contains(name, StringComparer.OrdinalIgnoreCase) || !_byName.TryGetValue(name, out var seen)) return null;
        return Pick(seen.Where(v => v.ValueKind == JsonValueKind.String).Select(Text).ToList(), random);
    }

    /// A number seen under this name (an archive sequence number), if any.
    public long? Number(string name, Random random)
    {
        if (!_byName.TryGetValue(name, out var seen)) return null;
        var numbers = seen.Where(v => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out _)).Select(v => v.GetInt64()).ToList();
        return numbers.Count == 0 ? null : numbers[random.Next(numbers.Count)];
    }

    private string? Pick(List<string> candidates, Random random)
    {
        var allowed = candidates.Where(c => !Protected.Contains(c)).ToList();
        return allowed.Count == 0 ? null : allowed[random.Next(allowed.Count)];
    }

    private static IEnumerable<string> Guids(IEnumerable<JsonElement> values) =>
        values.Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).Where(IsGuid);

    private static bool IsGuid(string s) => Guid.TryParse(s, out _);

    private static string Text(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();

    private static string LastSegment(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";

    /// "follow-ups" → "follow-up", "branches" → "branch", "categories" → "category".
    public static string Singular(string plural) =>
        plural.EndsWith("ies", StringComparison.Ordinal) ? plural[..^3] + "y"
        : plural.EndsWith("ches", StringComparison.Ordinal) || plural.EndsWith("sses", StringComparison.Ordinal) ? plural[..^2]
        : plural.EndsWith('s') ? plural[..^1]
        : plural;

    /// "ownerEmployeeId" → "owneremployee", "follow-up" → "followup".
    private static string Key(string name)
    {
        var k = name.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        if (k.EndsWith("ids", StringComparison.Ordinal)) return k[..^3];
        return k.EndsWith("id", StringComparison.Ordinal) ? k[..^2] : k;
    }
}

/// Valid-looking values built from a schema: required properties filled (an existing object's own
/// values where the request names one), strings "测试", numbers 1, dates today, enums their first
/// value, ids that exist where one was seen.
internal sealed class Baselines(ValuePools pools, Random random, DateTimeOffset now)
{
    public JsonNode? Value(Schema schema, string name, JsonElement? existing = null, IReadOnlyDictionary<string, string>? context = null)
    {
        if (existing is { } e && FromExisting(schema, e) is { } copied) return copied.Value;
        return schema.Kind switch
        {
            SchemaKind.Object => Object(schema, null, context),
            SchemaKind.Array => schema.Items is null ? new JsonArray() : new JsonArray(Value(schema.Items, ValuePools.Singular(name), null, context)),
            SchemaKind.String or SchemaKind.Any => PlausibleText(name, schema.MaxLength),
            SchemaKind.Uuid when name.Equals("version", StringComparison.OrdinalIgnoreCase) && schema.Nullable => null,
            // No such thing seen: "none" where none is allowed (no parent department), else an unknown id.
            SchemaKind.Uuid => pools.Id(name, random, context) ?? (schema.Nullable ? null : Guid.NewGuid().ToString()),
            SchemaKind.Date => now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            SchemaKind.DateTime => now.ToString("O", CultureInfo.InvariantCulture),
            SchemaKind.Integer => name == "seq" && pools.Number(name, random) is { } seq ? seq : 1,
            SchemaKind.Number => 1,
            SchemaKind.Boolean => true,
            SchemaKind.Enum => schema.EnumValues.FirstOrDefault() ?? "",
            _ => null,
        };
    }

    /// An object with its required properties, its optional ones that may not be null (a C#
    /// `string Notes` the service still wants) and its optional lists, and every property the existing object has a
    /// fitting value for (so an update names the current version and keeps the current values).
    /// Ids agree with each other where the objects they name say how (a department's branch).
    public JsonObject Object(Schema schema, JsonElement? existing, IReadOnlyDictionary<string, string>? context = null)
    {
        var result = new JsonObject();
        static bool Container(Schema s) => s.Kind is SchemaKind.Object or SchemaKind.Array;
        bool Wanted(SchemaProperty p) => p.Required || (!p.Schema.Nullable && p.Schema.Kind is not (SchemaKind.Any or SchemaKind.Object));
        JsonElement? Current(SchemaProperty p) =>
            existing is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(p.Name, out var v) ? v : null;

        foreach (var property in schema.Properties.Where(p => !Container(p.Schema)))
        {
            if (Current(property) is { } c && FromExisting(property.Schema, c) is { } copied && (copied.Value is not null || property.Required))
                result[property.Name] = copied.Value;
            else if (Wanted(property))
                result[property.Name] = Value(property.Schema, property.Name, null, context);
        }
        var ids = schema.Properties.Where(p => p.Schema.Kind == SchemaKind.Uuid && result.ContainsKey(p.Name)).Select(p => p.Name).ToList();
        if (existing is null)
            foreach (var x in ids)
            {
                if (Id(result[x]) is not { } id || pools.ObjectById(id) is not { ValueKind: JsonValueKind.Object } named) continue;
                foreach (var y in ids.Where(y => y != x))
                    if (named.TryGetProperty(y, out var value) && value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out _))
                        result[y] = value.GetString();
            }
        var inner = new Dictionary<string, string>(context ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var x in ids)
            if (Id(result[x]) is { } id) inner[x] = id;

        foreach (var property in schema.Properties.Where(p => Container(p.Schema)))
        {
            if (Current(property) is { } c && FromExisting(property.Schema, c) is { } copied && (copied.Value is not null || property.Required))
                result[property.Name] = copied.Value;
            // Optional lists too, with one item: an order with a line, a transfer naming a customer.
            else if (property.Required || property.Schema is { Kind: SchemaKind.Array, Items.Kind: not SchemaKind.Any })
                result[property.Name] = Value(property.Schema, property.Name, null, inner);
        }
        return result;
    }

    private static string? Id(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && Guid.TryParse(s, out _) ? s : null;

    /// The existing value if it fits the schema; null when it does not (a wrapper, so that a
    /// fitting JSON null can be told from no fit).
    private StrongBox<JsonNode?>? FromExisting(Schema schema, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null) return schema.Nullable ? new(null) : null;
        var fits = schema.Kind switch
        {
            SchemaKind.String => value.ValueKind == JsonValueKind.String && value.GetString() is { } s
                                 && s.Length <= (schema.MaxLength ?? int.MaxValue) && !s.Contains('*', StringComparison.Ordinal),
            SchemaKind.Uuid => value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out _),
            SchemaKind.Date => value.ValueKind == JsonValueKind.String && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", out _),
            SchemaKind.DateTime => value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, out _),
            SchemaKind.Enum => value.ValueKind == JsonValueKind.String && schema.EnumValues.Contains(value.GetString()),
            SchemaKind.Integer => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _),
            SchemaKind.Number => value.ValueKind == JsonValueKind.Number,
            SchemaKind.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            _ => false,
        };
        if (fits) return new(JsonNode.Parse(value.GetRawText()));
        if (schema.Kind == SchemaKind.Object && value.ValueKind == JsonValueKind.Object) return new(Object(schema, value));
        if (schema.Kind == SchemaKind.Array && value.ValueKind == JsonValueKind.Array && schema.Items is not null)
        {
            var items = new JsonArray();
            foreach (var item in value.EnumerateArray())
            {
                if (FromExisting(schema.Items, item) is not { } fitting) return null;
                items.Add(fitting.Value);
            }
            return new(items);
        }
        return null;
    }

    private string PlausibleText(string name, int? maxLength)
    {
        var lower = name.ToLowerInvariant();
        var text = lower switch
        {
            "month" => now.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            "culture" => "zh-CN",
            "username" => "fz" + Guid.NewGuid().ToString("N")[..10],
            "password" => "Fuzz@2026" + random.Next(1000, 9999),
            "email" => "fz@example.com",
            _ when lower.Contains("phone", StringComparison.Ordinal) => "139" + random.Next(10_000_000, 99_999_999),
            _ => pools.Text(name, random) ?? "测试" + random.Next(100, 999),
        };
        return maxLength is { } max && text.Length > max ? text[..Math.Max(1, max)] : text;
    }

    private sealed class StrongBox<T>(T value)
    {
        public T Value { get; } = value;
    }
}

/// One wrong value: what kind it is (for the report) and how it is written.
internal sealed record BadValue(string Kind, Func<JsonNode?> Json);

internal sealed record BadText(string Kind, string Text);

internal sealed record BadFile(string Kind, byte[]? Bytes);

/// The wrong values the fuzzer tries, per kind of field.
internal static class BadValues
{
    public const int HugeArray = 10_000;
    public static readonly string HundredKilobytes = string.Concat(Enumerable.Repeat("测试abcdefgh", 100_000 / 10));
    // A query string or path that long is refused by Kestrel (8 kB request line) before the app sees it.
    public static readonly string FourKilobytes = string.Concat(Enumerable.Repeat("测试abcdefgh", 400));
    public const string ControlCharacters = "a\u0000b\u0001c\u001bd";
    // Kestrel answers a NUL in the path with 400 before any routing; the test server throws on it
    // in the client instead, so a path gets the other control characters only.
    public const string ControlCharactersWithoutNul = "a\u0001c\u001bd";
    public const string ZeroWidth = "\u200b\u200b";
    public const string Emoji = "😀🇨🇳👨‍👩‍👧";

    private static readonly string[] Dates = ["0001-01-01", "9999-12-31", "9999-12-31T23:59:59Z", "1800-01-01", "2026-02-30", ""];
    private static readonly string[] DateTimes = [.. Dates, "0001-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00"];
    private static readonly string[] Months = ["0001-01", "9999-12", "2026-13", "1800-01", "2026-00", ""];

    private static readonly (string Kind, Func<JsonNode?> Json)[] Numbers =
    [
        ("long.MaxValue", () => long.MaxValue), ("-long.MaxValue", () => -long.MaxValue), ("1e20", () => 1e20),
        ("-9000000000000000000", () => -9_000_000_000_000_000_000), ("2147483648", () => 2_147_483_648L),
        ("-1", () => -1), ("0", () => 0), ("0.5", () => 0.5),
    ];

    private static IEnumerable<BadValue> WrongTypes(SchemaKind kind)
    {
        yield return new("null", () => null);
        if (kind != SchemaKind.Boolean) yield return new("true", () => true);
        if (kind is not (SchemaKind.Integer or SchemaKind.Number)) yield return new("number", () => 1);
        if (kind is SchemaKind.Integer or SchemaKind.Number or SchemaKind.Boolean or SchemaKind.Array or SchemaKind.Object)
            yield return new("string", () => "测试");
        if (kind != SchemaKind.Object) yield return new("object", () => new JsonObject());
        if (kind != SchemaKind.Array) yield return new("array", () => new JsonArray());
    }

    private static IEnumerable<BadValue> Strings()
    {
        yield return new("100 kB string", () => HundredKilobytes);
        yield return new("control characters", () => ControlCharacters);
        yield return new("zero-width only", () => ZeroWidth);
        yield return new("emoji", () => Emoji);
        yield return new("empty string", () => "");
        yield return new("blank string", () => "   ");
    }

    public static IEnumerable<BadValue> ForBody(Schema schema, string name, Func<JsonNode?> item)
    {
        foreach (var wrong in WrongTypes(schema.Kind)) yield return wrong;
        IEnumerable<BadValue> specific = schema.Kind switch
        {
            SchemaKind.String or SchemaKind.Any when IsMonth(name) => Months.Select(m => new BadValue($"month {Show(m)}", () => m)).Concat(Strings()),
            SchemaKind.String or SchemaKind.Any => Strings(),
            SchemaKind.Uuid =>
            [
                new("unknown id", () => Guid.NewGuid().ToString()), new("empty guid", () => Guid.Empty.ToString()),
                new("not a guid", () => "测试"),
            ],
            SchemaKind.Date => Dates.Select(d => new BadValue($"date {Show(d)}", () => d)),
            SchemaKind.DateTime => DateTimes.Select(d => new BadValue($"date-time {Show(d)}", () => d)),
            SchemaKind.Integer or SchemaKind.Number => Numbers.Select(n => new BadValue(n.Kind, n.Json)),
            SchemaKind.Enum => [new("unknown enum value", () => "测试"), new("empty string", () => ""), new("control characters", () => ControlCharacters)],
            SchemaKind.Array =>
            [
                new("empty array", () => new JsonArray()), new("array of null", () => new JsonArray((JsonNode?)null)),
                new($"{HugeArray:N0} items", () => new JsonArray(Enumerable.Range(0, HugeArray).Select(_ => item()).ToArray())),
            ],
            SchemaKind.Object => [new("empty object", () => new JsonObject())],
            _ => [],
        };
        foreach (var value in specific) yield return value;
    }

    public static IEnumerable<BadText> ForText(Schema schema, string name, bool inPath = false)
    {
        switch (schema.Kind)
        {
            case SchemaKind.Integer or SchemaKind.Number:
                foreach (var n in new[] { "9223372036854775807", "-9223372036854775807", "1e20", "-9000000000000000000", "2147483648", "-1", "0", "0.5" })
                    yield return new(n, n);
                yield return new("not a number", "测试");
                break;
            case SchemaKind.Boolean:
                yield return new("not a boolean", "测试");
                yield return new("number", "2");
                break;
            case SchemaKind.Uuid:
                yield return new("unknown id", Guid.NewGuid().ToString());
                yield return new("empty guid", Guid.Empty.ToString());
                yield return new("not a guid", "测试");
                break;
            case SchemaKind.Date:
                foreach (var d in Dates) yield return new($"date {Show(d)}", d);
                yield return new("not a date", "测试");
                break;
            case SchemaKind.DateTime:
                foreach (var d in DateTimes) yield return new($"date-time {Show(d)}", d);
                yield return new("not a date", "测试");
                break;
            case SchemaKind.Enum:
                yield return new("unknown enum value", "测试");
                yield return new("number", "1");
                break;
            default:
                if (IsMonth(name))
                    foreach (var m in Months) yield return new($"month {Show(m)}", m);
                yield return new("4 kB string", FourKilobytes);
                yield return new("control characters", inPath ? ControlCharactersWithoutNul : ControlCharacters);
                yield return new("zero-width only", ZeroWidth);
                yield return new("emoji", Emoji);
                break;
        }
        yield return new("empty string", "");
    }

    public static IEnumerable<BadFile> ForFile(byte[] spreadsheet)
    {
        yield return new("no file", null);
        yield return new("empty file", []);
        var random = new byte[100_000];
        new Random(7).NextBytes(random);
        yield return new("100 kB of random bytes", random);
        yield return new("text with control characters", Encoding.UTF8.GetBytes("姓名,电话\n" + ControlCharacters + ",\u200b\u200b\n"));
        yield return new("truncated spreadsheet", spreadsheet[..(spreadsheet.Length / 2)]);
    }

    private static bool IsMonth(string name) => name.Equals("month", StringComparison.OrdinalIgnoreCase);

    private static string Show(string s) => s.Length == 0 ? "\"\"" : s;
}
