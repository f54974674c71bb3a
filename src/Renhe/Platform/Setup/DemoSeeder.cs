using Microsoft.AspNetCore.Identity;
using Renhe.Modules.Org.Demo;
using Renhe.Platform.Security;

namespace Renhe.Platform.Setup;

public sealed record DemoAccount(string UserName, string Role, string DisplayName);

/// The demo company loaded by --demo: its organisation (<see cref="DemoOrgSeeder"/>) and one account
/// per role, linked to the employee who holds it. User names and the shared password are fixed so
/// documentation and scripts can rely on them; they exist only in demo mode.
public sealed class DemoSeeder(DemoOrgSeeder organisation, UserManager<AppUser> users)
{
    public const string Password = "Renhe@2026";

    public static readonly DemoAccount[] Accounts =
    [
        new("admin", Roles.Administrator, "系统管理员"),
        new("owner", Roles.Owner, "王建国"),
        new("hr", Roles.Hr, "陈静"),
        new("finance", Roles.Finance, "刘芳"),
        new("salesmgr", Roles.SalesManager, "张志强"),
        new("zhangsan", Roles.Salesperson, "张三"),
        new("lisi", Roles.Salesperson, "李四"),
        new("xiaoli", Roles.Salesperson, "李晓"),
        new("cssup", Roles.CsSupervisor, "赵敏"),
        new("csagent", Roles.CsAgent, "孙丽"),
        new("auditor", Roles.Auditor, "周明"),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await organisation.SeedAsync(ct) is not { } holders) return;
        foreach (var account in Accounts)
        {
            var user = new AppUser
            {
                UserName = account.UserName, DisplayName = account.DisplayName,
                EmployeeId = holders.TryGetValue(account.UserName, out var employeeId) ? employeeId : null,
            };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded) throw new InvalidOperationException($"Demo account {account.UserName}: {created.Errors.First().Description}");
            await users.AddToRoleAsync(user, account.Role);
        }
    }
}
