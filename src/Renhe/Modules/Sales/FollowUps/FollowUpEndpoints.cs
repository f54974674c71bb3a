using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Renhe.Platform.Audit;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Sales.FollowUps;

/// The query of the list and the export (days are the viewer's branch days).
public sealed record FollowUpQuery(Guid? EmployeeId, Guid? CustomerId, FollowUpKind? Kind,
    [property: DateWindow(DateKind.Report)] DateOnly? From, [property: DateWindow(DateKind.Report)] DateOnly? To, bool? NotOwnOnly,
    [property: Range(1, 100_000)] int? Page, [property: Range(1, FieldLimits.PageSize)] int? PageSize)
{
    public FollowUpFilter ToFilter() => new(EmployeeId, CustomerId, Kind, From, To, NotOwnOnly ?? false, Page ?? 1, PageSize ?? 50);
}

public static class FollowUpEndpoints
{
    public static void MapFollowUps(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/sales/follow-ups").WithTags("Sales");
        group.MapPost("", async (FollowUpInput input, FollowUpService svc, CancellationToken ct) =>
            {
                var id = await svc.CreateAsync(input, ct);
                return TypedResults.Created($"/api/sales/follow-ups/{id}", new { id });
            })
            .RequirePermission(SalesPermissions.FollowUpCreate)
            .WithSummary("Log a follow-up; optionally move the customer's stage (not to ordered or repurchase).");
        group.MapGet("", async ([AsParameters] FollowUpQuery q, FollowUpService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.ListAsync(q.ToFilter(), ct)))
            .RequirePermission(SalesPermissions.FollowUpRead)
            .WithSummary("Follow-ups in the caller's scope, newest first, with their comments.");
        group.MapGet("/export", async ([AsParameters] FollowUpQuery q, FollowUpService svc, CancellationToken ct) =>
                TypedResults.File(await svc.ExportAsync(q.ToFilter(), ct), AuditEndpoints.XlsxContentType, $"follow-ups-{DateTime.UtcNow:yyyyMMdd}.xlsx"))
            .RequirePermission(SalesPermissions.FollowUpRead)
            .WithSummary("The same list as an Excel workbook; audited.");
        group.MapGet("/{id:guid}", async (Guid id, FollowUpService svc, CancellationToken ct) => TypedResults.Ok(await svc.DetailAsync(id, ct)))
            .RequirePermission(SalesPermissions.FollowUpRead);
        group.MapPost("/{id:guid}/comments", async (Guid id, [FromForm, MultilineText, MaxLength(FieldLimits.Note)] string? text, IFormFileCollection? files, FollowUpService svc,
                    CancellationToken ct) =>
            {
                var uploads = new List<UploadedFile>();
                foreach (var file in files ?? new FormFileCollection())
                {
                    // Refused before reading it all into memory.
                    if (file.Length > Platform.Files.AttachmentRules.MaxBytes)
                        throw new DomainException("Sales.FollowUp.FileTooLarge", file.FileName, Platform.Files.AttachmentRules.MaxBytes / 1024 / 1024) { Field = "files" };
                    using var buffer = new MemoryStream();
                    await file.CopyToAsync(buffer, ct);
                    uploads.Add(new UploadedFile(file.FileName, buffer.ToArray()));
                }
                var commentId = await svc.CommentAsync(id, text, uploads, ct);
                return TypedResults.Created($"/api/sales/follow-ups/{id}", new { id = commentId });
            })
            .RequirePermission(SalesPermissions.FollowUpComment)
            .DisableAntiforgery() // bearer-token clients; the page comments through the service directly
            .WithSummary("Comment on a follow-up (multipart: text, files). Images, PDF and Office documents up to 10 MB each; the author is notified.");
        group.MapGet("/{id:guid}/attachments/{fileId:guid}", async (Guid id, Guid fileId, FollowUpService svc, CancellationToken ct) =>
            {
                var file = await svc.AttachmentAsync(id, fileId, ct);
                return TypedResults.File(file.Content, file.ContentType, file.FileName);
            })
            .RequirePermission(SalesPermissions.FollowUpRead)
            .WithSummary("Download an attachment of a comment, for whoever may read the follow-up.");

    }
}
