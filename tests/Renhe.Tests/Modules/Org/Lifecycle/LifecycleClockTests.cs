using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Modules.Org.Lifecycle;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Org.Lifecycle;

/// Day boundaries follow the branch's time zone, not the server's: with the clock held at 23:00 in
/// Shanghai (15:00 UTC) a last working day of "today" is still today; half an hour past Shanghai's
/// midnight the person has left and can no longer sign in. Future-dated job changes wait the same way.
[Trait("Category", "Integration")]
public sealed class LifecycleClockTests(LifecycleClockTests.ClockFactory factory) : IClassFixture<LifecycleClockTests.ClockFactory>
{
    [Fact]
    public async Task Sign_in_is_disabled_once_the_last_working_day_has_ended_in_the_branch_time_zone()
    {
        var hr = await factory.ClientForAsync("hr");
        var employeeId = await NewEmployeeAsync(hr, "E9501");
        var userId = await factory.CreateUserAsync("lastday", "salesperson");
        await using (var db = factory.OpenDb())
        {
            (await db.Users.SingleAsync(u => u.Id == userId)).EmployeeId = employeeId;
            await db.SaveChangesAsync();
        }

        // The tests share one clock: work from "today in Shanghai", whatever it has reached.
        var shanghai = factory.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8));
        var today = DateOnly.FromDateTime(shanghai.DateTime);
        var leave = await hr.PostAsJsonAsync($"/api/org/employees/{employeeId}/leave",
            new { type = "Resignation", lastWorkingDay = today, reason = "个人原因" }, Http.Json);
        Assert.Equal(HttpStatusCode.NoContent, leave.StatusCode);
        await CloseDueAsync();
        Assert.Equal(EmploymentStatus.Leaving, (await (await hr.GetAsync($"/api/org/employees/{employeeId}")).ReadAsync<EmployeeView>()).Status);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync("lastday")).StatusCode);

        // Half an hour past midnight in Shanghai; in UTC it is still the previous afternoon.
        var nextMidnight = new DateTimeOffset(today.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));
        factory.Clock.Advance(nextMidnight - shanghai + TimeSpan.FromMinutes(30));
        await CloseDueAsync();
        hr = await factory.ClientForAsync("hr");

        Assert.Equal(EmploymentStatus.Left, (await (await hr.GetAsync($"/api/org/employees/{employeeId}")).ReadAsync<EmployeeView>()).Status);
        Assert.Equal("该账户已停用。", (await (await TokenAsync("lastday")).ProblemAsync(HttpStatusCode.Unauthorized)).Title);
    }

    [Fact]
    public async Task A_future_dated_transfer_takes_effect_on_its_day()
    {
        var hr = await factory.ClientForAsync("hr");
        var employeeId = await NewEmployeeAsync(hr, "E9502");
        var service = (await (await hr.GetAsync("/api/org/departments")).ReadAsync<List<DepartmentDto>>()).Single(d => d.Name == "客服部");
        var effective = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime).AddDays(2);
        var change = await hr.PostAsJsonAsync($"/api/org/employees/{employeeId}/job-changes",
            new { effectiveDate = effective, kind = "Transfer", departmentId = service.Id }, Http.Json);
        Assert.Equal(HttpStatusCode.Created, change.StatusCode);
        await CloseDueAsync();
        Assert.Equal("运营部", (await (await hr.GetAsync($"/api/org/employees/{employeeId}")).ReadAsync<EmployeeView>()).DepartmentName);

        factory.Clock.Advance(TimeSpan.FromDays(3));
        await CloseDueAsync();
        hr = await factory.ClientForAsync("hr"); // the earlier token expired with the clock
        Assert.Equal("客服部", (await (await hr.GetAsync($"/api/org/employees/{employeeId}")).ReadAsync<EmployeeView>()).DepartmentName);
    }

    private async Task<Guid> NewEmployeeAsync(HttpClient hr, string number)
    {
        var ops = (await (await hr.GetAsync("/api/org/departments")).ReadAsync<List<DepartmentDto>>()).Single(d => d.Name == "运营部");
        var response = await hr.PostAsJsonAsync("/api/org/employees", new EmployeeInput
        {
            EmployeeNumber = number, Name = "时钟测试" + number, BranchId = ops.BranchId, DepartmentId = ops.Id,
            HireDate = new DateOnly(2025, 1, 1), Status = EmploymentStatus.Active,
        }, Http.Json);
        return (await response.ReadAsync<IdBody>(HttpStatusCode.Created)).Id;
    }

    private Task<HttpResponseMessage> TokenAsync(string userName) =>
        factory.CreateAnonymousClient().PostAsJsonAsync("/api/auth/token", new { userName, password = RenheFactory.DemoPassword });

    private async Task CloseDueAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LifecycleService>().CloseDueAsync(CancellationToken.None);
    }

    public sealed record IdBody(Guid Id);

    public sealed class ClockFactory : RenheFactory
    {
        // 23:00 on 23 November 2026 in Shanghai.
        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 15, 0, 0, TimeSpan.Zero));

        public override string ProviderName => "Sqlite";

        protected override IEnumerable<KeyValuePair<string, string>> DatabaseSettings() => [new("Database:Provider", "Sqlite")];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }
}
