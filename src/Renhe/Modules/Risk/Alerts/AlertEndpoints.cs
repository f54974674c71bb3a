using System.ComponentModel.DataAnnotations;
using Renhe.Modules.Risk.Rules;
using Renhe.Platform.Security;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Risk.Alerts;

public static class AlertEndpoints
{
    /// The alert queue, triage and the per-person risk scores, under /api/risk/alerts; the rules and
    /// their backtest under /api/risk/rules.
    public static void MapAlertApi(this IEndpointRouteBuilder risk)
    {
        risk.MapGet("/alerts", async (AlertStatus? status, Guid? ruleId, [Range(1, 10_000)] int? page, [Range(1, 200)] int? pageSize,
                AlertService alerts, CancellationToken ct) =>
                TypedResults.Ok(await alerts.ListAsync(new AlertQuery(status, ruleId, page ?? 1, pageSize ?? 50), ct)))
            .RequirePermission(RiskPermissions.AlertTriage)
            .WithSummary("The alert queue within the caller's scope: pseudonyms, rule, severity, window and a one-line explanation; no names, no message content.");
        risk.MapGet("/alerts/export", async (AlertStatus? status, Guid? ruleId, AlertService alerts, CancellationToken ct) =>
                TypedResults.File(await alerts.ExportAsync(status, ruleId, ct), Platform.Audit.AuditEndpoints.XlsxContentType,
                    $"risk-alerts-{DateTime.UtcNow:yyyyMMdd}.xlsx"))
            .RequirePermission(RiskPermissions.AlertTriage)
            .WithSummary("The alert queue as an Excel workbook (pseudonyms, no content); audited.");
        risk.MapGet("/alerts/{id:guid}", async (Guid id, AlertService alerts, CancellationToken ct) =>
                TypedResults.Ok(await alerts.DetailAsync(id, ct)))
            .RequirePermission(RiskPermissions.AlertTriage)
            .WithSummary("One alert explained: the numbers, baseline, threshold, window and the linked records (described once the caller has revealed the person).");
        risk.MapPost("/alerts/{id:guid}/reveal", async (Guid id, RevealRequest request, AlertService alerts, CancellationToken ct) =>
                TypedResults.Ok(await alerts.RevealAsync(id, request.Reason, ct)))
            .RequirePermission(RiskPermissions.AlertReveal)
            .WithSummary("Who the alert is about; needs a reason, and is recorded with the person as data subject (they see it in their data-access log).");
        risk.MapPost("/alerts/{id:guid}/dismiss", async (Guid id, DismissRequest request, AlertService alerts, CancellationToken ct) =>
            {
                await alerts.DismissAsync(id, request, ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(RiskPermissions.AlertTriage)
            .WithSummary("Dismiss an open alert as a false positive, justified or a duplicate, with a note; 409 when someone triaged it first.");
        risk.MapPost("/alerts:escalate", async (EscalateRequest request, AlertService alerts, Cases.CaseService cases, CancellationToken ct) =>
                TypedResults.Ok(new EscalateResult(await alerts.EscalateToCaseAsync(request.AlertIds, request.Title.Trim(), request.Note, cases, ct))))
            .RequirePermission(RiskPermissions.AlertTriage)
            .RequirePermission(RiskPermissions.CaseManage)
            .WithSummary("Open a case from open alerts: their people are its subjects, the alerts and their records its first evidence; the alerts become escalated.");
        risk.MapGet("/alerts/scores", async (AlertService alerts, CancellationToken ct) => TypedResults.Ok(await alerts.ScoresAsync(ct)))
            .RequirePermission(RiskPermissions.AlertTriage)
            .WithSummary("Per-person risk scores (pseudonymised) from the open and escalated alerts of the last 30 days, with each rule's contribution.");
        risk.MapGet("/alerts/effectiveness", async (AlertService alerts, CancellationToken ct) => TypedResults.Ok(await alerts.EffectivenessAsync(ct)))
            .RequirePermission(RiskPermissions.AlertTriage)
            .WithSummary("Per rule: alerts raised, open, dismissed, escalated, and effectiveness (escalated ÷ triaged).");

        risk.MapGet("/rules", async (RuleService rules, CancellationToken ct) => TypedResults.Ok(await rules.ListAsync(ct)))
            .RequirePermission(RiskPermissions.RuleManage)
            .WithSummary("The alert rules with their parameters, scope, severity and revision.");
        risk.MapGet("/rules/{id:guid}", async (Guid id, RuleService rules, CancellationToken ct) => TypedResults.Ok(await rules.GetAsync(id, ct)))
            .RequirePermission(RiskPermissions.RuleManage)
            .WithSummary("One alert rule.");
        risk.MapGet("/rules/{id:guid}/revisions", async (Guid id, RuleService rules, CancellationToken ct) =>
                TypedResults.Ok(await rules.RevisionsAsync(id, ct)))
            .RequirePermission(RiskPermissions.RuleManage)
            .WithSummary("Every change of a rule: who, when, what changed, and the rule as it was after.");
        risk.MapPost("/rules", async (RuleInput input, RuleService rules, CancellationToken ct) =>
                TypedResults.Ok(await rules.CreateAsync(input, ct)))
            .RequirePermission(RiskPermissions.RuleManage)
            .WithSummary("Add a rule (a template with parameters, or a custom expression over signals checked in the sandbox).");
        risk.MapPut("/rules/{id:guid}", async (Guid id, RuleUpdate update, RuleService rules, CancellationToken ct) =>
                TypedResults.Ok(await rules.UpdateAsync(id, update, ct)))
            .RequirePermission(RiskPermissions.RuleManage)
            .WithSummary("Change a rule (parameters, scope, severity, on/off); a new revision; 409 when the version is stale.");
        risk.MapPost("/rules:backtest", async (BacktestRequest request, BacktestService backtest, CancellationToken ct) =>
                TypedResults.Ok(await backtest.RunAsync(request, ct)))
            .RequirePermission(RiskPermissions.RuleManage)
            .WithSummary("Run a draft or edited rule over the last days (≤ 180): alerts, people (pseudonymised), per week, and precision against triage.");
        risk.MapGet("/rules/signals", () => TypedResults.Ok(SignalVariables.All.Select(v => new { v.Name, v.IsFlag, v.Triggers })))
            .RequirePermission(RiskPermissions.RuleManage)
            .WithSummary("The signal names a custom expression may use.");
    }
}
