using Renhe.Modules.Sales.FollowUps;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Modules.Commission.Disputes;

public static class DisputeEndpoints
{
    public static void MapDisputes(this IEndpointRouteBuilder api)
    {
        var disputes = api.MapGroup("/commission/disputes").WithTags("Commission");
        disputes.MapPost("", async (DisputeInput input, DisputeService svc, CancellationToken ct) =>
            {
                var id = await svc.CreateAsync(input, ct);
                return TypedResults.Created($"/api/commission/disputes/{id}", new { id });
            }).RequirePermission(CommissionPermissions.DisputeCreate)
            .WithSummary($"Dispute one's own closed statement (or one line) within {CommissionDispute.WindowDays} days of its close; the manager, then finance, handle it. Late → 400.");
        disputes.MapGet("", async (DisputeService svc, CancellationToken ct) => TypedResults.Ok(await svc.ListAsync(ct)))
            .RequirePermission(CommissionPermissions.StatementRead)
            .WithSummary("Disputes of the people whose statements the caller reads, newest first.");
        disputes.MapGet("/disputable", async (DisputeService svc, CancellationToken ct) => TypedResults.Ok(await svc.DisputableAsync(ct)))
            .RequirePermission(CommissionPermissions.DisputeCreate)
            .WithSummary("The caller's closed statements still open to dispute, with their lines.");
        disputes.MapGet("/{id:guid}", async (Guid id, DisputeService svc, CancellationToken ct) => TypedResults.Ok(await svc.GetAsync(id, ct)))
            .RequirePermission(Renhe.Platform.PlatformPermissions.ApprovalAct)
            .WithSummary("One dispute, for the person, whoever reads their statements, or its approvers.");
        disputes.MapPost("/{id:guid}/proposal", async (Guid id, DisputeProposalInput input, DisputeService svc, CancellationToken ct) =>
            {
                await svc.ProposeAsync(id, input, ct);
                return TypedResults.NoContent();
            }).RequirePermission(Renhe.Platform.PlatformPermissions.ApprovalAct)
            .WithSummary("The current approver's proposal (amount to accept, their words); then approve or reject the approval step.");
        disputes.MapPost("/{id:guid}/attachment", async (Guid id, IFormFile file, DisputeService svc, CancellationToken ct) =>
            {
                if (file.Length > Platform.Files.AttachmentRules.MaxBytes)
                    throw new DomainException("Sales.FollowUp.FileTooLarge", file.FileName, Platform.Files.AttachmentRules.MaxBytes / 1024 / 1024) { Field = "file" };
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                await svc.AttachAsync(id, new UploadedFile(file.FileName, buffer.ToArray()), ct);
                return TypedResults.NoContent();
            }).RequirePermission(CommissionPermissions.DisputeCreate)
            .DisableAntiforgery() // bearer-token clients; the page attaches through the service directly
            .WithSummary("Attach one file (image, PDF, Office document up to 10 MB) to one's open dispute.");
        disputes.MapGet("/{id:guid}/attachment", async (Guid id, DisputeService svc, CancellationToken ct) =>
            {
                var file = await svc.AttachmentAsync(id, ct);
                return TypedResults.File(file.Content, file.ContentType, file.FileName);
            }).RequirePermission(Renhe.Platform.PlatformPermissions.ApprovalAct)
            .WithSummary("The dispute's attachment, for whoever may read the dispute.");
    }
}
