using Renhe.Modules.Risk.Lexicon;
using Renhe.Platform.Time;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Renhe.Modules.Integrations.WeCom;
using Renhe.Modules.Risk.Archive;
using Microsoft.Extensions.Localization;
using Renhe.Modules.Risk.Scanning;
using Renhe.Platform.Audit;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Modules.Risk;

/// A message from a channel other than WeCom's chat archive (email, DingTalk, a call centre).
public sealed record GenericArchiveItem(
    [property: Required, MaxLength(32)] string? Channel,
    [property: Required, MaxLength(200)] string? SourceId,
    /// The employee's number or WeCom user id; unknown ones are kept and flagged.
    [property: MaxLength(200)] string? Employee,
    [property: MaxLength(200)] string? Counterpart,
    [property: Required] DateTimeOffset? Time,
    string? Content);

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

public static class RiskEndpoints
{
    public static void MapRiskApi(this IEndpointRouteBuilder api)
    {
        var risk = api.MapGroup("/risk").WithTags("Risk");

        // The colon is literal text in the route template (a custom method, AIP-136 style).
        risk.MapPost("/messages:batch", async (ArchiveBatchRequest request, ArchiveService archive, CancellationToken ct) =>
            {
                var inputs = new List<object>();
                foreach (var m in request.Messages ?? []) inputs.Add(ChatArchiveMessage.Parse(m));
                foreach (var item in request.Items ?? []) inputs.Add(ToDraft(item));
                if (inputs.Count == 0) throw new DomainException("Validation.Required", "messages") { Field = "messages" };
                var results = await archive.AppendAsync(inputs, ct);
                return TypedResults.Ok(Summarise(results));
            })
            .RequirePermission(RiskPermissions.ArchiveIngest)
            .WithSummary("Archive WeCom chat-archive messages and generic items; idempotent on (channel, source id), a result per item.");

        risk.MapPost("/chats:import", async (IFormFile file, ArchiveImport import, IStringLocalizer<Strings> l, CancellationToken ct) =>
            {
                await using var stream = file.OpenReadStream();
                return TypedResults.Ok(Explain(await import.ImportChatsAsync(stream, null, ct), l));
            })
            .RequirePermission(RiskPermissions.ArchiveIngest)
            .DisableAntiforgery() // bearer-token clients; the page imports through the service directly
            .WithSummary("Import a JSON-lines file of WeCom chat-archive messages; idempotent, bad lines reported and skipped.");
        risk.MapPost("/calls:import", async (IFormFile file, string? timeZone, ArchiveImport import, IStringLocalizer<Strings> l, CancellationToken ct) =>
            {
                if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone ?? ArchiveImport.DefaultCallTimeZone, out var zone))
                    throw new DomainException("Risk.Import.TimeZone", timeZone!) { Field = "timeZone" };
                await using var stream = file.OpenReadStream();
                return TypedResults.Ok(Explain(await import.ImportCallsAsync(stream, file.FileName, zone, null, ct), l));
            })
            .RequirePermission(RiskPermissions.ArchiveIngest)
            .DisableAntiforgery()
            .WithSummary("Import call records (CSV or Excel: caller, callee, start, duration, direction, recording); idempotent, bad rows reported and skipped.");

        risk.MapGet("/archive/overview", async (ArchiveOverviewService overview, CancellationToken ct) =>
                TypedResults.Ok(await overview.TotalsAsync(ct)))
            .RequirePermission(RiskPermissions.ArchiveVerify)
            .WithSummary("Counts of archived records by class, flagged, recalled and unmatched, and the last signed digest.");
        risk.MapGet("/archive/flagged-employees", async (DateTimeOffset? since, int? take, ArchiveOverviewService overview, AuditService audit,
                CancellationToken ct) =>
            {
                var flagged = await overview.FlaggedEmployeesAsync(since, Math.Clamp(take ?? 20, 1, 200), ct);
                await audit.RecordReadAsync("risk.archive.flagged", null, JsonSerializer.Serialize(new { since, rows = flagged.Count }), ct);
                return TypedResults.Ok(flagged);
            })
            .RequirePermission(RiskPermissions.ArchiveSearch)
            .WithSummary("Employees with flagged records, most flagged first, with hits per category (no content); audited.");

        risk.MapGet("/archive/verify", async (ArchiveIntegrityService integrity, CancellationToken ct) =>
                TypedResults.Ok(await integrity.VerifyAsync(ct)))
            .RequirePermission(RiskPermissions.ArchiveVerify)
            .WithSummary("Recompute the hash chain and check the signed daily digests.");

        risk.MapGet("/archive/search", async ([AsParameters] ArchiveSearchQuery query, ArchiveSearchService search, CancellationToken ct) =>
                TypedResults.Ok(await search.SearchAsync(query, ct)))
            .RequirePermission(RiskPermissions.ArchiveSearch)
            .WithSummary("Search archived content by keyword (two-character Chinese terms included) and filters, newest first; audited.");
        risk.MapGet("/archive/records/{seq:long}/context", async Task<Results<Ok<ArchiveContext>, NotFound>> (long seq, string? q, int? around,
                ArchiveSearchService search, CancellationToken ct) =>
                await search.ContextAsync(seq, q, around ?? 10, ct) is { } context ? TypedResults.Ok(context) : TypedResults.NotFound())
            .RequirePermission(RiskPermissions.ArchiveSearch)
            .WithSummary("The conversation around an archived record (same employee and counterpart); audited.");

        risk.MapGet("/legal-holds", async (RetentionService retention, CancellationToken ct) => TypedResults.Ok(await retention.HoldsAsync(ct)))
            .RequirePermission(RiskPermissions.LegalHoldManage);
        risk.MapPost("/legal-holds", async (LegalHoldRequest request, RetentionService retention, CancellationToken ct) =>
            {
                var id = await retention.OpenHoldAsync(request.EmployeeId, request.Counterpart, request.Reason!, ct);
                return TypedResults.Created($"/api/risk/legal-holds/{id}", new { id });
            }).RequirePermission(RiskPermissions.LegalHoldManage);
        risk.MapPost("/legal-holds/{id:guid}/close", async (Guid id, RetentionService retention, CancellationToken ct) =>
            {
                await retention.CloseHoldAsync(id, ct);
                return TypedResults.NoContent();
            }).RequirePermission(RiskPermissions.LegalHoldManage);

        MapLexicon(risk.MapGroup("/lexicon"));
    }

    /// The sensitive-word lexicon: every change recompiles the scanner the archive uses.
    private static void MapLexicon(RouteGroupBuilder lexicon)
    {
        lexicon.MapGet("", async ([AsParameters] LexiconQuery query, LexiconService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.ListAsync(query, ct)))
            .RequirePermission(RiskPermissions.LexiconManage)
            .WithSummary("Lexicon words filtered by category, text (word or note) and enabled, by category and word, paged (page from 1).");
        lexicon.MapGet("/categories", async (LexiconService svc, CancellationToken ct) => TypedResults.Ok(await svc.CategoriesAsync(ct)))
            .RequirePermission(RiskPermissions.LexiconManage);
        lexicon.MapPost("", async (LexiconInput input, LexiconService svc, CancellationToken ct) =>
            {
                var id = await svc.AddAsync(input, ct);
                return TypedResults.Created($"/api/risk/lexicon/{id}", await svc.GetAsync(id, ct));
            })
            .RequirePermission(RiskPermissions.LexiconManage)
            .WithSummary("Add a word; 409 when it is already in the lexicon as the scanner reads it (私 单 = 私单).");
        lexicon.MapPut("/{id:guid}", async (Guid id, LexiconInput input, LexiconService svc, CancellationToken ct) =>
            {
                await svc.UpdateAsync(id, input, ct);
                return TypedResults.Ok(await svc.GetAsync(id, ct));
            })
            .RequirePermission(RiskPermissions.LexiconManage)
            .WithSummary("Edit a word, switch it on or off; needs the version read, 409 when someone changed it since.");
        lexicon.MapDelete("/{id:guid}", async (Guid id, LexiconService svc, CancellationToken ct) =>
            {
                await svc.DeleteAsync(id, ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(RiskPermissions.LexiconManage);
        lexicon.MapPost("/import", async (IFormFile file, string? category, string? severity, bool? preview, LexiconService svc, CancellationToken ct) =>
            {
                await using var stream = file.OpenReadStream();
                var result = preview == true
                    ? await svc.PreviewImportAsync(stream, file.FileName, category, severity, ct)
                    : await svc.ImportAsync(stream, file.FileName, category, severity, ct);
                return result.Errors.Count > 0 ? Results.UnprocessableEntity(result) : Results.Ok(result);
            })
            .RequirePermission(RiskPermissions.LexiconManage)
            .DisableAntiforgery() // bearer-token clients; the page imports through the service directly
            .WithSummary("Import words from .xlsx, .csv or .txt (词/word, 分类/category, 级别/severity, 备注/note). All or nothing: "
                         + "422 with the row errors and nothing stored when a row is bad; words already present are skipped. preview=true only checks.");
        lexicon.MapGet("/export", async ([AsParameters] LexiconQuery query, LexiconService svc, BranchCalendar calendar, CurrentUser user, CancellationToken ct) =>
                TypedResults.File(await svc.ExportAsync(query, await calendar.ViewerZoneAsync(user, ct), ct), AuditEndpoints.XlsxContentType,
                    $"lexicon-{DateTime.UtcNow:yyyyMMdd}.xlsx"))
            .RequirePermission(RiskPermissions.LexiconManage)
            .WithSummary("The lexicon (same filters as the list) as an Excel workbook that imports back; audited.");
    }

    public static ArchiveBatchResponse Summarise(IReadOnlyList<AppendResult> results) =>
        new(results.Count(r => r.Status == AppendStatus.Stored), results.Count(r => r.Status == AppendStatus.Duplicate),
            results.Count(r => r.Status == AppendStatus.Rejected), results);

    public static ImportResponse Explain(ImportSummary summary, IStringLocalizer<Strings> l) =>
        new(summary.Stored, summary.Duplicates, summary.Rejected,
            summary.Rejections.Select(r => new ImportRejectionResponse(r.Line, r.SourceId, r.Error, ImportError(l, r.Error))).ToList());

    /// The reason for a rejected line or row, in words: the column it concerns, or what was wrong.
    public static string ImportError(IStringLocalizer<Strings> l, string code) =>
        l["Risk.Import.Error." + code] is { ResourceNotFound: false } known ? known : l["Risk.Import.Error.invalid", code];

    private static ArchiveDraft ToDraft(GenericArchiveItem item) =>
        new(item.Channel == "call" ? RecordClass.Call : RecordClass.Generic, item.Channel!, item.SourceId!, item.Time!.Value.ToUniversalTime(),
            item.Employee, [], item.Content, null, Counterpart: item.Counterpart);
}
