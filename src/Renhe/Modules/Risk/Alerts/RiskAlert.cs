using System.Linq.Expressions;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Risk.Rules;
using Renhe.Platform.Security;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Signals;

namespace Renhe.Modules.Risk.Alerts;

public enum AlertStatus { Open, Dismissed, Escalated }

/// Why an alert was dismissed.
public enum DismissReason { FalsePositive, Justified, Duplicate }

/// An alert a rule raised for a person, with the numbers and records that explain it. Unique per
/// rule, person and window start: the evaluator's decisions are deterministic, so a second pass
/// (another instance, a replay) meets the same key and adds nothing.
public sealed class RiskAlert : IVersioned, IDataScoped<RiskAlert>
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RuleId { get; set; }
    public int RuleRevision { get; set; }
    public Guid EmployeeId { get; set; }
    public Employee? Employee { get; set; }
    public DateTimeOffset RaisedAt { get; set; }
    public DateTimeOffset WindowStart { get; set; }
    public DateTimeOffset WindowEnd { get; set; }
    public RiskSeverity Severity { get; set; }
    public string FactsJson { get; set; } = "{}";
    public string RecordsJson { get; set; } = "[]";
    public AlertStatus Status { get; private set; }
    public DismissReason? DismissReason { get; private set; }
    public string? TriageNote { get; private set; }
    public DateTimeOffset? TriagedAt { get; private set; }
    public string? TriagedBy { get; private set; }
    public Guid? CaseId { get; private set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid Version { get; private set; } = Guid.NewGuid();

    public static Expression<Func<RiskAlert, Guid?>> ScopeOwner => a => a.EmployeeId;
    public static Expression<Func<RiskAlert, Guid?>> ScopeDepartment => a => a.Employee == null ? null : a.Employee.DepartmentId;
    public static Expression<Func<RiskAlert, Guid?>> ScopeBranch => a => a.Employee == null ? null : a.Employee.BranchId;

    public AlertFacts Facts => RuleJson.Read<AlertFacts>(FactsJson);
    public IReadOnlyList<SignalRef> Records => RuleJson.Read<List<SignalRef>>(RecordsJson);

    public static RiskAlert From(RaisedAlert raised, DateTimeOffset now) => new()
    {
        RuleId = raised.RuleId,
        RuleRevision = raised.RuleVersion,
        EmployeeId = raised.EmployeeId,
        RaisedAt = raised.RaisedAt,
        WindowStart = raised.WindowStart,
        WindowEnd = raised.WindowEnd,
        Severity = raised.Severity,
        FactsJson = RuleJson.Write(raised.Facts),
        RecordsJson = RuleJson.Write(raised.Records),
        CreatedAt = now,
    };

    public void Dismiss(DismissReason reason, string note, string by, DateTimeOffset at)
    {
        RequireOpen();
        if (string.IsNullOrWhiteSpace(note)) throw new DomainException("Risk.Alert.NoteRequired") { Field = "note" };
        (Status, DismissReason, TriageNote, TriagedBy, TriagedAt) = (AlertStatus.Dismissed, reason, note.Trim(), by, at);
    }

    public void Escalate(Guid caseId, string? note, string by, DateTimeOffset at)
    {
        RequireOpen();
        (Status, CaseId, TriageNote, TriagedBy, TriagedAt) = (AlertStatus.Escalated, caseId, note?.Trim(), by, at);
    }

    private void RequireOpen()
    {
        if (Status != AlertStatus.Open) throw new DomainException("Risk.Alert.NotOpen") { StatusCode = 409 };
    }
}
