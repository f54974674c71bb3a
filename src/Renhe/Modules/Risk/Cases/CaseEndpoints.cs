using System.ComponentModel.DataAnnotations;
using Renhe.Modules.Risk.Evidence;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Time;
using Renhe.Platform.Audit;
using Renhe.Platform.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Renhe.Modules.Risk.Cases;

public static class CaseEndpoints
{
    /// Investigation cases under /api/risk/cases. A case out of the caller's scope is 404, as if it did not exist.
    public static void MapCaseApi(this IEndpointRouteBuilder risk)
    {
        var cases = risk.MapGroup("/cases");
        cases.MapGet("", async ([AsParameters] CaseListQuery query, CaseService svc, CancellationToken ct) => TypedResults.Ok(await svc.ListAsync(query, ct)))
            .RequirePermission(RiskPermissions.CaseView)
            .WithSummary("Cases whose every subject is within the caller's scope, newest first; filter by status and text (number, title, subject).");
        cases.MapGet("/export", async ([AsParameters] CaseListQuery query, CaseService svc, BranchCalendar calendar, CurrentUser user,
                IStringLocalizer<Strings> l, CancellationToken ct) =>
            {
                var zone = await calendar.ViewerZoneAsync(user, ct);
                return TypedResults.File(await svc.ExportAsync(query, zone, l, ct), AuditEndpoints.XlsxContentType,
                    $"cases-{calendar.Today(zone).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)}.xlsx");
            })
            .RequirePermission(RiskPermissions.CaseView)
            .WithSummary("The visible cases (same filters) as Excel; audited.");
        cases.MapGet("/{id:guid}", async (Guid id, CaseService svc, CancellationToken ct) => TypedResults.Ok(await svc.GetAsync(id, ct)))
            .RequirePermission(RiskPermissions.CaseView)
            .WithSummary("One case with its subjects, investigators, evidence, notes, timeline and legal hold; audited about each subject.");
        cases.MapPost("", async (CaseInput input, CaseService svc, CancellationToken ct) =>
            {
                var id = await svc.CreateAsync(input, ct);
                return TypedResults.Created($"/api/risk/cases/{id}", new { id });
            }).RequirePermission(RiskPermissions.CaseManage)
            .WithSummary("Open a case about employees in the caller's scope (alerts become its first evidence); their archived records go under legal hold.");
        cases.MapPut("/{id:guid}", async (Guid id, CaseEditInput input, CaseService svc, CancellationToken ct) =>
            {
                await svc.EditAsync(id, input, ct);
                return TypedResults.NoContent();
            }).RequirePermission(RiskPermissions.CaseManage)
            .WithSummary("Change the title and investigators (user names) of an active case; a stale version is 409.");
        cases.MapPost("/{id:guid}/evidence", async (Guid id, CaseEvidenceInput input, CaseService svc, CancellationToken ct) =>
            {
                var evidenceId = await svc.AddEvidenceAsync(id, input, ct);
                return TypedResults.Created($"/api/risk/cases/{id}", new { id = evidenceId });
            }).RequirePermission(RiskPermissions.CaseManage)
            .WithSummary("Add a record as evidence: kind archive (key = seq), followup, order, custody, approval, audit, acknowledgement (key = id) or alert (key = alert id).");
        cases.MapDelete("/{id:guid}/evidence/{evidenceId:guid}", async (Guid id, Guid evidenceId, [Required] Guid? version, CaseService svc, CancellationToken ct) =>
            {
                await svc.RemoveEvidenceAsync(id, evidenceId, version!.Value, ct);
                return TypedResults.NoContent();
            }).RequirePermission(RiskPermissions.CaseManage)
            .WithSummary("Remove a piece of evidence from an active case (the removal stays on the timeline).");
        cases.MapGet("/{id:guid}/candidates", async (Guid id, [Required, MaxLength(20)] string kind, CaseService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.CandidatesAsync(id, kind, ct)))
            .RequirePermission(RiskPermissions.CaseManage)
            .WithSummary("Recent records of the case's subjects of one kind that may be added as evidence.");
        cases.MapPost("/{id:guid}/notes", async (Guid id, CaseNoteInput input, CaseService svc, CancellationToken ct) =>
            {
                await svc.AddNoteAsync(id, input, ct);
                return TypedResults.NoContent();
            }).RequirePermission(RiskPermissions.CaseManage)
            .WithSummary("Append a note (notes are never edited).");
        cases.MapPost("/{id:guid}/status", async (Guid id, CaseStatusInput input, CaseService svc, CancellationToken ct) =>
            {
                await svc.ChangeStatusAsync(id, input, ct);
                return TypedResults.NoContent();
            }).RequirePermission(RiskPermissions.CaseManage)
            .WithSummary("Open → under review → closed (outcome and closing note required); closing releases the subjects' legal holds.");
        // GET too: the case page downloads it through a plain link with the session cookie (unsafe
        // API methods take bearer tokens only, ADR 0002); the download is audited like any export.
        cases.MapGet("/{id:guid}/evidence-package", ExportPackageAsync).RequirePermission(RiskPermissions.EvidenceExport)
            .WithSummary("The arbitration evidence package (ZIP) of a case, as a download; needs a second factor; audited about each subject.");
        cases.MapPost("/{id:guid}/evidence-package", ExportPackageAsync).RequirePermission(RiskPermissions.EvidenceExport)
            .WithSummary("The arbitration evidence package (ZIP) of a case; needs a second factor; audited about each subject.");
    }

    private static async Task<FileContentHttpResult> ExportPackageAsync(Guid id, CaseService svc, IServiceProvider services, CancellationToken ct)
    {
        var writer = services.GetService<IEvidencePackageWriter>()
            ?? throw new DomainException("Risk.Case.PackageUnavailable") { StatusCode = StatusCodes.Status503ServiceUnavailable };
        var input = await svc.PackageInputAsync(id, ct);
        using var zip = new MemoryStream();
        await writer.WriteAsync(input, zip, ct);
        return TypedResults.File(zip.ToArray(), "application/zip", $"{input.CaseNumber}-evidence.zip");
    }
}
