using System.Net;
using System.Net.Http.Json;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Platform.Approvals;
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

    public sealed record ChangeCreated(Guid Id, Guid ApprovalRequestId);

    /// An employee asks to change one of their own fields; the answer names the request and its approval.
    public static async Task<ChangeCreated> RequestChangeAsync(HttpClient employee, string field, string newValue, string? comment = null)
    {
        var response = await employee.PostAsJsonAsync("/api/org/me/change-requests", new { field, newValue, comment }, Http.Json);
        return await response.ReadAsync<ChangeCreated>(HttpStatusCode.Created);
    }

    /// Acts on an approval as 审批中心 does: with the version the dialog showed.
    public static async Task<HttpResponseMessage> ActAsync(HttpClient client, Guid approval, string action, string? comment = null)
    {
        var detail = await (await client.GetAsync($"/api/platform/approvals/{approval}")).ReadAsync<ApprovalDetail>();
        return await client.PostAsJsonAsync($"/api/platform/approvals/{approval}/{action}", new { version = detail.Version, comment }, Http.Json);
    }
}
