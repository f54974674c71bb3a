using Renhe.Modules.Sales.Customers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Modules.Sales;
using Renhe.Modules.Sales.FollowUps;
using Renhe.Modules.Sales.Targets;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Targets;

/// The day's task list in the branch's own day, with a clock the test moves: Tuesday
/// 24 November 2026, first at 23:40 in Shanghai (15:40 UTC).
public sealed class DailyTaskTests(DailyTaskTests.ClockFactory factory) : IClassFixture<DailyTaskTests.ClockFactory>
{
    private static readonly DateTimeOffset Evening = new(2026, 11, 24, 15, 40, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_follow_up_at_23_30_counts_for_that_day_and_one_at_00_30_for_the_next_where_it_ticks_the_next_step()
    {
        factory.Clock.SetUtcNow(Evening);
        var (lisi, customer) = await LisiAndACustomerAsync("黄秀英");
        // 23:30 local on the 24th: a call of 25 minutes, next step due on the 25th.
        await LogAsync(lisi, customer, new DateTimeOffset(2026, 11, 24, 15, 30, 0, TimeSpan.Zero), 25, new DateOnly(2026, 11, 25), "发报价单");

        var tuesday = await TodayAsync(lisi);
        Assert.Equal(new DateOnly(2026, 11, 24), tuesday.Day);
        Assert.Equal((1, 25), (tuesday.FollowUpsDone, tuesday.CallMinutesDone));
        // The demo target for November is published: the quota comes from lisi's plan.
        Assert.True(tuesday.FollowUpsTarget > 0);
        Assert.True(tuesday.Month.PlanFen > 0);

        // 00:40 local on the 25th; the 00:30 call belongs to the new day, the 23:30 one does not.
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 16, 40, 0, TimeSpan.Zero));
        await LogAsync(lisi, customer, new DateTimeOffset(2026, 11, 24, 16, 30, 0, TimeSpan.Zero), 10, null, null);
        var wednesday = await TodayAsync(lisi);
        Assert.Equal(new DateOnly(2026, 11, 25), wednesday.Day);
        Assert.Equal((1, 10), (wednesday.FollowUpsDone, wednesday.CallMinutesDone));
        var task = Assert.Single(wednesday.Tasks, t => t.CustomerId == customer);
        Assert.Equal((DailyTaskKind.NextStep, "发报价单", true), (task.Kind, task.Note, task.Done));
    }

    [Fact]
    public async Task The_list_is_stored_once_a_day_and_stays_while_the_done_state_follows_the_follow_ups()
    {
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero)); // Thursday 09:00 in Shanghai
        var (lisi, customer) = await LisiAndACustomerAsync("徐春梅");
        await LogAsync(lisi, customer, new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero), 5, new DateOnly(2026, 11, 25), "回访");

        var first = await TodayAsync(lisi);
        var task = Assert.Single(first.Tasks, t => t.CustomerId == customer);
        Assert.False(task.Done);
        Assert.Equal(new DateOnly(2026, 11, 25), task.DueDate);

        factory.Clock.Advance(TimeSpan.FromHours(2));
        await LogAsync(lisi, customer, factory.Clock.GetUtcNow().AddMinutes(-5), 3, null, null);
        var second = await TodayAsync(lisi);
        Assert.Equal(first.Tasks.Select(t => t.CustomerId).Order(), second.Tasks.Select(t => t.CustomerId).Order());
        Assert.True(Assert.Single(second.Tasks, t => t.CustomerId == customer).Done);
        Assert.Equal(first.CustomerTasksDone + 1, second.CustomerTasksDone);
        await using var db = factory.OpenDb();
        Assert.Equal(1, await db.DailyTaskLists.CountAsync(l => l.EmployeeId == lisi && l.Day == new DateOnly(2026, 11, 26)));
    }

    [Fact]
    public async Task A_person_in_a_London_branch_has_their_own_day_and_no_quota_at_the_weekend()
    {
        Guid person, customer, oldLead;
        await using (var db = factory.OpenDb())
        {
            var sales = await db.Departments.FirstAsync(d => d.Name == "销售部");
            var london = new Branch { Name = "伦敦办事处", City = "London", TimeZone = "Europe/London" };
            var e = new Employee { EmployeeNumber = "L" + Random.Shared.Next(10000, 99999), Name = "王伦敦", BranchId = london.Id, DepartmentId = sales.Id, HireDate = new DateOnly(2025, 1, 1) };
            var c = Held("伦敦客户", e.Id, new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
            c.MoveStage(CustomerStage.Intent, null, ChangedBy.System, new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
            // Given on 1 November and never followed: back to the pool on 1 December.
            var lead = Held("伦敦老线索", e.Id, new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
            db.AddRange(london, e, c, lead);
            await db.SaveChangesAsync();
            (person, customer, oldLead) = (e.Id, c.Id, lead.Id);
        }
        // Friday 27 November 23:30 in London is already Saturday in Shanghai.
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 23, 30, 0, TimeSpan.Zero));
        await LogAsync(person, customer, new DateTimeOffset(2026, 11, 27, 23, 20, 0, TimeSpan.Zero), 15, null, null);
        var friday = await TodayAsync(person);
        Assert.Equal((new DateOnly(2026, 11, 27), true, 1), (friday.Day, friday.IsWorkingDay, friday.FollowUpsDone));
        // Intent since 1 November without a follow-up before the day: idle.
        Assert.Contains(friday.Tasks, t => t.CustomerId == customer && t.Kind == DailyTaskKind.IdleIntent && t.Done);

        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        var saturday = await TodayAsync(person);
        Assert.Equal((new DateOnly(2026, 11, 28), false), (saturday.Day, saturday.IsWorkingDay));
        // No quota on a rest day, but the customers due are listed for whoever works it: the lead
        // returns to the pool on Tuesday (four days off on Friday, three on Saturday); the intent
        // customer followed on Friday is current again.
        Assert.Null(saturday.FollowUpsTarget);
        Assert.Null(saturday.CallMinutesTarget);
        Assert.DoesNotContain(friday.Tasks, t => t.CustomerId == oldLead);
        var warning = Assert.Single(saturday.Tasks, t => t.CustomerId == oldLead);
        Assert.Equal((DailyTaskKind.PoolSoon, new DateOnly(2026, 12, 1)), (warning.Kind, warning.DueDate));
        Assert.DoesNotContain(saturday.Tasks, t => t.CustomerId == customer);
        await using (var db = factory.OpenDb())
            Assert.Equal(1, await db.DailyTaskLists.CountAsync(l => l.EmployeeId == person && l.Day == new DateOnly(2026, 11, 28)));
    }

    [Fact]
    public async Task A_customer_near_the_pool_return_is_listed_with_the_day_it_would_go()
    {
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero)); // Monday 10:00 in Shanghai
        Guid lisi, customer;
        await using (var db = factory.OpenDb())
        {
            lisi = await db.Employees.Where(e => e.Name == "李四").Select(e => e.Id).SingleAsync();
            var assigned = new DateTimeOffset(2026, 11, 3, 2, 0, 0, TimeSpan.Zero); // 3 Nov: returns on 3 Dec after 30 days
            var c = Held("快回公海", lisi, assigned);
            db.Customers.Add(c);
            await db.SaveChangesAsync();
            customer = c.Id;
        }
        var today = await TodayAsync(lisi);
        var task = Assert.Single(today.Tasks, t => t.CustomerId == customer);
        Assert.Equal((DailyTaskKind.PoolSoon, new DateOnly(2026, 12, 3)), (task.Kind, task.DueDate));
    }

    private async Task<(Guid Lisi, Guid Customer)> LisiAndACustomerAsync(string name)
    {
        await using var db = factory.OpenDb();
        var lisi = await db.Employees.Where(e => e.Name == "李四").Select(e => e.Id).SingleAsync();
        var customer = await db.Customers.Where(c => c.OwnerId == lisi && c.Name == name).Select(c => c.Id).SingleAsync();
        return (lisi, customer);
    }

    private async Task LogAsync(Guid employee, Guid customer, DateTimeOffset at, int minutes, DateOnly? next, string? step)
    {
        await using var db = factory.OpenDb();
        db.FollowUps.Add(new FollowUp
        {
            EmployeeId = employee, CustomerId = customer, Kind = FollowUpKind.Call, At = at, DurationMinutes = minutes, Notes = "电话",
            NextDate = next, NextStep = step, OwnCustomer = true, CreatedAt = at,
        });
        await db.SaveChangesAsync();
    }

    private async Task<TodayView> TodayAsync(Guid employee)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TodayService>().GetAsync(employee, CancellationToken.None);
    }

    /// A customer held by <paramref name="owner"/> since <paramref name="at"/> (its ledger rows are not needed here).
    private static Customer Held(string name, Guid owner, DateTimeOffset at)
    {
        var customer = Customer.Enter(owner, CustodyReason.Created, null, ChangedBy.System, at).Customer;
        customer.Name = name;
        return customer;
    }

    public sealed class ClockFactory : RenheFactory
    {
        // Monday 23 November 2026, 10:00 in Shanghai: the demo data (and its November target) is made then.
        public MovableClock Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));

        public override string ProviderName => "Sqlite";

        protected override IEnumerable<KeyValuePair<string, string>> DatabaseSettings() => [new("Database:Provider", "Sqlite")];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }
}

/// A clock tests set freely, backwards too (the tests of a class share one application and run in any order).
public sealed class MovableClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public void SetUtcNow(DateTimeOffset value) => _now = value;

    public void Advance(TimeSpan by) => _now += by;

    public override DateTimeOffset GetUtcNow() => _now;
}
