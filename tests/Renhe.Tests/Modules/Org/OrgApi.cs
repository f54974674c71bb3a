using System.Net;
using System.Net.Http.Json;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Org;

/// What the organisation's API suites share: finding the demo company's structure and adding people
/// and departments through the API.
public static class OrgApi
{
    /// New people go to a department of their own, so the demo company's head counts stay as seeded.
    public static async Task<(Guid Branch, Guid Sales)> SalesAsync(HttpClient hr)
    {
        var department = await TestDepartmentAsync(hr, "测试组");
        return (department.BranchId, department.Id);
    }

    public static async Task<DepartmentDto> TestDepartmentAsync(HttpClient hr, string name)
    {
        var existing = (await (await hr.GetAsync("/api/org/departments")).ReadAsync<List<DepartmentDto>>()).SingleOrDefault(d => d.Name == name);
        if (existing is not null) return existing;
        var shenzhen = (await (await hr.GetAsync("/api/org/branches")).ReadAsync<List<BranchDto>>()).Single(b => b.Name == "深圳总部");
        await CreateDepartmentAsync(hr, name, shenzhen.Id, null);
        return (await (await hr.GetAsync("/api/org/departments")).ReadAsync<List<DepartmentDto>>()).Single(d => d.Name == name);
    }

    public static EmployeeInput NewEmployee(string number, string name, Guid branch, Guid department, string? idCard = null,
        string? phone = null, string? bank = null, string status = "Probation", string hireDate = "2026-11-02") => new()
    {
        EmployeeNumber = number, Name = name, BranchId = branch, DepartmentId = department,
        HireDate = DateOnly.Parse(hireDate, System.Globalization.CultureInfo.InvariantCulture),
        Status = Enum.Parse<EmploymentStatus>(status), IdCardNumber = idCard, PersonalPhone = phone, BankAccount = bank,
    };

    public static async Task<Guid> CreateEmployeeAsync(HttpClient hr, string number, string name, string? idCard = null,
        string? phone = null, string? bank = null, string status = "Probation", string hireDate = "2026-11-02")
    {
        var (branch, sales) = await SalesAsync(hr);
        var response = await hr.PostAsJsonAsync("/api/org/employees", NewEmployee(number, name, branch, sales, idCard, phone, bank, status, hireDate), Http.Json);
        return (await response.ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
    }

    public static async Task<Guid> CreateDepartmentAsync(HttpClient hr, string name, Guid branch, Guid? parent)
    {
        var response = await hr.PostAsJsonAsync("/api/org/departments", new { name, branchId = branch, parentId = parent });
        return (await response.ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
    }

    public static async Task<Guid> VersionAsync(HttpClient hr, Guid department) =>
        (await (await hr.GetAsync("/api/org/departments")).ReadAsync<List<DepartmentDto>>()).Single(d => d.Id == department).Version;

    public sealed record IdResponse(Guid Id);
}
