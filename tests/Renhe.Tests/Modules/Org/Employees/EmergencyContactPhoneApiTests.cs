using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Platform.Audit;
using Renhe.Tests.Infrastructure;
using static Renhe.Tests.Modules.Org.OrgApi;

namespace Renhe.Tests.Modules.Org.Employees;

/// 紧急联系人电话, usually a relative's private number, is personal data like the personal phone:
/// stored encrypted, shown masked to everyone (the employee too), in clear only through the audited
/// reveal (HR, and the employee for themself), masked in the export and in change requests.
public abstract class EmergencyContactPhoneApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    [Theory]
    [InlineData("admin", "销售部")]
    [InlineData("salesmgr", "销售部")]
    [InlineData("cssup", "客服部")]
    [InlineData("auditor", "销售部")]
    [InlineData("hr", "销售部")]
    public async Task Others_see_the_emergency_contact_phone_masked_and_only_hr_reveals_it(string userName, string department)
    {
        var (id, phone) = await EmployeeWithEmergencyPhoneAsync(department);
        var client = await Factory.ClientForAsync(userName);

        var response = await client.GetAsync($"/api/org/employees/{id}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(phone, body, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(body))
            Assert.Equal(PersonalData.MaskPhone(phone), json.RootElement.GetProperty("emergencyContactPhoneMasked").GetString());

        var reveal = await client.PostAsJsonAsync($"/api/org/employees/{id}/reveal", new { field = "EmergencyContactPhone" });
        if (userName != "hr")
        {
            Assert.Equal(HttpStatusCode.NotFound, reveal.StatusCode);
            return;
        }
        Assert.Equal(phone, (await reveal.ReadAsync<RevealResponse>()).Value);
        await using var db = Factory.OpenDb();
        var entry = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Entity == "org.employee.EmergencyContactPhone" && a.EntityKey == id.ToString());
        Assert.Equal((AuditAction.Read, "hr", id), (entry.Action, entry.UserName!, entry.SubjectEmployeeId!.Value));
    }

    [Fact]
    public async Task An_employee_sees_their_own_masked_reveals_it_and_changes_it_through_hr_who_sees_the_request_masked()
    {
        var xiaoli = await Factory.ClientForAsync("xiaoli");
        var phone = NewPhone();
        var created = await RequestChangeAsync(xiaoli, "EmergencyContactPhone", phone, "换了紧急联系人");

        var hr = await Factory.ClientForAsync("hr");
        var pending = await hr.GetStringAsync("/api/org/change-requests?status=Pending");
        Assert.DoesNotContain(phone, pending, StringComparison.Ordinal);
        Assert.Contains(PersonalData.MaskPhone(phone), pending, StringComparison.Ordinal);
        Assert.DoesNotContain(phone, await hr.GetStringAsync($"/api/org/change-requests/{created.Id}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(hr, created.ApprovalRequestId, "approve")).StatusCode);

        Assert.DoesNotContain(phone, await xiaoli.GetStringAsync("/api/org/me/change-requests"), StringComparison.Ordinal);
        var me = await xiaoli.GetStringAsync("/api/org/me");
        Assert.DoesNotContain(phone, me, StringComparison.Ordinal);
        Guid id;
        using (var json = JsonDocument.Parse(me))
        {
            Assert.Equal(PersonalData.MaskPhone(phone), json.RootElement.GetProperty("emergencyContactPhoneMasked").GetString());
            Assert.True(json.RootElement.GetProperty("canReveal").GetBoolean());
            id = json.RootElement.GetProperty("id").GetGuid();
        }
        var own = await xiaoli.PostAsJsonAsync($"/api/org/employees/{id}/reveal", new { field = "EmergencyContactPhone" });
        Assert.Equal(phone, (await own.ReadAsync<RevealResponse>()).Value);

        await using var db = Factory.OpenDb();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == "org.employee.EmergencyContactPhone" && a.SubjectEmployeeId == id && a.UserName == "xiaoli"));
        // What the person sees under 我的数据访问记录.
        var accesses = await xiaoli.GetStringAsync("/api/me/data-access");
        Assert.Contains("查看了你的紧急联系人电话", accesses, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_number_is_encrypted_at_rest_and_kept_out_of_the_audit_log()
    {
        var (id, phone) = await EmployeeWithEmergencyPhoneAsync("销售部");
        await using var db = Factory.OpenDb();
        var stored = JsonSerializer.Serialize(await db.Employees.AsNoTracking().SingleAsync(e => e.Id == id));
        Assert.DoesNotContain(phone, stored, StringComparison.Ordinal);
        Assert.Contains("\"v1:", stored, StringComparison.Ordinal);
        var changes = await db.AuditEntries.AsNoTracking().Where(a => a.Entity == "org_employee" && a.EntityKey == id.ToString()).Select(a => a.Changes).ToListAsync();
        Assert.NotEmpty(changes);
        Assert.All(changes, c => Assert.DoesNotContain(phone, c ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Editing_without_the_number_keeps_it_and_an_empty_one_clears_it()
    {
        var (id, phone) = await EmployeeWithEmergencyPhoneAsync("销售部");
        var hr = await Factory.ClientForAsync("hr");

        Assert.Equal(HttpStatusCode.NoContent, (await hr.PutJsonAsync($"/api/org/employees/{id}", await EditAsync(hr, id, emergencyContactPhone: null))).StatusCode);
        Assert.Equal(phone, await RevealAsync(hr, id));

        Assert.Equal(HttpStatusCode.NoContent, (await hr.PutJsonAsync($"/api/org/employees/{id}", await EditAsync(hr, id, emergencyContactPhone: ""))).StatusCode);
        Assert.Null(await RevealAsync(hr, id));
        using var json = JsonDocument.Parse(await hr.GetStringAsync($"/api/org/employees/{id}"));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("emergencyContactPhoneMasked").ValueKind);

        var bad = await hr.PutJsonAsync($"/api/org/employees/{id}", await EditAsync(hr, id, emergencyContactPhone: "12"));
        Assert.Contains("emergencyContactPhone", (await bad.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
    }

    [Fact]
    public async Task The_export_shows_the_number_masked()
    {
        var (_, phone) = await EmployeeWithEmergencyPhoneAsync("销售部", name: "导出紧急");
        await Factory.CreateUserAsync("hr2fa-emergency", "hr");
        var plain = await Factory.ClientForAsync("hr2fa-emergency");
        var setup = await (await plain.PostAsync("/api/auth/totp/setup", null)).ReadAsync<Renhe.Platform.Auth.AuthenticatorSetup>();
        await plain.PostAsJsonAsync("/api/auth/totp/enable", new { code = TotpCodes.For(setup.SharedKey) });
        var strong = await Factory.ClientForAsync("hr2fa-emergency", TotpCodes.For(setup.SharedKey));

        var bytes = await strong.GetByteArrayAsync("/api/org/employees/export?search=导出紧急");
        using var stream = new MemoryStream(bytes);
        var row = Assert.Single(stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList());
        Assert.Equal(PersonalData.MaskPhone(phone), row["紧急联系人电话"]);
    }

    // ---- helpers ----

    /// A new employee of the named department (so its manager's team scope covers them) with a
    /// fresh emergency contact phone, entered by HR.
    private async Task<(Guid Id, string Phone)> EmployeeWithEmergencyPhoneAsync(string department, string? name = null)
    {
        var hr = await Factory.ClientForAsync("hr");
        var dept = (await (await hr.GetAsync("/api/org/departments")).ReadAsync<List<DepartmentDto>>()).Single(d => d.Name == department);
        var phone = NewPhone();
        var input = NewEmployee("EC" + Guid.NewGuid().ToString("N")[..8], name ?? "紧急联系测试", dept.BranchId, dept.Id);
        input.EmergencyContactName = "王女士";
        input.EmergencyContactPhone = phone;
        var response = await hr.PostAsJsonAsync("/api/org/employees", input, Http.Json);
        return ((await response.ReadAsync<IdResponse>(HttpStatusCode.Created)).Id, phone);
    }

    /// The record as the edit form sends it back: identifiers left blank (kept) unless given.
    private static async Task<EmployeeInput> EditAsync(HttpClient hr, Guid id, string? emergencyContactPhone)
    {
        var d = await (await hr.GetAsync($"/api/org/employees/{id}")).ReadAsync<EmployeeView>();
        return new EmployeeInput
        {
            EmployeeNumber = d.EmployeeNumber, Name = d.Name, Gender = d.Gender, BranchId = d.BranchId, DepartmentId = d.DepartmentId,
            HireDate = d.HireDate, Status = d.Status, EmergencyContactName = d.EmergencyContactName,
            EmergencyContactPhone = emergencyContactPhone, Version = d.Version,
        };
    }

    private static async Task<string?> RevealAsync(HttpClient client, Guid id) =>
        (await (await client.PostAsJsonAsync($"/api/org/employees/{id}/reveal", new { field = "EmergencyContactPhone" })).ReadAsync<RevealResponse>()).Value;

    private static string NewPhone() => "139" + Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed record RevealResponse(string Field, string? Value);
}

[Trait("Category", "Integration")]
public sealed class SqliteEmergencyContactPhoneApiTests(SqliteRenheFactory factory) : EmergencyContactPhoneApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresEmergencyContactPhoneApiTests(PostgresRenheFactory factory) : EmergencyContactPhoneApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
