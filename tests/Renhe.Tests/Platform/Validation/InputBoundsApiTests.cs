using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Validation;

/// What an outside probe got through or turned into a 500: each is now a 400 naming the field,
/// in the caller's language, and nothing is stored.
public abstract class InputBoundsApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static async Task<string> RefusedFieldAsync(HttpResponseMessage response) =>
        (await response.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys.Single();

    [Theory]
    [InlineData("/api/sales/follow-ups?From=0001-01-01", "from", "开始日期")]
    [InlineData("/api/sales/follow-ups?To=9999-12-31", "to", "结束日期")]
    [InlineData("/api/sales/follow-ups/export?From=0001-01-01", "from", "开始日期")]
    [InlineData("/api/sales/follow-ups/export?To=9999-12-31", "to", "结束日期")]
    [InlineData("/api/org/employees/00000000-0000-0000-0000-000000000001/history?at=0001-01-01", "at", "时间")]
    [InlineData("/api/platform/audit-entries?From=0001-01-01T00:00:00Z", "from", "开始日期")]
    public async Task Dates_at_the_ends_of_the_calendar_are_refused_in_queries(string url, string field, string label)
    {
        var admin = await Factory.ClientForAsync("salesmgr");
        if (url.StartsWith("/api/platform/audit", StringComparison.Ordinal)) admin = await Factory.ClientForAsync("auditor");
        if (url.StartsWith("/api/org", StringComparison.Ordinal)) admin = await Factory.ClientForAsync("hr");
        var problem = await (await admin.GetAsync(url)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(field, problem.Errors!.Keys.Single());
        Assert.Equal($"{label}必须在 2000-01-01 到 2099-12-31 之间。", problem.Title);
    }

    [Theory]
    [InlineData("/api/sales/team-dashboard?departmentId={0}&month=0001-01")]
    [InlineData("/api/sales/team-dashboard?departmentId={0}&month=9999-12")]
    [InlineData("/api/sales/team-dashboard/export?departmentId={0}&month=9999-12")]
    [InlineData("/api/sales/targets?departmentId={0}&month=0001-01")]
    public async Task Report_months_far_outside_the_books_are_refused(string url)
    {
        var salesmgr = await Factory.ClientForAsync("salesmgr");
        await using var db = Factory.OpenDb();
        var sales = await db.Departments.Where(d => d.Name == "销售部").Select(d => d.Id).SingleAsync(TestContext.Current.CancellationToken);
        var problem = await (await salesmgr.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, url, sales))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("month", problem.Errors!.Keys.Single());
        Assert.Equal("月份必须在 2000-01 到 2099-12 之间。", problem.Title);
    }

    [Theory]
    [InlineData("hireDate", "9999-12-30")]
    [InlineData("hireDate", "1800-01-01")]
    [InlineData("hireDate", "9999-12-31")]
    [InlineData("birthDate", "9999-12-31")]
    [InlineData("contractEnd", "9999-12-31")]
    public async Task Implausible_employment_dates_are_refused_and_nobody_is_created(string field, string date)
    {
        var hr = await Factory.ClientForAsync("hr");
        var ops = (await (await hr.GetAsync("/api/org/departments")).ReadAsync<List<DepartmentDto>>()).Single(d => d.Name == "运营部");
        var body = new Dictionary<string, object?>
        {
            ["employeeNumber"] = "E97" + Random.Shared.Next(100, 999), ["name"] = "日期测试", ["branchId"] = ops.BranchId,
            ["departmentId"] = ops.Id, ["hireDate"] = "2025-03-01", ["status"] = "Active",
        };
        body[field] = date;
        await using var db = Factory.OpenDb();
        var before = await db.Employees.CountAsync(TestContext.Current.CancellationToken);
        Assert.Equal(field, await RefusedFieldAsync(await hr.PostAsJsonAsync("/api/org/employees", body)));
        Assert.Equal(before, await db.Employees.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_last_working_day_or_a_job_change_in_9999_is_refused()
    {
        var hr = await Factory.ClientForAsync("hr");
        var lisi = (await (await hr.GetAsync("/api/org/employees")).ReadAsync<List<EmployeeDto>>()).Single(e => e.Name == "李四");
        Assert.Equal("lastWorkingDay", await RefusedFieldAsync(await hr.PostAsJsonAsync($"/api/org/employees/{lisi.Id}/leave",
            new { type = "Resignation", lastWorkingDay = "9999-12-31", reason = "探测" })));
        Assert.Equal("effectiveDate", await RefusedFieldAsync(await hr.PostAsJsonAsync($"/api/org/employees/{lisi.Id}/job-changes",
            new { effectiveDate = "9999-06-01", kind = "Transfer" })));
        var detail = await (await hr.GetAsync($"/api/org/employees/{lisi.Id}")).ReadAsync<EmployeeView>();
        Assert.Null(detail.LastWorkingDay);
    }

    [Theory]
    [InlineData(-9000000000000000000d)]
    [InlineData(1e20)]
    [InlineData(100.001)]
    [InlineData(-1)]
    public async Task A_discount_limit_is_a_percentage_whatever_number_arrives(double maxPercent)
    {
        var admin = await Factory.ClientForAsync("admin");
        var body = $$"""{"role":"salesperson","maxPercent":{{maxPercent.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}}}""";
        var response = await admin.PutAsync("/api/sales/discount-limits", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("maxPercent", problem.Errors!.Keys.Single());
        Assert.Equal(10m, (await (await (await Factory.ClientForAsync("zhangsan")).GetAsync("/api/sales/discount-limits/mine")).ReadAsync<LimitResponse>()).MaxPercent);
    }

    [Fact]
    public async Task Customers_carry_a_bounded_set_of_short_tags()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        await using var db = Factory.OpenDb();
        var before = await db.Customers.CountAsync(TestContext.Current.CancellationToken);
        Assert.Equal("tags", await RefusedFieldAsync(await zhangsan.PostAsJsonAsync("/api/sales/customers",
            new { name = "标签客户", tags = Enumerable.Range(0, 10_000).Select(i => "t" + i) })));
        var longTag = await (await zhangsan.PostAsJsonAsync("/api/sales/customers", new { name = "标签客户", tags = new[] { new string('长', 100_000) } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(("tags", "标签的每一项最多 20 个字符。"), (longTag.Errors!.Keys.Single(), longTag.Title));
        Assert.Equal(before, await db.Customers.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Created, (await zhangsan.PostAsJsonAsync("/api/sales/customers",
            new { name = "标签客户" + Random.Shared.Next(1000, 9999), tags = Enumerable.Range(0, 20).Select(i => "标签" + i) })).StatusCode);
    }

    [Theory]
    [InlineData("name", "王\u0000建华", "客户名称含有控制字符或不可见的排版符号，请删除后重试。")]
    [InlineData("name", "\u200B\u200B\u200B", "客户名称不能为空。")]
    [InlineData("name", "user\u202Egpj.exe", "客户名称含有控制字符或不可见的排版符号，请删除后重试。")]
    [InlineData("phone", "138\u00000000000", "电话含有控制字符或不可见的排版符号，请删除后重试。")]
    [InlineData("company", "\u200B", "公司只含不可见字符。")]
    public async Task Control_and_invisible_characters_are_refused_in_customer_fields(string field, string value, string message)
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var body = new Dictionary<string, object?> { ["name"] = "正常客户", [field] = value };
        await using var db = Factory.OpenDb();
        var before = await db.Customers.CountAsync(TestContext.Current.CancellationToken);
        var problem = await (await zhangsan.PostAsJsonAsync("/api/sales/customers", body)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal((field, message), (problem.Errors!.Keys.Single(), problem.Title));
        Assert.Equal(before, await db.Customers.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Follow_ups_are_dated_when_they_can_have_happened_and_their_notes_are_text()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var customer = (await (await zhangsan.PostAsJsonAsync("/api/sales/customers", new { name = "跟进日期客户" + Random.Shared.Next(1000, 9999) }))
            .ReadAsync<IdBody>(HttpStatusCode.Created)).Id;
        await using var db = Factory.OpenDb();
        var before = await db.FollowUps.CountAsync(TestContext.Current.CancellationToken);
        Assert.Equal("at", await RefusedFieldAsync(await zhangsan.PostAsJsonAsync("/api/sales/follow-ups",
            new { customerId = customer, kind = "Call", at = "0001-01-01T00:00:00Z", notes = "电话沟通" })));
        Assert.Equal("nextDate", await RefusedFieldAsync(await zhangsan.PostAsJsonAsync("/api/sales/follow-ups",
            new { customerId = customer, kind = "Call", notes = "电话沟通", nextStep = "回访", nextDate = "9999-01-01" })));
        Assert.Equal("notes", await RefusedFieldAsync(await zhangsan.PostAsJsonAsync("/api/sales/follow-ups",
            new { customerId = customer, kind = "Call", notes = "电话\u0000沟通" })));
        Assert.Equal(before, await db.FollowUps.CountAsync(TestContext.Current.CancellationToken));
        // Notes are several lines; that is text, not a control character.
        Assert.Equal(HttpStatusCode.Created, (await zhangsan.PostAsJsonAsync("/api/sales/follow-ups",
            new { customerId = customer, kind = "Call", notes = "第一点\n第二点" })).StatusCode);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("{}")]
    public async Task Acknowledging_the_monitoring_notice_names_the_version_read(string body)
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var response = await zhangsan.PostAsync("/api/risk/monitoring-notice/acknowledge", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// Pages call the services directly, without the API's filter: the services hold the same bounds.
    [Fact]
    public async Task Pages_meet_the_same_bounds_through_the_services()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var ct = TestContext.Current.CancellationToken;
        var hire = await Assert.ThrowsAsync<Renhe.Platform.Validation.InvalidInputException>(() => services.GetRequiredService<EmployeeService>()
            .CreateAsync(new EmployeeInput { EmployeeNumber = "E9999", Name = "页面", BranchId = Guid.NewGuid(), DepartmentId = Guid.NewGuid(), HireDate = new DateOnly(9999, 12, 30) }, ct));
        Assert.Equal("hireDate", hire.Field);
        var name = await Assert.ThrowsAsync<Renhe.Platform.Validation.InvalidInputException>(() => services.GetRequiredService<Renhe.Modules.Sales.Customers.CustomerService>()
            .CreateAsync(new Renhe.Modules.Sales.Customers.CustomerInput { Name = "王\0建华" }, ct));
        Assert.Equal(("name", "客户名称含有控制字符或不可见的排版符号，请删除后重试。"), (name.Field, name.Fallback));
        var order = await Assert.ThrowsAsync<Renhe.Platform.Validation.InvalidInputException>(() => services.GetRequiredService<Renhe.Modules.Sales.Orders.OrderService>()
            .CreateAsync(new Renhe.Modules.Sales.Orders.OrderInput { CustomerId = Guid.NewGuid(), Lines = [new() { ProductId = Guid.NewGuid(), Quantity = int.MaxValue }] }, ct));
        Assert.Equal("lines[0].quantity", order.Field);
    }

    public sealed record IdBody(Guid Id);
    public sealed record LimitResponse(decimal MaxPercent);
}

[Trait("Category", "Integration")]
public sealed class SqliteInputBoundsApiTests(SqliteRenheFactory factory)
    : InputBoundsApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresInputBoundsApiTests(PostgresRenheFactory factory)
    : InputBoundsApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
