using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MiniExcelLibs;
using Renhe.Platform.Auth;
using Renhe.Platform.Security;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Api;

/// Every operation the API describes in /openapi/v1.json, called by a user who holds every role
/// (so every permission, the widest data scope and a second factor), first with a valid-looking
/// request and then with one field at a time made wrong: wrong JSON types, numbers and dates at
/// the ends of their range, huge strings and arrays, control characters, unknown ids, broken
/// bodies. The API must answer none of them with a server error; a refused change must leave
/// every row as it was; a refusal should be a ProblemDetails.
///
/// Every wrong value of every field is sent (a run takes well under a minute per database); the
/// seed (printed; RENHE_FUZZ_SEED=n repeats a run, =random draws a new one) picks the existing
/// things a request names and the order of the wrong values, and RENHE_FUZZ_PER_OPERATION=n sends
/// only n per operation, drawn by the seed, for a quicker run.
public abstract class OpenApiFuzzSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private const int DefaultSeed = 20260;

    [Fact]
    public async Task Bad_input_never_gets_a_server_error_and_a_refused_change_writes_nothing()
    {
        var seed = Environment.GetEnvironmentVariable("RENHE_FUZZ_SEED") switch
        {
            null or "" => DefaultSeed,
            "random" => Random.Shared.Next(),
            var s => int.Parse(s, CultureInfo.InvariantCulture),
        };
        var perOperation = int.TryParse(Environment.GetEnvironmentVariable("RENHE_FUZZ_PER_OPERATION"), CultureInfo.InvariantCulture, out var n)
            ? n : FuzzRun.DefaultMutationsPerOperation;
        var output = TestContext.Current.TestOutputHelper;
        var report = new StringBuilder();
        var run = new FuzzRun(Factory, seed, perOperation, line =>
        {
            output?.WriteLine(line);
            report.AppendLine(line);
        }, TestContext.Current.CancellationToken);

        var failures = await run.ExecuteAsync();

        // The report (seed, operations, requests, answers per status) stays with CI's artifacts.
        var file = Path.Combine(TestEnvironment.RepositoryRoot, "artifacts", "TestResults", $"openapi-fuzz-{Factory.ProviderName.ToLowerInvariant()}.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, report.ToString(), TestContext.Current.CancellationToken);

        Assert.True(failures is null, failures);
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteOpenApiFuzzTests(SqliteRenheFactory factory)
    : OpenApiFuzzSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresOpenApiFuzzTests(PostgresRenheFactory factory)
    : OpenApiFuzzSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;

/// One request to send: its path and query values, and its body (JSON, form parts, or whole
/// content made by a body-level mutation).
internal sealed class RequestDraft
{
    public Dictionary<string, string> Path { get; init; } = [];
    public Dictionary<string, string> Query { get; init; } = [];
    public bool HasJson { get; set; }
    public JsonNode? Json { get; set; }
    public List<FormPart>? Form { get; set; }
    public Func<HttpContent?>? Content { get; set; }

    public RequestDraft Clone() => new()
    {
        Path = new(Path), Query = new(Query), HasJson = HasJson, Json = Json?.DeepClone(),
        Form = Form?.ToList(), Content = Content,
    };
}

internal sealed record FormPart(string Name, string? Text, byte[]? File);

internal sealed record Mutation(string Field, string Kind, Action<RequestDraft> Apply);

/// A step into a JSON body: a property, or (Property null) the first item of an array; with the
/// schema of what is there, to build it when the baseline left it out.
internal sealed record Step(string? Property, Schema Schema);

internal sealed record Answer(int Status, string? ContentType, string Body, IReadOnlyList<LoggedError> Errors, Exception? Thrown);

internal sealed class FuzzRun(RenheFactory factory, int seed, int mutationsPerOperation, Action<string> write, CancellationToken ct)
{
    /// Every wrong request is sent unless RENHE_FUZZ_PER_OPERATION caps them (a draw by the seed).
    public const int DefaultMutationsPerOperation = int.MaxValue;
    private const string FuzzerName = "fuzzer";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions RawJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// Operations never called, with why: each would end the fuzzer's session or take away what
    /// later calls need.
    private static readonly Dictionary<string, string> Skipped = new(StringComparer.Ordinal)
    {
        ["DELETE /api/auth/totp"] = "turns off the fuzzer's own second factor, which the administration operations need",
    };

    private readonly Random _random = new(seed);
    private readonly ValuePools _pools = new();
    private readonly ServerLog _log = new();
    private readonly SortedDictionary<int, int> _statuses = [];
    private readonly List<(string Line, string Cause, string? Message)> _serverErrors = [];
    private readonly List<string> _rowChanges = [];
    private readonly List<string> _notProblems = [];
    private readonly List<string> _loggedRefusals = [];
    private readonly List<string> _notes = [];
    private readonly HashSet<string> _reads = new(StringComparer.Ordinal);
    private Baselines _baselines = null!;
    private byte[] _spreadsheet = [];
    private HttpClient _client = null!;
    private string _sharedKey = "";
    private DatabaseFingerprint _fingerprint = null!;
    private int _requests;
    private int _operations;
    private int _baselinesAccepted;
    private int _fingerprints;
    private int _candidates;
    private int _mutationsSent;
    private int _fingerprintsSpared;
    private IReadOnlyDictionary<string, string>? _lastFingerprint;
    private TimeSpan _fingerprintTime;

    /// Null when the API held; otherwise the failure message.
    public async Task<string?> ExecuteAsync()
    {
        var clock = Stopwatch.StartNew();
        factory.Services.GetRequiredService<ILoggerFactory>().AddProvider(_log);
        try
        {
            _baselines = new Baselines(_pools, _random, DateTimeOffset.UtcNow);
            _spreadsheet = Spreadsheet();
            var model = await SignInAndReadDocumentAsync();
            _fingerprint = await DatabaseFingerprint.OpenAsync(factory, ct);
            await ProfileFingerprintAsync();
            var setup = clock.Elapsed;

            var operations = model.Operations
                .Where(o => !Skipped.ContainsKey(o.Name))
                // Reads first; then what creates things, so the changes of things (orders, follow-ups)
                // find some; decisions on approvals after the submissions that start them; deletions last.
                .OrderBy(o => o.Method switch
                {
                    "GET" => 0,
                    "DELETE" => 4,
                    _ when !o.In("path").Any() => 1,
                    _ when o.Path.StartsWith("/api/platform/approvals/", StringComparison.Ordinal) => 3,
                    _ => 2,
                })
                .ThenBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.Method, StringComparer.Ordinal)
                .ToList();
            _reads.UnionWith(operations.Where(o => o.Method == "GET").Select(o => o.Path));
            await HarvestAsync(operations);
            foreach (var operation in operations) await FuzzAsync(operation);

            Report(model, clock.Elapsed, setup);
        }
        finally
        {
            _log.Enabled = false;
            if (_fingerprint is not null) await _fingerprint.DisposeAsync();
        }
        if (_serverErrors.Count == 0 && _rowChanges.Count == 0) return null;
        var message = new StringBuilder($"Fuzzing the API with seed {seed} (RENHE_FUZZ_SEED={seed} repeats it): ");
        message.AppendLine(CultureInfo.InvariantCulture, $"{_serverErrors.Count} server errors, {_rowChanges.Count} refused requests that changed rows.");
        AppendServerErrors(message);
        if (_rowChanges.Count > 0)
        {
            message.AppendLine("Refused requests that changed rows:");
            foreach (var line in _rowChanges) message.AppendLine("  " + line);
        }
        return message.ToString();
    }

    // ---- setup ----

    private async Task<OpenApiModel> SignInAndReadDocumentAsync()
    {
        var fuzzerId = await factory.CreateUserAsync(FuzzerName, Roles.Seeded);
        var plain = await factory.ClientForAsync(FuzzerName);
        var setup = await (await plain.PostAsync("/api/auth/totp/setup", null, ct)).ReadAsync<AuthenticatorSetup>();
        _sharedKey = setup.SharedKey;
        (await plain.PostAsJsonAsync("/api/auth/totp/enable", new { code = TotpCodes.For(_sharedKey) }, ct)).EnsureSuccessStatusCode();
        _client = await factory.ClientForAsync(FuzzerName, TotpCodes.For(_sharedKey));

        // A role of its own to aim the role operations at, and an employee record of its own, so the
        // operations about "me" (my tasks, my profile, my acknowledgement) are reached too.
        (await _client.PostAsJsonAsync("/api/platform/roles", new { name = "fuzz-role" }, ct)).EnsureSuccessStatusCode();
        var employees = JsonDocument.Parse(await _client.GetStringAsync("/api/org/employees", ct)).RootElement;
        var users = JsonDocument.Parse(await _client.GetStringAsync("/api/platform/users", ct)).RootElement;
        var linked = users.EnumerateArray().Select(u => u.GetProperty("employeeId").ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var own = employees.EnumerateArray()
            .FirstOrDefault(e => !linked.Contains(e.GetProperty("id").GetString()!) && e.GetProperty("status").GetString() is "Active" or "Probation");
        string? employeeId = own.ValueKind == JsonValueKind.Object ? own.GetProperty("id").GetString() : null;
        if (employeeId is not null)
        {
            var link = await _client.PutAsJsonAsync($"/api/platform/users/{fuzzerId}/employee", new { employeeId }, ct);
            if (!link.IsSuccessStatusCode) { _notes.Add($"Could not link the fuzzer to employee {employeeId}: {(int)link.StatusCode}"); employeeId = null; }
        }
        else _notes.Add("No employee without an account to link the fuzzer to; the operations about \"me\" answer 404.");

        _pools.Protected.Add(fuzzerId.ToString());
        if (employeeId is not null) _pools.Protected.Add(employeeId);
        await using (var db = factory.OpenDb())
            foreach (var role in await db.Roles.Where(r => Roles.Seeded.Contains(r.Name!)).Select(r => r.Id).ToListAsync(ct))
                _pools.Protected.Add(role.ToString());

        var document = await factory.CreateAnonymousClient().GetStringAsync("/openapi/v1.json", ct);
        return new OpenApiModel(JsonDocument.Parse(document).RootElement.Clone());
    }

    private static byte[] Spreadsheet()
    {
        using var stream = new MemoryStream();
        stream.SaveAs(new[] { new Dictionary<string, object> { ["姓名"] = "测试", ["电话"] = "13900000000", ["内容"] = "测试" } });
        return stream.ToArray();
    }

    /// Reads every list first (then every read by id), keeping the ids and objects they name.
    private async Task HarvestAsync(IReadOnlyList<ApiOperation> operations)
    {
        var reads = operations.Where(o => o.Method == "GET").ToList();
        foreach (var read in reads.Where(r => !r.In("path").Any()).Concat(reads.Where(r => r.In("path").Any())))
        {
            var answer = await SendAsync(read, Draft(read), "(harvest)", "valid-looking");
            if (answer.Status == 200 && answer.ContentType == "application/json") Harvest(read.Path, answer.Body);
        }
    }

    private void Harvest(string collection, string body, string? named = null)
    {
        try { _pools.Harvest(collection, JsonDocument.Parse(body).RootElement, named); }
        catch (JsonException) { }
    }

    // ---- one operation ----

    private async Task FuzzAsync(ApiOperation operation)
    {
        _operations++;
        var draft = operation.Changes ? await DraftAsync(operation) : Draft(operation);
        var mutations = Mutations(operation);
        var before = operation.Changes ? await FingerprintAsync() : null;
        var statuses = new SortedDictionary<int, int>();
        var sessionLost = false;
        string? refusedBaseline = null;

        foreach (var mutation in mutations.Prepend(new Mutation("(baseline)", "valid-looking", _ => { })))
        {
            var request = draft.Clone();
            mutation.Apply(request);
            var answer = await SendAsync(operation, request, mutation.Field, mutation.Kind);
            if (mutation.Field != "(baseline)") _mutationsSent++;
            statuses[answer.Status] = statuses.GetValueOrDefault(answer.Status) + 1;
            if (mutation.Field == "(baseline)" && answer.Status is >= 200 and < 300) _baselinesAccepted++;
            else if (mutation.Field == "(baseline)") refusedBaseline = $"; the baseline got {answer.Status}: {Start(answer.Body, 160)}";
            if (answer.Status == 401 && operation.Path != "/api/auth/token") sessionLost = true;

            if (operation.Changes)
            {
                var after = await FingerprintAsync();
                var changed = DatabaseFingerprint.Changes(before!, after);
                before = after;
                if (answer.Status >= 400 && changed.Count > 0)
                {
                    var line = $"{Describe(operation, mutation, answer)} → changed {string.Join(", ", changed)}";
                    if (answer.Status >= 500) _serverErrors[^1] = _serverErrors[^1] with { Line = _serverErrors[^1].Line + $" (and changed {string.Join(", ", changed)})" };
                    else _rowChanges.Add(line);
                }
                // The change took: later requests start from the thing as it now is (its new version),
                // or create another one (new names and numbers, so they do not clash with this one).
                if (answer.Status is >= 200 and < 300)
                {
                    draft = operation.In("path").Any() ? await DraftAsync(operation, draft.Path) : Draft(operation);
                    // Those reads may write too (an audited read): the next request is judged from here.
                    before = await FingerprintAsync();
                }
            }
        }
        if (sessionLost) await EnsureSignedInAsync(operation);
        write($"{operation.Name}: {mutations.Count + 1} requests, {string.Join(" ", statuses.Select(s => $"{s.Key}×{s.Value}"))}{refusedBaseline}");
    }

    /// The baseline request: path values and objects that exist, required query values, and a body
    /// with its required properties (and the named object's current values).
    private RequestDraft Draft(ApiOperation operation, IReadOnlyDictionary<string, string>? path = null)
    {
        var draft = new RequestDraft();
        foreach (var p in operation.In("path"))
            draft.Path[p.Name] = path?.GetValueOrDefault(p.Name) ?? _pools.PathValue(operation.Path, p.Name, _random) ?? Text(_baselines.Value(p.Schema, p.Name)) ?? "x";
        foreach (var p in operation.In("query").Where(p => p.Required))
            if (Text(_baselines.Value(p.Schema, p.Name)) is { } value) draft.Query[p.Name] = value;
        var existing = draft.Path.Values.Reverse().Select(_pools.ObjectById).FirstOrDefault(o => o is not null);
        if (operation.BodyContentType == "application/json")
        {
            draft.HasJson = true;
            draft.Json = operation.Body!.Kind == SchemaKind.Object ? _baselines.Object(operation.Body, existing) : _baselines.Value(operation.Body, "body");
        }
        else if (operation.BodyContentType == "multipart/form-data")
        {
            draft.Form = [];
            foreach (var p in operation.Body!.Properties)
            {
                if (p.Schema.Kind == SchemaKind.File || p.Schema.Items?.Kind == SchemaKind.File) draft.Form.Add(new FormPart(p.Name, null, _spreadsheet));
                else if (Text(_baselines.Value(p.Schema, p.Name)) is { } text) draft.Form.Add(new FormPart(p.Name, text, null));
            }
        }
        return draft;
    }

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };

    /// The baseline of a change to something named in the path: its collection read again first
    /// (so things created earlier in the run are found), then the thing itself, so the body starts
    /// from its current values and version. After a change took, only the thing is read again.
    private async Task<RequestDraft> DraftAsync(ApiOperation operation, IReadOnlyDictionary<string, string>? path = null)
    {
        var parameters = operation.In("path").ToList();
        if (parameters.Count == 0) return Draft(operation);
        var template = operation.Path;
        var first = "{" + parameters[0].Name + "}";
        var last = "{" + parameters[^1].Name + "}";
        var collection = template[..Math.Max(0, template.IndexOf(first, StringComparison.Ordinal) - 1)];
        var detail = template[..(template.IndexOf(last, StringComparison.Ordinal) + last.Length)];
        if (path is null && _reads.Contains(collection)) await ReadAsync(collection, collection);
        if (path is null && _reads.Contains(detail))
        {
            // Ids listed under the same prefix may name other things (/approvals/people): try a few
            // until one names a thing that can be read.
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var candidate = Draft(operation).Path;
                if (await ReadAsync(detail, Fill(detail, candidate), candidate[parameters[^1].Name])) return Draft(operation, candidate);
            }
        }
        path ??= Draft(operation).Path;
        if (_reads.Contains(detail)) await ReadAsync(detail, Fill(detail, path), path[parameters[^1].Name]);
        else if (_reads.Contains(collection)) await ReadAsync(collection, collection);
        return Draft(operation, path);
    }

    private async Task<bool> ReadAsync(string template, string url, string? named = null)
    {
        using var response = await _client.GetAsync(url, ct);
        if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "application/json") return false;
        Harvest(template, await response.Content.ReadAsStringAsync(ct), named);
        return true;
    }

    private static string Fill(string template, IReadOnlyDictionary<string, string> path)
    {
        foreach (var (name, value) in path) template = template.Replace("{" + name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
        return template;
    }

    // ---- mutations ----

    private List<Mutation> Mutations(ApiOperation operation)
    {
        var fields = new List<List<Mutation>>();
        foreach (var p in operation.In("path"))
            fields.Add(BadValues.ForText(p.Schema, p.Name, inPath: true).Select(v => new Mutation("path " + p.Name, v.Kind, d => d.Path[p.Name] = v.Text)).ToList());
        foreach (var p in operation.In("query"))
            fields.Add(BadValues.ForText(p.Schema, p.Name).Select(v => new Mutation("query " + p.Name, v.Kind, d => d.Query[p.Name] = v.Text)).ToList());

        var whole = new List<Mutation>();
        if (operation.BodyContentType == "application/json")
        {
            var body = operation.Body!;
            if (body.Kind == SchemaKind.Object)
                foreach (var (display, steps, schema, name) in Fields(body, "", [], 0))
                    fields.Add(BodyMutations(display, steps, schema, name));
            else
                fields.Add(BadValues.ForBody(body, "body", () => null).Select(v => new Mutation("body", v.Kind, d => d.Json = v.Json())).ToList());
            whole.AddRange(
            [
                new("body", "empty body", d => d.Content = () => Json("")),
                new("body", "null body", d => d.Content = () => Json("null")),
                new("body", "broken JSON", d => d.Content = () => Json("{\"a\":")),
                new("body", "array instead of object", d => d.Content = () => Json("[]")),
                new("body", "unknown property", d => { if (d.Json is JsonObject o) o["zzUnknown"] = 1; }),
                new("body", "wrong content type", d =>
                {
                    var text = d.Json?.ToJsonString(RawJson) ?? "null";
                    d.Content = () => new StringContent(text, Encoding.UTF8, "text/plain");
                }),
            ]);
        }
        else if (operation.BodyContentType == "multipart/form-data")
        {
            foreach (var p in operation.Body!.Properties)
            {
                if (p.Schema.Kind == SchemaKind.File || p.Schema.Items?.Kind == SchemaKind.File)
                {
                    var files = BadValues.ForFile(_spreadsheet)
                        .Select(f => new Mutation("form " + p.Name, f.Kind, d => ReplacePart(d, p.Name, f.Bytes is null ? [] : [new FormPart(p.Name, null, f.Bytes)])))
                        .ToList();
                    if (p.Schema.Kind == SchemaKind.Array)
                        files.Add(new Mutation("form " + p.Name, "50 files", d => ReplacePart(d, p.Name, Enumerable.Repeat(new FormPart(p.Name, null, _spreadsheet), 50))));
                    fields.Add(files);
                }
                else
                {
                    fields.Add(BadValues.ForText(p.Schema, p.Name).Append(new BadText("100 kB string", BadValues.HundredKilobytes))
                        .Select(v => new Mutation("form " + p.Name, v.Kind, d => ReplacePart(d, p.Name, [new FormPart(p.Name, v.Text, null)])))
                        .ToList());
                }
            }
            whole.AddRange(
            [
                new("body", "JSON instead of a form", d => d.Content = () => Json("{}")),
                new("body", "empty form", d => d.Content = () => new MultipartFormDataContent()),
                new("body", "no body", d => d.Content = () => null),
            ]);
        }

        // One wrong value per field before a second for any, so a capped operation still touches every field.
        _candidates += fields.Sum(f => f.Count) + whole.Count;
        foreach (var field in fields) Shuffle(field);
        Shuffle(fields);
        var chosen = new List<Mutation>();
        for (var round = 0; chosen.Count < mutationsPerOperation && fields.Any(f => f.Count > round); round++)
            foreach (var field in fields.Where(f => f.Count > round))
                if (chosen.Count < mutationsPerOperation) chosen.Add(field[round]);
        return [.. chosen, .. whole];
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static void ReplacePart(RequestDraft draft, string name, IEnumerable<FormPart> parts)
    {
        draft.Form = draft.Form!.Where(p => p.Name != name).Concat(parts).ToList();
    }

    /// Every property of the body, nested objects and array items included ("lines[0].productId").
    private static IEnumerable<(string Display, IReadOnlyList<Step> Steps, Schema Schema, string Name)> Fields(
        Schema schema, string display, IReadOnlyList<Step> steps, int depth)
    {
        if (depth > 4) yield break;
        if (schema.Kind == SchemaKind.Object)
        {
            foreach (var property in schema.Properties)
            {
                var d = display.Length == 0 ? property.Name : display + "." + property.Name;
                IReadOnlyList<Step> s = [.. steps, new Step(property.Name, property.Schema)];
                yield return (d, s, property.Schema, property.Name);
                foreach (var nested in Nested(property.Schema, d, s, property.Name, depth + 1)) yield return nested;
            }
        }
    }

    private static IEnumerable<(string Display, IReadOnlyList<Step> Steps, Schema Schema, string Name)> Nested(
        Schema schema, string display, IReadOnlyList<Step> steps, string name, int depth)
    {
        if (schema.Kind == SchemaKind.Object)
            foreach (var f in Fields(schema, display, steps, depth)) yield return f;
        if (schema is { Kind: SchemaKind.Array, Items: { } items })
        {
            var d = display + "[0]";
            IReadOnlyList<Step> s = [.. steps, new Step(null, items)];
            yield return (d, s, items, ValuePools.Singular(name));
            foreach (var f in Nested(items, d, s, ValuePools.Singular(name), depth + 1)) yield return f;
        }
    }

    private List<Mutation> BodyMutations(string display, IReadOnlyList<Step> steps, Schema schema, string name)
    {
        var item = schema.Items is { } items ? _baselines.Value(items, ValuePools.Singular(name)) : null;
        return BadValues.ForBody(schema, name, () => item?.DeepClone())
            .Select(v => new Mutation(display, v.Kind, d => Set(d, steps, v.Json())))
            .ToList();
    }

    /// Puts <paramref name="value"/> at the end of <paramref name="steps"/>, building what the
    /// baseline left out on the way (an optional object, the first item of an array).
    private void Set(RequestDraft draft, IReadOnlyList<Step> steps, JsonNode? value)
    {
        var current = draft.Json;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var last = i == steps.Count - 1;
            if (step.Property is { } name)
            {
                if (current is not JsonObject o) return;
                if (last) { o[name] = value; return; }
                if (o[name] is null || (o[name] is not JsonObject && o[name] is not JsonArray)) o[name] = _baselines.Value(step.Schema, name);
                current = o[name];
            }
            else
            {
                if (current is not JsonArray a) return;
                if (last)
                {
                    if (a.Count == 0) a.Add(value); else a[0] = value;
                    return;
                }
                if (a.Count == 0) a.Add(_baselines.Value(step.Schema, "item"));
                else if (a[0] is null) a[0] = _baselines.Value(step.Schema, "item");
                current = a[0];
            }
        }
    }

    private void Shuffle<T>(List<T> list)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    // ---- sending and judging ----

    private static HttpRequestMessage Build(ApiOperation operation, RequestDraft draft)
    {
        var url = Fill(operation.Path, draft.Path);
        if (draft.Query.Count > 0)
            url += "?" + string.Join("&", draft.Query.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value)));
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), url);
        if (draft.Content is not null) request.Content = draft.Content();
        else if (draft.HasJson) request.Content = Json(draft.Json?.ToJsonString(RawJson) ?? "null");
        else if (draft.Form is not null)
        {
            var form = new MultipartFormDataContent();
            foreach (var part in draft.Form)
            {
                if (part.File is { } bytes)
                {
                    var file = new ByteArrayContent(bytes);
                    file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                    form.Add(file, part.Name, "fuzz.xlsx");
                }
                else form.Add(new StringContent(part.Text ?? ""), part.Name);
            }
            request.Content = form;
        }
        return request;
    }

    private async Task<Answer> SendAsync(ApiOperation operation, RequestDraft draft, string field, string kind)
    {
        using var request = Build(operation, draft);
        var mark = _log.Mark();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestTimeout);
        Answer answer;
        try
        {
            using var response = await _client.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            answer = new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, _log.Since(mark), null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            answer = new Answer(0, null, $"no answer within {RequestTimeout.TotalSeconds:0} s", _log.Since(mark), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The test server hands an exception the app did not turn into an answer to the client.
            answer = new Answer(500, null, "(the exception reached the client)", _log.Since(mark), ex);
        }
        _requests++;
        _statuses[answer.Status] = _statuses.GetValueOrDefault(answer.Status) + 1;
        Judge(operation, field, kind, answer);
        return answer;
    }

    private void Judge(ApiOperation operation, string field, string kind, Answer answer)
    {
        var mutation = new Mutation(field, kind, _ => { });
        if (answer.Status >= 500 || answer.Status == 0)
        {
            var error = answer.Thrown is { } thrown ? new LoggedError("client", thrown.Message, thrown)
                : answer.Errors.FirstOrDefault(e => e.Category.EndsWith("ExceptionProblemHandler", StringComparison.Ordinal) && e.Exception is not null)
                  ?? answer.Errors.FirstOrDefault(e => e.Exception is not null) ?? answer.Errors.FirstOrDefault();
            var cause = error is null ? $"status {answer.Status}, nothing logged"
                : error.Exception is null ? error.Message
                : $"{error.Exception.GetBaseException().GetType().Name} at {error.Where ?? "(no frame in Renhe)"}";
            _serverErrors.Add((Describe(operation, mutation, answer, 100), cause, error?.Cause));
            return;
        }
        if (answer.Status >= 400)
        {
            if (answer.ContentType != "application/problem+json" && operation.Path.StartsWith("/api/", StringComparison.Ordinal))
                _notProblems.Add($"{answer.Status} {operation.Name} [{answer.ContentType ?? "no content type"}] ({field} = {kind}): {Start(answer.Body)}");
            if (answer.Errors.FirstOrDefault(e => e.Exception is not null) is { } logged)
                _loggedRefusals.Add($"{Describe(operation, mutation, answer)} ⟵ logged {logged.Cause} at {logged.Where ?? "(no frame in Renhe)"}");
        }
    }

    private static string Describe(ApiOperation operation, Mutation mutation, Answer answer, int bodyStart = 200) =>
        $"{answer.Status} {operation.Method} {operation.Path} — {mutation.Field} = {mutation.Kind} — {Start(answer.Body, bodyStart)}";

    private static string Start(string body, int length = 200)
    {
        var flat = body.ReplaceLineEndings(" ");
        return flat.Length <= length ? flat : flat[..length] + "…";
    }

    /// The database's fingerprint now: the last one again when the database says nothing was
    /// written since, else every table read again.
    private async Task<IReadOnlyDictionary<string, string>> FingerprintAsync()
    {
        var clock = Stopwatch.StartNew();
        // An accepted archive batch gets its search rows just after its own transaction, in the
        // background (PostgreSQL's ArchiveSearchIndexer): that is the accepted request's work, so it
        // is settled here rather than counted against the refused request that follows.
        await factory.Services.GetRequiredService<Renhe.Modules.Risk.Archive.ArchiveSearchIndexer>().CatchUpAsync(ct);
        if (_lastFingerprint is null || !await _fingerprint.UnchangedAsync(ct))
        {
            _lastFingerprint = await _fingerprint.TakeAsync(ct);
            _fingerprints++;
        }
        else _fingerprintsSpared++;
        _fingerprintTime += clock.Elapsed;
        return _lastFingerprint;
    }

    /// How long a fingerprint takes, and where the time goes (after a first one to warm up).
    private async Task ProfileFingerprintAsync()
    {
        await _fingerprint.TakeAsync(ct);
        var clock = Stopwatch.StartNew();
        await _fingerprint.TakeAsync(ct);
        var elapsed = clock.Elapsed;
        var profile = new Dictionary<string, TimeSpan>();
        await _fingerprint.TakeAsync(ct, profile);
        _notes.Add($"One fingerprint of {_fingerprint.TableCount} tables took {elapsed.TotalMilliseconds:0.0} ms"
                   + ($"; slowest tables (read one by one): {string.Join(", ", profile.OrderByDescending(p => p.Value).Take(3).Select(p => $"{p.Key} {p.Value.TotalMilliseconds:0.0} ms"))}"
                        + $"; by row count and key range (append-only): {string.Join(", ", _fingerprint.AppendOnlyTables)}."));
    }

    private async Task EnsureSignedInAsync(ApiOperation after)
    {
        if ((await _client.GetAsync("/api/me", ct)).IsSuccessStatusCode) return;
        _notes.Add($"The fuzzer's session ended during {after.Name}; signed in again.");
        _client = await factory.ClientForAsync(FuzzerName, TotpCodes.For(_sharedKey));
    }

    // ---- report ----

    private void Report(OpenApiModel model, TimeSpan elapsed, TimeSpan setup)
    {
        write("");
        write($"Seed {seed} (RENHE_FUZZ_SEED); "
              + (mutationsPerOperation == int.MaxValue ? "every wrong value of every field sent." : $"at most {mutationsPerOperation} field mutations per operation (RENHE_FUZZ_PER_OPERATION), drawn by the seed, plus the body-level ones."));
        write($"{_operations} of {model.Operations.Count} operations tried, {_requests} requests sent in {elapsed.TotalSeconds:0.0} s (setup {setup.TotalSeconds:0.0} s).");
        write($"{_candidates} wrong requests could be made of the operations' fields; {_mutationsSent} were sent.");
        write($"Baseline request accepted (2xx) by {_baselinesAccepted} of {_operations} operations.");
        write("Answers: " + string.Join(", ", _statuses.Select(s => $"{s.Key}×{s.Value}")));
        write($"Database fingerprints: {_fingerprints} read in full over {_fingerprint.TableCount} tables, {_fingerprintsSpared} spared "
              + $"(the database said nothing was written), {_fingerprintTime.TotalSeconds:0.0} s in all.");
        write("Skipped: " + string.Join("; ", Skipped.Select(s => $"{s.Key} ({s.Value})")));
        write("Tables not fingerprinted: " + string.Join("; ", DatabaseFingerprint.Excluded.Select(e => $"{e.Key.Name} ({e.Value})")));
        foreach (var note in _notes) write(note);

        write("");
        write($"Server errors: {_serverErrors.Count}");
        var sb = new StringBuilder();
        AppendServerErrors(sb);
        foreach (var line in sb.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)) write(line.TrimEnd('\r'));
        write($"Refused requests that changed rows: {_rowChanges.Count}");
        foreach (var line in _rowChanges) write("  " + line);
        write($"4xx answers that are not application/problem+json: {_notProblems.Count}");
        foreach (var line in _notProblems.GroupBy(l => l[..l.IndexOf(" (", StringComparison.Ordinal)]).Select(g => $"  {g.Key} ×{g.Count()}: e.g. {g.First()}"))
            write(line);
        write($"4xx answers for which the server logged an exception: {_loggedRefusals.Count}");
        foreach (var line in _loggedRefusals) write("  " + line);
    }

    private void AppendServerErrors(StringBuilder message)
    {
        if (_serverErrors.Count == 0) return;
        message.AppendLine("Server errors by cause:");
        foreach (var group in _serverErrors.GroupBy(e => e.Cause).OrderByDescending(g => g.Count()))
        {
            var first = group.First().Message;
            message.AppendLine(CultureInfo.InvariantCulture, $"- {group.Key} (×{group.Count()}){(first is null ? "" : ": " + first)}");
            foreach (var (line, _, exception) in group)
                message.AppendLine("    " + line + (exception is not null && exception != first ? " ⟵ " + exception : ""));
        }
    }
}
