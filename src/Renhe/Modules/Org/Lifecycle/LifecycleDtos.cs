using System.ComponentModel.DataAnnotations;
using Renhe.Modules.Org.Employees;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Org.Lifecycle;

public sealed record ChecklistItemDto(Guid Id, ChecklistKind Kind, string Title, Guid? OwnerEmployeeId, string? OwnerName,
    DateOnly DueDate, DateTimeOffset? DoneAt, string Source, string? Link = null);

public sealed class LeaveInput
{
    [Required] public LeaveType? Type { get; set; }
    [Required, DateWindow(DateKind.Employment)] public DateOnly? LastWorkingDay { get; set; }
    [Required, MaxLength(FieldLimits.Reason), MultilineText] public string Reason { get; set; } = "";
}

public sealed class DateInput
{
    [Required, DateWindow(DateKind.Employment)] public DateOnly? Date { get; set; }
}

public sealed class ChecklistItemInput
{
    [Required] public ChecklistKind? Kind { get; set; }
    [Required, MaxLength(200)] public string Title { get; set; } = "";
    public Guid? OwnerEmployeeId { get; set; }
    [Required, DateWindow(DateKind.Plan)] public DateOnly? DueDate { get; set; }
}

public sealed record OnboardRequest([property: Required, DateWindow(DateKind.Employment)] DateOnly? HireDate,
    [property: DateWindow(DateKind.Employment)] DateOnly? ProbationEnd);
