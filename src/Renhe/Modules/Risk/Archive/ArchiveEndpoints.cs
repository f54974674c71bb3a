using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Renhe.Modules.Integrations.WeCom;
using Renhe.Platform.Audit;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Time;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Risk.Archive;

public static class ArchiveEndpoints
{
    /// Ingest and import, the overview, verification, search and legal holds, under /api/risk.
    public static void MapArchiveApi(this IEndpointRouteBuilder risk)
    {
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
        risk.MapPost("/calls:import", async (IFormFile file, [MaxLength(64)] string? timeZone, ArchiveImport import, IStringLocalizer<Strings> l, CancellationToken ct) =>
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
        risk.MapGet("/archive/flagged-employees", async ([DateWindow(DateKind.Report)] DateTimeOffset? since, [Range(1, 200)] int? take, ArchiveOverviewService overview, AuditService audit,
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

        // Anonymous on purpose: a public key cannot sign anything, and the people who must check a
        // signed digest or an evidence package (an arbitration commission, the other party's expert)
        // have no Renhe account. Its fingerprint is what they compare, out of band.
        risk.MapGet("/archive/public-key", (ArchiveSigningKey key) =>
                TypedResults.Text(key.PublicKeyPem, "application/x-pem-file", System.Text.Encoding.ASCII))
            .AllowAnonymous()
            .WithSummary("The ECDSA P-256 public key (PEM) that verifies the archive's signed daily digests and evidence packages; no sign-in needed.");

        risk.MapGet("/archive/search", async ([AsParameters] ArchiveSearchQuery query, ArchiveSearchService search, CancellationToken ct) =>
                TypedResults.Ok(await search.SearchAsync(query, ct)))
            .RequirePermission(RiskPermissions.ArchiveSearch)
            .WithSummary("Search archived content by keyword (two-character Chinese terms included) and filters, newest first; audited.");
        risk.MapGet("/archive/search/export", async ([AsParameters] ArchiveSearchQuery query, HttpContext http, ArchiveSearchService search,
                BranchCalendar calendar, CurrentUser user, CancellationToken ct) =>
            {
                // Messages leaving the application in bulk, beyond the audit's reach once copied: the
                // search permission alone (a stolen session) is not enough, as for the employee export.
                if (!http.User.HasSecondFactor())
                    throw new DomainException("Error.SecondFactorRequired") { StatusCode = StatusCodes.Status403Forbidden };
                var zone = await calendar.ViewerZoneAsync(user, ct);
                var bytes = await search.ExportAsync(query, zone, ct);
                return TypedResults.File(bytes, AuditEndpoints.XlsxContentType,
                    $"archive-search-{calendar.Today(zone).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)}.xlsx");
            })
            .RequirePermission(RiskPermissions.ArchiveSearch)
            .WithSummary("The search's records (same filters) as an Excel workbook, newest first, at most 10,000; needs a second factor; audited per employee disclosed.");
        risk.MapGet("/archive/records/{seq:long}/context", async Task<Results<Ok<ArchiveContext>, NotFound>> (long seq, [MaxLength(FieldLimits.Search)] string? q, [Range(1, 100)] int? around,
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
