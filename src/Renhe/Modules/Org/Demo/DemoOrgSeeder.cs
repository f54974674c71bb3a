using Renhe.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Lifecycle;
using Renhe.Modules.Org.Profile;
using Renhe.Modules.Org.Structure;
using Renhe.Platform.Data;
using Renhe.Platform.Security;

namespace Renhe.Modules.Org.Demo;

/// The demo company's organisation, loaded by --demo: 深圳某电商服务公司, 42 staff in Shenzhen (head
/// office) and Hangzhou, hire dates over five years, one person on probation (李四) and one who left
/// last month, with their job histories, checklists and a pending self-service request. Generated
/// deterministically. The staff who hold a demo account (<see cref="Renhe.Platform.Setup.DemoSeeder"/>)
/// are marked with its user name.
public sealed class DemoOrgSeeder(IDbContextFactory<AppDbContext> dbFactory, FieldCipher cipher, TimeProvider clock)
{
    // (department, name, position, gender, months since hire, account) — the first of each department manages it.
    private static readonly (string Dept, string Name, string Position, Gender Gender, int Months, string? Account)[] Staff =
    [
        ("总经办", "王建国", "总经理", Gender.Male, 62, "owner"),
        ("总经办", "周明", "合规专员", Gender.Male, 20, "auditor"),
        ("总经办", "林雪", "总经理助理", Gender.Female, 33, null),
        ("销售部", "张志强", "销售经理", Gender.Male, 52, "salesmgr"),
        ("销售部", "张三", "高级销售", Gender.Male, 44, "zhangsan"),
        ("销售部", "李四", "销售专员", Gender.Male, 1, "lisi"),
        ("销售部", "李晓", "销售专员", Gender.Female, 3, "xiaoli"),
        ("销售部", "吴磊", "销售专员", Gender.Male, 18, null),
        ("销售部", "陈浩", "高级销售", Gender.Male, 38, null),
        ("销售部", "刘洋", "销售专员", Gender.Male, 26, null),
        ("销售部", "杨帆", "销售专员", Gender.Female, 14, null),
        ("销售部", "赵磊", "销售专员", Gender.Male, 9, null),
        ("销售部", "黄婷", "销售专员", Gender.Female, 7, null),
        ("客服部", "赵敏", "客服主管", Gender.Female, 46, "cssup"),
        ("客服部", "孙丽", "客服专员", Gender.Female, 14, "csagent"),
        ("客服部", "钱芳", "客服专员", Gender.Female, 29, null),
        ("客服部", "周杰", "客服专员", Gender.Male, 11, null),
        ("客服部", "吴静", "客服专员", Gender.Female, 23, null),
        ("客服部", "郑丽", "质检专员", Gender.Female, 35, null),
        ("客服部", "冯雪", "客服专员", Gender.Female, 6, null),
        ("客服部", "陈晨", "客服专员", Gender.Male, 16, null),
        ("人事行政部", "陈静", "人事经理", Gender.Female, 57, "hr"),
        ("人事行政部", "何丽", "招聘专员", Gender.Female, 21, null),
        ("人事行政部", "许晴", "行政专员", Gender.Female, 12, null),
        ("人事行政部", "郭涛", "薪酬专员", Gender.Male, 30, null),
        ("人事行政部", "邱敏", "行政前台", Gender.Female, 8, null),
        ("财务部", "刘芳", "财务主管", Gender.Female, 55, "finance"),
        ("财务部", "马丽", "会计", Gender.Female, 31, null),
        ("财务部", "高峰", "出纳", Gender.Male, 17, null),
        ("运营部", "黄晓燕", "运营经理", Gender.Female, 48, null),
        ("运营部", "罗杰", "电商运营", Gender.Male, 27, null),
        ("运营部", "梁静", "电商运营", Gender.Female, 19, null),
        ("运营部", "宋佳", "内容运营", Gender.Female, 10, null),
        ("运营部", "唐亮", "数据分析", Gender.Male, 24, null),
        ("运营部", "韩梅", "电商运营", Gender.Female, 15, null),   // left last month
        ("杭州运营部", "郑洁", "运营主管", Gender.Female, 40, null),
        ("杭州运营部", "何平", "电商运营", Gender.Male, 9, null),
        ("杭州运营部", "曹宇", "电商运营", Gender.Male, 22, null),
        ("杭州运营部", "邓琳", "内容运营", Gender.Female, 13, null),
        ("杭州客服组", "彭磊", "客服组长", Gender.Male, 28, null),
        ("杭州客服组", "苏晴", "客服专员", Gender.Female, 5, null),
        ("杭州客服组", "蒋雯", "客服专员", Gender.Female, 11, null),
    ];

    /// Seeds the organisation unless there is one; returns the employee of each demo account by
    /// user name, or null when the organisation was there already.
    public async Task<IReadOnlyDictionary<string, Guid>?> SeedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Branches.AnyAsync(ct)) return null;

        var random = new Random(2026);
        // Both offices keep China Standard Time, the calendar's default zone; the demo's days are theirs.
        const string demoZone = BranchCalendar.DefaultZoneId;
        var today = BranchCalendar.DayOf(clock.GetUtcNow(), BranchCalendar.Zone(demoZone));
        var shenzhen = new Branch { Name = "深圳总部", City = "深圳", TimeZone = demoZone };
        var hangzhou = new Branch { Name = "杭州分公司", City = "杭州", TimeZone = demoZone };
        db.Branches.AddRange(shenzhen, hangzhou);

        var departments = new Dictionary<string, Department>();
        foreach (var name in Staff.Select(s => s.Dept).Distinct())
        {
            var branch = name.StartsWith("杭州", StringComparison.Ordinal) ? hangzhou : shenzhen;
            departments[name] = new Department { Name = name, BranchId = branch.Id };
            db.Departments.Add(departments[name]);
        }
        var positions = new Dictionary<(string, string), Position>();
        foreach (var (dept, position) in Staff.Select(s => (s.Dept, s.Position)).Distinct())
        {
            positions[(dept, position)] = new Position { DepartmentId = departments[dept].Id, Name = position };
            db.Positions.Add(positions[(dept, position)]);
        }
        await db.SaveChangesAsync(ct);

        var employees = new List<Employee>();
        var accountOf = new Dictionary<string, Guid>();
        var boss = (Employee?)null;
        foreach (var (s, i) in Staff.Select((s, i) => (s, i)))
        {
            var department = departments[s.Dept];
            var head = employees.FirstOrDefault(e => e.DepartmentId == department.Id);
            var hired = today.AddMonths(-s.Months).AddDays(-random.Next(0, 20));
            var birth = new DateOnly(1972 + random.Next(0, 30), random.Next(1, 13), random.Next(1, 29));
            var region = department.BranchId == hangzhou.Id ? "330106" : "440305";
            var id = WithCheckDigit($"{region}{birth:yyyyMMdd}{random.Next(100, 999)}");
            var onProbation = s.Name == "李四";
            var e = new Employee
            {
                EmployeeNumber = $"E{i + 1:0000}", Name = s.Name, Gender = s.Gender, BirthDate = birth,
                BranchId = department.BranchId, DepartmentId = department.Id, PositionId = positions[(s.Dept, s.Position)].Id,
                ManagerId = head?.Id ?? (boss?.Id != null && s.Dept != "总经办" ? boss.Id : null),
                SalaryGrade = head is null ? $"M{1 + random.Next(0, 3)}" : $"S{1 + random.Next(0, 5)}",
                HireDate = hired, ProbationEnd = hired.AddMonths(3),
                ContractType = s.Months > 48 ? ContractType.OpenEnded : ContractType.FixedTerm,
                // Fixed-term contracts run three years and have been renewed as they ended.
                ContractStart = s.Months > 48 ? hired : hired.AddYears(3 * (s.Months / 36)),
                ContractEnd = s.Months > 48 ? null : hired.AddYears(3 * (s.Months / 36 + 1)).AddDays(-1),
                Status = onProbation ? EmploymentStatus.Probation : EmploymentStatus.Active,
                WorkPhone = $"0{(department.BranchId == hangzhou.Id ? "571" : "755")}-8600{1000 + i}",
                WeComUserId = s.Account ?? $"staff{i + 1:000}",
                PersonalPhoneCipher = cipher.Encrypt($"13{random.Next(5, 10)}{random.Next(10000000, 99999999)}"),
                IdCardNumberCipher = cipher.Encrypt(id), IdCardNumberIndex = cipher.BlindIndex(id),
                BankAccountCipher = cipher.Encrypt($"622202{random.Next(1000, 9999)}{random.Next(100000, 999999)}"),
                EmergencyContactName = (s.Gender == Gender.Male ? "王" : "李") + "女士",
                EmergencyContactPhoneCipher = cipher.Encrypt($"139{random.Next(10000000, 99999999)}"),
            };
            if (s.Dept == "总经办" && head is null) boss = e;
            if (s.Name == "韩梅")
            {
                e.Status = EmploymentStatus.Left;
                e.LastWorkingDay = today.AddMonths(-1);
                e.LeaveType = LeaveType.Resignation;
                e.LeaveReason = "个人发展，回老家工作";
            }
            if (head is null) department.ManagerEmployeeId = e.Id;
            employees.Add(e);
            db.Employees.Add(e);
            if (s.Account is { } account) accountOf[account] = e.Id;
        }
        // Employees point at their managers and departments at their heads: insert people first.
        var heads = departments.Values.ToDictionary(d => d.Id, d => d.ManagerEmployeeId);
        foreach (var d in departments.Values) d.ManagerEmployeeId = null;
        await db.SaveChangesAsync(ct);
        foreach (var d in departments.Values) d.ManagerEmployeeId = heads[d.Id];

        foreach (var e in employees)
        {
            var hire = EmployeeService.Snapshot(e, e.HireDate, JobChangeKind.Hire, null);
            hire.Status = EmploymentStatus.Probation;
            db.JobChanges.Add(hire);
            if (e.Status != EmploymentStatus.Probation)
            {
                var regularised = EmployeeService.Snapshot(e, e.ProbationEnd!.Value, JobChangeKind.Regularisation, null);
                regularised.Status = EmploymentStatus.Active;
                db.JobChanges.Add(regularised);
            }
            if (e.Status == EmploymentStatus.Left)
                db.JobChanges.Add(EmployeeService.Snapshot(e, e.LastWorkingDay!.Value.AddDays(1), JobChangeKind.Leave, e.LeaveReason));
        }
        // 张三 was promoted two years ago: the history shows the step.
        var zhangsan = employees.Single(e => e.Name == "张三");
        foreach (var before in db.JobChanges.Local.Where(j => j.EmployeeId == zhangsan.Id))
        {
            before.PositionId = positions[("销售部", "销售专员")].Id;
            before.SalaryGrade = "S3";
        }
        var earlier = EmployeeService.Snapshot(zhangsan, zhangsan.HireDate.AddMonths(20), JobChangeKind.Promotion, "业绩连续四个季度第一，晋升高级销售");
        db.JobChanges.Add(earlier);
        zhangsan.SalaryGrade = "S5";
        earlier.SalaryGrade = "S5";

        // 李四's onboarding is under way; 韩梅's offboarding is complete.
        var lisi = employees.Single(e => e.Name == "李四");
        LifecycleService.AddDefaultChecklist(db, lisi, ChecklistKind.Onboarding, lisi.HireDate);
        foreach (var item in db.ChecklistItems.Local.Where(c => c.EmployeeId == lisi.Id).Take(2)) item.DoneAt = clock.GetUtcNow().AddDays(-20);
        var leaver = employees.Single(e => e.Status == EmploymentStatus.Left);
        LifecycleService.AddDefaultChecklist(db, leaver, ChecklistKind.Offboarding, leaver.LastWorkingDay!.Value);
        foreach (var item in db.ChecklistItems.Local.Where(c => c.EmployeeId == leaver.Id)) item.DoneAt = clock.GetUtcNow().AddDays(-30);

        // A pending self-service request for HR to decide. Its approval is submitted at start
        // (ProfileApprovalSetup), once 张三's account and the flow exist: it waits in 审批中心.
        db.ProfileChangeRequests.Add(new ProfileChangeRequest
        {
            EmployeeId = zhangsan.Id, Field = ProfileField.BankAccount, NewValueCipher = cipher.Encrypt("6217000012345678901")!,
            Comment = "工资卡换成建设银行", Status = RequestStatus.Pending, RequestedAt = clock.GetUtcNow().AddDays(-1),
        });
        await db.SaveChangesAsync(ct);

        return accountOf;
    }

    private static string WithCheckDigit(string first17)
    {
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = first17.Select((c, i) => (c - '0') * weights[i]).Sum();
        return first17 + "10X98765432"[sum % 11];
    }
}
