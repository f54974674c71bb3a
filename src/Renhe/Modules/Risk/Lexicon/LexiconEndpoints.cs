using System.ComponentModel.DataAnnotations;
using Renhe.Platform.Validation;
using Renhe.Platform.Audit;
using Renhe.Platform.Security;
using Renhe.Platform.Time;

namespace Renhe.Modules.Risk.Lexicon;

public static class LexiconEndpoints
{
    /// The sensitive-word lexicon, under /api/risk/lexicon: every change recompiles the scanner the archive uses.
    public static void MapLexiconApi(this IEndpointRouteBuilder risk)
    {
        var lexicon = risk.MapGroup("/lexicon");

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
        lexicon.MapPost("/import", async (IFormFile file, [MaxLength(50)] string? category, [MaxLength(20)] string? severity, bool? preview, LexiconService svc, CancellationToken ct) =>
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
}
