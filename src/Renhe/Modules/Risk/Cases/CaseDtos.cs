using System.ComponentModel.DataAnnotations;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Risk.Cases;

/// A new case: what it is about, whom, and the alerts (if any) that led to it.
public sealed class CaseInput
{
    [Required, MaxLength(FieldLimits.Title)] public string? Title { get; set; }
    [Required, MaxLength(50)] public List<Guid>? SubjectEmployeeIds { get; set; }
    [MaxLength(100)] public List<Guid>? AlertIds { get; set; }
    [MaxLength(FieldLimits.Note), MultilineText] public string? Note { get; set; }
}

/// The title and investigators (by user name) as the editor saw them at <see cref="Version"/>.
public sealed class CaseEditInput
{
    [Required] public Guid? Version { get; set; }
    [Required, MaxLength(FieldLimits.Title)] public string? Title { get; set; }
    [MaxLength(20), ItemMaxLength(256)] public List<string>? Investigators { get; set; }
}

public sealed class CaseEvidenceInput
{
    [Required] public Guid? Version { get; set; }
    [Required, MaxLength(20)] public string? Kind { get; set; }
    [Required, MaxLength(64)] public string? Key { get; set; }
}

public sealed class CaseNoteInput
{
    [Required] public Guid? Version { get; set; }
    [Required, MaxLength(FieldLimits.Note), MultilineText] public string? Text { get; set; }
}

public sealed class CaseStatusInput
{
    [Required] public Guid? Version { get; set; }
    [Required, EnumDataType(typeof(CaseStatus))] public CaseStatus? Status { get; set; }
    [EnumDataType(typeof(CaseOutcome))] public CaseOutcome? Outcome { get; set; }
    [MaxLength(FieldLimits.Note), MultilineText] public string? ClosingNote { get; set; }
}

public sealed class CaseListQuery
{
    [EnumDataType(typeof(CaseStatus))] public CaseStatus? Status { get; set; }
    [MaxLength(FieldLimits.Search)] public string? Q { get; set; }
    [Range(1, 100_000)] public int? Page { get; set; }
    [Range(1, FieldLimits.PageSize)] public int? PageSize { get; set; }
}

public sealed record CaseSubjectView(Guid EmployeeId, string Name, string EmployeeNumber, string Department, Guid? LegalHoldId, bool HoldOpen);

public sealed record CaseInvestigatorView(Guid UserId, string UserName, string DisplayName);

/// One piece of evidence resolved to what it is today: <see cref="Missing"/> when the record has gone
/// (an archive record purged after the case closed, a deleted record).
public sealed record CaseEvidenceView(Guid Id, string Kind, string Key, string Title, DateTimeOffset? At, string? Link, bool Missing,
    string AddedBy, DateTimeOffset AddedAt);

public sealed record CaseEventView(DateTimeOffset At, string By, CaseEventKind Kind, string? Text);

public sealed record CaseView(Guid Id, string Number, string Title, CaseStatus Status, CaseOutcome? Outcome, string? ClosingNote,
    DateTimeOffset OpenedAt, string OpenedBy, DateTimeOffset? ClosedAt, string? ClosedBy,
    IReadOnlyList<CaseSubjectView> Subjects, IReadOnlyList<CaseInvestigatorView> Investigators,
    IReadOnlyList<CaseEvidenceView> Evidence, IReadOnlyList<CaseEventView> Notes, IReadOnlyList<CaseEventView> Timeline,
    bool UnderLegalHold, Guid Version);

public sealed record CaseListItem(Guid Id, string Number, string Title, CaseStatus Status, CaseOutcome? Outcome,
    IReadOnlyList<string> Subjects, int EvidenceCount, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt);

public sealed record CasePage(IReadOnlyList<CaseListItem> Items, int Total);

/// A record that may be added as evidence, for the picker.
public sealed record EvidenceCandidate(string Kind, string Key, string Title, DateTimeOffset At);

/// A closed case as the backtest reads it: whom it was about, when, how it ended, from which alerts.
public sealed record ClosedCaseOutcome(Guid CaseId, IReadOnlyList<Guid> SubjectEmployeeIds, DateTimeOffset OpenedAt, DateTimeOffset ClosedAt,
    CaseOutcome Outcome, IReadOnlyList<Guid> AlertIds);

/// An active case as the "add to case" pickers offer it.
public sealed record ActiveCase(Guid Id, string Number, string Title, Guid Version)
{
    public override string ToString() => $"{Number} {Title}";
}
