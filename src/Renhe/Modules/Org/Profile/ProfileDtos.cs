using System.ComponentModel.DataAnnotations;

namespace Renhe.Modules.Org.Profile;

public sealed record ProfileChangeDto(Guid Id, Guid EmployeeId, string EmployeeName, ProfileField Field, string NewValueMasked,
    string? Comment, RequestStatus Status, DateTimeOffset RequestedAt, DateTimeOffset? DecidedAt, string? DecisionReason);

public sealed class ProfileChangeInput
{
    [Required] public ProfileField? Field { get; set; }
    [Required, MaxLength(50)] public string NewValue { get; set; } = "";
    [MaxLength(500)] public string? Comment { get; set; }
}

public sealed class DecisionInput
{
    [MaxLength(500)] public string? Reason { get; set; }
}
