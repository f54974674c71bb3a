using System.Linq.Expressions;
using System.Text.Json.Serialization;
using Renhe.Modules.Org.Employees;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Modules.Risk.Cases;

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum CaseStatus { Open, UnderReview, Closed }

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum CaseOutcome { NoIssue, Warning, Dismissal, Referred }

/// What an event on a case's timeline records.
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum CaseEventKind { Opened, Edited, EvidenceAdded, EvidenceRemoved, Note, StatusChanged, PackageExported }

/// 调查案件: an investigation of one or more employees. It gathers evidence (references to records
/// Renhe already holds, never copies) and notes, and ends in an outcome. While it is open or under
/// review every archived record of its subjects is under legal hold. A closed case is read-only:
/// what it concluded, and from what, stays as it was.
public sealed class RiskCase : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// AJ-2026-0001: the year it was opened (company calendar) and its place in that year.
    public string Number { get; set; } = "";
    public string Title { get; private set; } = "";
    public CaseStatus Status { get; private set; } = CaseStatus.Open;
    public CaseOutcome? Outcome { get; private set; }
    public string? ClosingNote { get; private set; }
    public DateTimeOffset OpenedAt { get; set; }
    public string OpenedBy { get; set; } = "";
    public DateTimeOffset? ClosedAt { get; private set; }
    public string? ClosedBy { get; private set; }
    public List<RiskCaseSubject> Subjects { get; set; } = [];
    public List<RiskCaseInvestigator> Investigators { get; set; } = [];
    public List<RiskCaseEvidence> Evidence { get; set; } = [];
    public List<RiskCaseEvent> Events { get; set; } = [];
    public Guid Version { get; private set; } = Guid.NewGuid();

    /// The statuses each status may move to. Closed is final: a case is reopened by opening a new one.
    public static readonly IReadOnlyDictionary<CaseStatus, CaseStatus[]> Transitions = new Dictionary<CaseStatus, CaseStatus[]>
    {
        [CaseStatus.Open] = [CaseStatus.UnderReview],
        [CaseStatus.UnderReview] = [CaseStatus.Open, CaseStatus.Closed],
        [CaseStatus.Closed] = [],
    };

    public bool IsActive => Status != CaseStatus.Closed;

    public static RiskCase Open(string number, string title, IReadOnlyCollection<Guid> subjectIds, Guid openerUserId, string by, DateTimeOffset now)
    {
        var trimmed = title.Trim();
        if (trimmed.Length == 0) throw new DomainException("Validation.Required", "title") { Field = "title" };
        if (subjectIds.Count == 0) throw new DomainException("Risk.Case.SubjectsRequired") { Field = "subjectEmployeeIds" };
        var c = new RiskCase { Number = number, Title = trimmed, OpenedAt = now, OpenedBy = by };
        foreach (var id in subjectIds.Distinct()) c.Subjects.Add(new RiskCaseSubject { CaseId = c.Id, EmployeeId = id });
        c.Investigators.Add(new RiskCaseInvestigator { CaseId = c.Id, UserId = openerUserId });
        c.Events.Add(c.NewEvent(CaseEventKind.Opened, trimmed, by, now));
        return c;
    }

    public RiskCaseEvent Rename(string title, string by, DateTimeOffset now)
    {
        EnsureEditable();
        var trimmed = title.Trim();
        if (trimmed.Length == 0) throw new DomainException("Validation.Required", "title") { Field = "title" };
        Title = trimmed;
        return NewEvent(CaseEventKind.Edited, trimmed, by, now);
    }

    public RiskCaseEvidence AddEvidence(string kind, string key, string by, DateTimeOffset now, out RiskCaseEvent added)
    {
        EnsureEditable();
        if (!EvidenceKinds.All.Contains(kind)) throw new DomainException("Risk.Case.UnknownKind", kind) { Field = "kind" };
        if (Evidence.Any(e => e.Kind == kind && e.Key == key))
            throw new DomainException("Risk.Case.EvidenceTwice") { Field = "key", StatusCode = StatusCodes.Status409Conflict };
        var item = new RiskCaseEvidence { CaseId = Id, Kind = kind, Key = key, AddedAt = now, AddedBy = by };
        Evidence.Add(item);
        added = NewEvent(CaseEventKind.EvidenceAdded, $"{kind}:{key}", by, now);
        return item;
    }

    public RiskCaseEvent RemoveEvidence(RiskCaseEvidence item, string by, DateTimeOffset now)
    {
        EnsureEditable();
        Evidence.Remove(item);
        return NewEvent(CaseEventKind.EvidenceRemoved, $"{item.Kind}:{item.Key}", by, now);
    }

    /// Notes are append-only: a correction is a further note.
    public RiskCaseEvent AddNote(string text, string by, DateTimeOffset now)
    {
        EnsureEditable();
        var trimmed = text.Trim();
        if (trimmed.Length == 0) throw new DomainException("Validation.Required", "text") { Field = "text" };
        return NewEvent(CaseEventKind.Note, trimmed, by, now);
    }

    /// Moves the case along <see cref="Transitions"/>. Closing needs an outcome and a note saying why.
    public RiskCaseEvent MoveTo(CaseStatus to, CaseOutcome? outcome, string? closingNote, string by, DateTimeOffset now)
    {
        EnsureEditable();
        if (!Transitions[Status].Contains(to))
            throw new DomainException("Risk.Case.BadTransition") { Field = "status", StatusCode = StatusCodes.Status409Conflict };
        if (to == CaseStatus.Closed)
        {
            if (outcome is null) throw new DomainException("Risk.Case.OutcomeRequired") { Field = "outcome" };
            if (string.IsNullOrWhiteSpace(closingNote)) throw new DomainException("Risk.Case.ClosingNoteRequired") { Field = "closingNote" };
            Outcome = outcome;
            ClosingNote = closingNote.Trim();
            ClosedAt = now;
            ClosedBy = by;
        }
        var from = Status;
        Status = to;
        return NewEvent(CaseEventKind.StatusChanged, to == CaseStatus.Closed ? $"{from}→{to}:{outcome}" : $"{from}→{to}", by, now);
    }

    /// Exporting is allowed in every status (a closed case is what goes to arbitration); it only adds to the timeline.
    public RiskCaseEvent PackageExported(string by, DateTimeOffset now) => NewEvent(CaseEventKind.PackageExported, null, by, now);

    private void EnsureEditable()
    {
        if (Status == CaseStatus.Closed)
            throw new DomainException("Risk.Case.Closed") { StatusCode = StatusCodes.Status409Conflict };
    }

    private RiskCaseEvent NewEvent(CaseEventKind kind, string? text, string by, DateTimeOffset now) =>
        new() { CaseId = Id, Kind = kind, Text = text, By = by, At = now };
}

/// An employee the case is about. Data scope follows the subjects: a case is visible to a user whose
/// scope covers every one of them (<see cref="CaseService"/>). <see cref="LegalHoldId"/> is the hold
/// on their archived records while the case is active.
public sealed class RiskCaseSubject : IDataScoped<RiskCaseSubject>
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public Guid EmployeeId { get; set; }
    public Employee? Employee { get; set; }
    public Guid? LegalHoldId { get; set; }

    public static Expression<Func<RiskCaseSubject, Guid?>> ScopeOwner => s => s.EmployeeId;
    public static Expression<Func<RiskCaseSubject, Guid?>> ScopeDepartment => s => s.Employee == null ? null : s.Employee.DepartmentId;
    public static Expression<Func<RiskCaseSubject, Guid?>> ScopeBranch => s => s.Employee == null ? null : s.Employee.BranchId;
}

/// A user working the case (the one who opened it, and whoever they add).
public sealed class RiskCaseInvestigator
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public Guid UserId { get; set; }
}

/// A reference to a record Renhe holds, chosen as evidence: <see cref="Kind"/> (see
/// <see cref="EvidenceKinds"/>) and its key (an archive seq, a record id, an alert id). Alerts are
/// referenced by key only: the case does not depend on how alerts are stored.
public sealed class RiskCaseEvidence
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public string Kind { get; set; } = "";
    public string Key { get; set; } = "";
    public DateTimeOffset AddedAt { get; set; }
    public string AddedBy { get; set; } = "";
}

/// The case's own timeline, append-only: opened, edits, evidence added and removed, notes, status
/// changes, packages exported. Kept with the case (not read back from the audit log) so the
/// timeline reads the same in the page and in the package whatever the audit log's retention.
public sealed class RiskCaseEvent
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public DateTimeOffset At { get; set; }
    public string By { get; set; } = "";
    public CaseEventKind Kind { get; set; }
    public string? Text { get; set; }
}

public static class EvidenceKinds
{
    public const string Archive = "archive";
    public const string FollowUp = "followup";
    public const string Order = "order";
    public const string Custody = "custody";
    public const string Approval = "approval";
    public const string Audit = "audit";
    public const string Acknowledgement = "acknowledgement";
    public const string Alert = "alert";

    public static readonly string[] All = [Archive, FollowUp, Order, Custody, Approval, Audit, Acknowledgement, Alert];
}
