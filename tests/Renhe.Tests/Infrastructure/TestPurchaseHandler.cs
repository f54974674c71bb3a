using Renhe.Platform.Approvals;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;

namespace Renhe.Tests.Infrastructure;

/// A request type for the engine's tests, registered in every test host. Each call writes a row
/// through the engine's own context, so a test counts the calls that were committed: a handler
/// call of an action that lost a race is rolled back with it.
public sealed class TestPurchaseHandler : IApprovalHandler
{
    public const string Type = "test.purchase";

    public string RequestType => Type;

    public string DisplayNameKey => "ApprovalType.test.purchase";

    public string? SubjectLink(ApprovalRequest request) => $"/test/purchases/{request.SubjectId}";

    public Task OnApprovedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) => Note(db, request, "approved");

    public Task OnRejectedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) => Note(db, request, "rejected");

    public Task OnReturnedAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) => Note(db, request, "returned");

    public Task OnWithdrawnAsync(ApprovalRequest request, AppDbContext db, CancellationToken ct) => Note(db, request, "withdrawn");

    public static string Entity(string what) => "test.purchase." + what;

    private static Task Note(AppDbContext db, ApprovalRequest request, string what)
    {
        db.AuditEntries.Add(new AuditEntry { At = DateTimeOffset.UtcNow, Action = AuditAction.Update, Entity = Entity(what), EntityKey = request.Id.ToString() });
        return Task.CompletedTask;
    }
}
