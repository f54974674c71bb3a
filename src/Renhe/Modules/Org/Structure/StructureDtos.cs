using System.ComponentModel.DataAnnotations;
using Renhe.Platform.Time;

namespace Renhe.Modules.Org.Structure;

public sealed record BranchDto(Guid Id, string Name, string City, string TimeZone, int HeadCount);

public sealed record DepartmentDto(Guid Id, string Name, Guid BranchId, Guid? ParentId, Guid? ManagerEmployeeId,
    string? ManagerName, int HeadCount, Guid Version);

public sealed record PositionDto(Guid Id, Guid DepartmentId, string Name);

/// A node of the org chart: a department with its own head count and the total of its subtree.
public sealed record OrgChartNode(Guid Id, string Name, Guid BranchId, string BranchName, string? ManagerName,
    int HeadCount, int TotalHeadCount, IReadOnlyList<OrgChartNode> Children);

public sealed class BranchInput
{
    [Required, MaxLength(100)] public string Name { get; set; } = "";
    [Required, MaxLength(50)] public string City { get; set; } = "";
    [Required, MaxLength(50)] public string TimeZone { get; set; } = BranchCalendar.DefaultZoneId;
}

public sealed class PositionInput
{
    [Required] public Guid? DepartmentId { get; set; }
    [Required, MaxLength(50)] public string Name { get; set; } = "";
}

public sealed record DepartmentRequest(
    [property: Required, MaxLength(100)] string Name,
    [property: Required] Guid? BranchId,
    Guid? ParentId,
    Guid? ManagerEmployeeId,
    Guid? Version)
{
    public DepartmentInput ToInput() => new(Name, BranchId!.Value, ParentId, ManagerEmployeeId);
}
