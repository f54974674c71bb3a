using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org;
using Renhe.Platform.Data;
using Renhe.Platform.Security;

namespace Renhe.Platform.Setup;

public sealed record DemoAccount(string UserName, string Role, string DisplayName);

/// The demo company (深圳某电商服务公司) loaded by --demo: its organisation and one account per role.
/// The user names and the shared password are fixed so documentation and scripts can rely on them;
/// they exist only in demo mode.
public sealed class DemoSeeder(IDbContextFactory<AppDbContext> dbFactory, UserManager<AppUser> users, TimeProvider clock)
{
    public const string Password = "Renhe@2026";

    public static readonly DemoAccount[] Accounts =
    [
        new("admin", Roles.Administrator, "系统管理员"),
        new("owner", Roles.Owner, "王建国"),
        new("hr", Roles.Hr, "陈静"),
        new("finance", Roles.Finance, "刘芳"),
        new("salesmgr", Roles.SalesManager, "张经理"),
        new("zhangsan", Roles.Salesperson, "张三"),
        new("lisi", Roles.Salesperson, "李四"),
        new("xiaoli", Roles.Salesperson, "小李"),
        new("cssup", Roles.CsSupervisor, "赵敏"),
        new("csagent", Roles.CsAgent, "孙丽"),
        new("auditor", Roles.Auditor, "周明"),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Branches.AnyAsync(ct)) return;

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var shenzhen = new Branch { Name = "深圳总部", City = "深圳", TimeZone = "Asia/Shanghai" };
        var hangzhou = new Branch { Name = "杭州分公司", City = "杭州", TimeZone = "Asia/Shanghai" };
        db.Branches.AddRange(shenzhen, hangzhou);

        Department Dept(string name, Branch branch, Department? parent = null)
        {
            var d = new Department { Name = name, BranchId = branch.Id, ParentId = parent?.Id };
            db.Departments.Add(d);
            return d;
        }
        var office = Dept("总经办", shenzhen);
        var sales = Dept("销售部", shenzhen);
        var service = Dept("客服部", shenzhen);
        var hrDept = Dept("人事行政部", shenzhen);
        var financeDept = Dept("财务部", shenzhen);
        var ops = Dept("运营部", shenzhen);
        var hzOps = Dept("杭州运营部", hangzhou);

        var number = 0;
        Employee Person(string name, Department dept, Branch branch, string position, int monthsAgo, Employee? manager = null,
            EmploymentStatus status = EmploymentStatus.Active)
        {
            var e = new Employee
            {
                EmployeeNumber = $"E{++number:0000}", Name = name, DepartmentId = dept.Id, BranchId = branch.Id,
                Position = position, HireDate = today.AddMonths(-monthsAgo), ManagerId = manager?.Id, Status = status,
            };
            db.Employees.Add(e);
            return e;
        }
        var boss = Person("王建国", office, shenzhen, "总经理", 60);
        var hr = Person("陈静", hrDept, shenzhen, "人事经理", 48, boss);
        var finance = Person("刘芳", financeDept, shenzhen, "财务主管", 44, boss);
        var salesManager = Person("张志强", sales, shenzhen, "销售经理", 40, boss);
        var zhangsan = Person("张三", sales, shenzhen, "高级销售", 30, salesManager);
        var lisi = Person("李四", sales, shenzhen, "销售专员", 1, salesManager, EmploymentStatus.Probation);
        var xiaoli = Person("李晓", sales, shenzhen, "销售专员", 3, salesManager);
        var csSupervisor = Person("赵敏", service, shenzhen, "客服主管", 36, boss);
        var csAgent = Person("孙丽", service, shenzhen, "客服专员", 14, csSupervisor);
        var auditor = Person("周明", office, shenzhen, "合规专员", 20, boss);
        Person("吴磊", sales, shenzhen, "销售专员", 18, salesManager);
        var hzLead = Person("郑洁", hzOps, hangzhou, "运营主管", 26, boss);
        Person("何平", hzOps, hangzhou, "运营专员", 9, hzLead);
        Person("黄晓燕", ops, shenzhen, "运营专员", 12, boss);
        // Departments and employees point at each other (manager, department): save both first.
        await db.SaveChangesAsync(ct);

        office.ManagerEmployeeId = boss.Id;
        sales.ManagerEmployeeId = salesManager.Id;
        service.ManagerEmployeeId = csSupervisor.Id;
        hrDept.ManagerEmployeeId = hr.Id;
        financeDept.ManagerEmployeeId = finance.Id;
        hzOps.ManagerEmployeeId = hzLead.Id;
        await db.SaveChangesAsync(ct);

        var employeeOf = new Dictionary<string, Guid?>
        {
            ["admin"] = null, ["owner"] = boss.Id, ["hr"] = hr.Id, ["finance"] = finance.Id, ["salesmgr"] = salesManager.Id,
            ["zhangsan"] = zhangsan.Id, ["lisi"] = lisi.Id, ["xiaoli"] = xiaoli.Id, ["cssup"] = csSupervisor.Id,
            ["csagent"] = csAgent.Id, ["auditor"] = auditor.Id,
        };
        foreach (var account in Accounts)
        {
            var user = new AppUser { UserName = account.UserName, DisplayName = account.DisplayName, EmployeeId = employeeOf[account.UserName] };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded) throw new InvalidOperationException($"Demo account {account.UserName}: {created.Errors.First().Description}");
            await users.AddToRoleAsync(user, account.Role);
        }
    }
}
