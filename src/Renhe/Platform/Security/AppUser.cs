using Microsoft.AspNetCore.Identity;

namespace Renhe.Platform.Security;

/// A sign-in account. Who a user is in the company (department, branch, manager) lives on the
/// linked employee; an account without an employee (an integration, the first administrator)
/// only ever sees data through grants with scope "all".
public sealed class AppUser : IdentityUser<Guid>
{
    public AppUser() => Id = Guid.CreateVersion7();

    public string DisplayName { get; set; } = "";

    /// Remembered UI language ("zh-CN" or "en"); null means the browser decides.
    public string? Culture { get; set; }

    /// False once the person has left; sign-in and tokens are refused.
    public bool IsActive { get; set; } = true;

    public Guid? EmployeeId { get; set; }

    public List<AppUserRole> Roles { get; set; } = [];
}

public sealed class AppRole : IdentityRole<Guid>
{
    public AppRole() => Id = Guid.CreateVersion7();

    public AppRole(string name) : this()
    {
        Name = name;
        NormalizedName = name.ToUpperInvariant();
    }
}

public sealed class AppUserRole : IdentityUserRole<Guid>;
