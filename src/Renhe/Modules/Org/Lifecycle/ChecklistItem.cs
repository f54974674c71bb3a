using Renhe.Modules.Org.Employees;

namespace Renhe.Modules.Org.Lifecycle;

public enum ChecklistKind { Onboarding, Offboarding }

/// A task in someone's onboarding or offboarding (发放电脑, 交接客户, 结清工资, 停用账号), owned by a
/// person and due on a date. Other modules add their own items when an employee leaves
/// (see <see cref="IOffboardingContributor"/>); <see cref="Source"/> says which.
public sealed class ChecklistItem
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EmployeeId { get; set; }
    public ChecklistKind Kind { get; set; }
    public string Title { get; set; } = "";
    public Guid? OwnerEmployeeId { get; set; }
    public DateOnly DueDate { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    public Guid? DoneBy { get; set; }
    public string Source { get; set; } = "org";
    /// Where the item's work is done in Renhe (the sales module's inheritance plan), if anywhere.
    public string? Link { get; set; }
}
