using System.ComponentModel.DataAnnotations;
using Renhe.Modules.Sales.Targets;
using Renhe.Platform.Audit;
using Renhe.Platform.Security;

namespace Renhe.Modules.Commission.Statements;

/// The finance side of statements: the months and their close, and the payable ledger with its
/// payroll-import file.
public static class StatementCloseEndpoints
{
    public static void MapStatementClose(this IEndpointRouteBuilder api)
    {
        var commission = api.MapGroup("/commission").WithTags("Commission");

        commission.MapGet("/months", async (StatementCloseService svc, CancellationToken ct) => TypedResults.Ok(await svc.MonthsAsync(ct)))
            .RequirePermission(CommissionPermissions.PayableRead)
            .WithSummary("The months from the first plan to now, newest first: open or closed, by whom, when, statements and total.");
        commission.MapPost("/months/{month}/close", async ([MaxLength(10)] string month, StatementCloseService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.CloseAsync(TargetEndpoints.ParseMonth(month), ct)))
            .RequirePermission(CommissionPermissions.MonthClose)
            .WithSummary("Closes a month (yyyy-MM) that has ended: stores every statement and writes the payable ledger. "
                         + "400 for a month not yet ended, 409 when it is closed already. Needs a second factor.");
        commission.MapGet("/payables", async ([MaxLength(10)] string month, PayableService svc, CancellationToken ct) =>
                TypedResults.Ok(await svc.LedgerAsync(TargetEndpoints.ParseMonth(month), ct)))
            .RequirePermission(CommissionPermissions.PayableRead)
            .WithSummary("The payable ledger of a month (yyyy-MM) within the caller's scope: one entry per closed statement.");
        commission.MapGet("/payables/export", async ([MaxLength(10)] string month, PayableService svc, CancellationToken ct) =>
                TypedResults.File(await svc.ExportAsync(TargetEndpoints.ParseMonth(month), ct), AuditEndpoints.XlsxContentType,
                    $"commission-payable-{month}.xlsx"))
            .RequirePermission(CommissionPermissions.PayableRead)
            .WithSummary("The payable ledger of a month as the Excel payroll-import file (employee number, name, month, yuan, statement id); audited.");
    }
}
