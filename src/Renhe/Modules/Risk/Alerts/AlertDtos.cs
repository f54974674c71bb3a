using Renhe.Modules.Risk.Rules;

namespace Renhe.Modules.Risk.Alerts;

/// A queue row: who only as a pseudonym, and no message content.
public sealed record AlertRow(Guid Id, string Pseudonym, Guid RuleId, string Rule, RiskSeverity Severity, AlertStatus Status,
    DateTimeOffset RaisedAt, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, string Summary, Guid Version);

/// A linked record: before the person is revealed, only its kind and time.
public sealed record AlertRecord(string Type, string Key, DateTimeOffset? At, string? Title, string? Link);

public sealed record AlertDetail(AlertRow Alert, IReadOnlyList<string> Explanation, IReadOnlyList<AlertRecord> Records,
    DismissReason? DismissReason, string? TriageNote, string? TriagedBy, DateTimeOffset? TriagedAt, Guid? CaseId,
    RevealedPerson? Person);

public sealed record RevealedPerson(Guid EmployeeId, string Name, string EmployeeNumber, string Department);

public sealed record AlertPage(IReadOnlyList<AlertRow> Items, int Total);

public sealed record AlertQuery(AlertStatus? Status, Guid? RuleId, int Page = 1, int PageSize = 50);

public sealed record RevealRequest([property: System.ComponentModel.DataAnnotations.MaxLength(Platform.Validation.FieldLimits.Reason)] string Reason);

public sealed record DismissRequest(DismissReason Reason, [property: System.ComponentModel.DataAnnotations.MaxLength(Platform.Validation.FieldLimits.Reason)] string Note, Guid Version);

public sealed record EscalateRequest(
    [property: System.ComponentModel.DataAnnotations.Required, System.ComponentModel.DataAnnotations.MaxLength(100)] IReadOnlyList<Guid> AlertIds,
    [property: System.ComponentModel.DataAnnotations.Required, System.ComponentModel.DataAnnotations.MaxLength(Platform.Validation.FieldLimits.Title)] string Title,
    [property: System.ComponentModel.DataAnnotations.MaxLength(Platform.Validation.FieldLimits.Note)] string? Note);

public sealed record EscalateResult(Guid CaseId);

/// A person's risk score: points per open or escalated alert of the last 30 days, by severity.
public sealed record RiskScore(string Pseudonym, int Points, IReadOnlyList<ScoreContribution> Contributions);

public sealed record ScoreContribution(string Rule, RiskSeverity Severity, int Alerts, int Points);

/// How well a rule's alerts hold up: confirmed (escalated to a case) ÷ triaged.
public sealed record RuleEffectiveness(Guid RuleId, string Rule, int Raised, int Open, int Dismissed, int Escalated, decimal? Effectiveness);
