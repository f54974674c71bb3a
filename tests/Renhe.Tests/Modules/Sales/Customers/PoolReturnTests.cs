using Renhe.Platform.Time;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Renhe.Modules.Sales;
using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales.Targets;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Customers;

/// 自动回公海 with the clock moved: 30 days without follow-up, counted from the later of the last
/// follow-up and the assignment, and the customer is back in the pool with a PoolReturn entry.
[Trait("Category", "Integration")]
public sealed class PoolReturnTests(PoolReturnTests.ClockFactory factory) : IClassFixture<PoolReturnTests.ClockFactory>
{
    [Fact]
    public async Task A_customer_not_followed_up_for_thirty_days_returns_to_the_pool_and_is_announced_three_days_before()
    {
        var zhangsan = await factory.ClientForAsync("zhangsan");
        var quiet = await CreateAsync(zhangsan, "久未跟进");
        var followed = await CreateAsync(zhangsan, "刚跟进过");
        var ordered = await CreateAsync(zhangsan, "已下单");
        var lost = await CreateAsync(zhangsan, "已流失");
        var start = factory.Clock.GetUtcNow();
        Guid me;
        await using (var db = factory.OpenDb())
        {
            me = (await db.Customers.SingleAsync(c => c.Id == quiet)).OwnerId!.Value;
            // Won and lost customers stay with their owner however quiet (set as orders and the stage rules would).
            await db.Customers.Where(c => c.Id == ordered).ExecuteUpdateAsync(s => s.SetProperty(c => c.Stage, CustomerStage.Ordered));
            await db.Customers.Where(c => c.Id == lost).ExecuteUpdateAsync(s => s.SetProperty(c => c.Stage, CustomerStage.Lost).SetProperty(c => c.LostReason, "预算取消"));
        }

        // Day 26: a follow-up (written as the follow-up module does) restarts the 30 days for one of them.
        factory.Clock.Advance(TimeSpan.FromDays(26));
        await using (var db = factory.OpenDb())
            await db.Customers.Where(c => c.Id == followed).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastFollowUpAt, factory.Clock.GetUtcNow()));

        // Day 27: the day's list warns of the quiet one, with the day the return will take it
        // (23 November 14:00 in Shanghai + 30 days); the others are not at risk.
        factory.Clock.Advance(TimeSpan.FromDays(1));
        var today = await TodayAsync(me);
        var warning = Assert.Single(today.Tasks, t => t.CustomerId == quiet);
        Assert.Equal((DailyTaskKind.PoolSoon, BranchCalendar.DayOf(start.AddDays(30), BranchCalendar.Zone(BranchCalendar.DefaultZoneId))), (warning.Kind, warning.DueDate));
        Assert.DoesNotContain(today.Tasks, t => t.CustomerId == followed || t.CustomerId == ordered || t.CustomerId == lost);
        Assert.Equal(0, await ReturnDueAsync(onlyThese: [quiet, followed, ordered, lost]));

        // Day 30 and a minute: the quiet one goes back; the followed, the won and the lost stay.
        factory.Clock.Advance(TimeSpan.FromDays(3).Add(TimeSpan.FromMinutes(1)));
        Assert.Equal(1, await ReturnDueAsync(onlyThese: [quiet, followed, ordered, lost]));
        await using (var db = factory.OpenDb())
        {
            var back = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == quiet);
            Assert.Null(back.OwnerId);
            Assert.Null(back.AssignedAt);
            var custody = await db.CustodyEntries.AsNoTracking().Where(e => e.CustomerId == quiet).OrderBy(e => e.At).LastAsync();
            Assert.Equal((CustodyReason.PoolReturn, me, (Guid?)null, (Guid?)null), (custody.Reason, custody.FromEmployeeId!.Value, custody.ToEmployeeId, custody.ByUserId));
            foreach (var kept in new[] { followed, ordered, lost })
                Assert.Equal(me, (await db.Customers.AsNoTracking().SingleAsync(c => c.Id == kept)).OwnerId);
        }
        var pool = await (await (await factory.ClientForAsync("lisi")).GetAsync("/api/sales/pool")).ReadAsync<List<PoolCustomer>>();
        Assert.Contains(pool, c => c.Id == quiet);
        // Running again (another instance, the next hour) returns nothing twice.
        Assert.Equal(0, await ReturnDueAsync(onlyThese: [quiet]));

        // A year on, the won and the lost customers are still their owner's.
        factory.Clock.Advance(TimeSpan.FromDays(365));
        Assert.Equal(0, await ReturnDueAsync(onlyThese: [ordered, lost]));
    }

    [Theory]
    [InlineData(CustomerStage.Lead, true)]
    [InlineData(CustomerStage.Intent, true)]
    [InlineData(CustomerStage.Ordered, false)]
    [InlineData(CustomerStage.Repurchase, false)]
    [InlineData(CustomerStage.Lost, false)]
    public void Only_customers_still_being_won_return_by_themselves(CustomerStage stage, bool returns) =>
        Assert.Equal(returns, PoolReturnRule.Applies(stage));

    [Theory]
    // last follow-up, assigned, created → counted from
    [InlineData("2026-11-20", "2026-11-01", "2026-10-01", "2026-11-20")] // followed after the assignment
    [InlineData("2026-10-15", "2026-11-01", "2026-10-01", "2026-11-01")] // given to a new owner after the last follow-up
    [InlineData(null, "2026-11-01", "2026-10-01", "2026-11-01")]         // never followed
    [InlineData(null, null, "2026-10-01", "2026-10-01")]                 // never assigned (entered with an owner directly)
    [InlineData("2026-09-01", null, "2026-10-01", "2026-10-01")]         // entered with an older history: counted from its entry
    public void The_count_starts_at_the_later_of_the_last_follow_up_and_the_assignment(string? lastFollowUp, string? assigned, string created, string expected)
    {
        static DateTimeOffset? At(string? day) => day is null ? null : DateTimeOffset.Parse(day + "T02:00:00Z");
        Assert.Equal(At(expected), PoolReturnRule.CountFrom(At(lastFollowUp), At(assigned), At(created)!.Value));
    }

    private async Task<TodayView> TodayAsync(Guid employeeId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TodayService>().GetAsync(employeeId, CancellationToken.None);
    }

    /// Runs the return; counts only the customers this test made (the demo's own age along with the clock).
    private async Task<int> ReturnDueAsync(Guid[] onlyThese)
    {
        await using var db = factory.OpenDb();
        var before = await db.Customers.CountAsync(c => onlyThese.Contains(c.Id) && c.OwnerId == null);
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PoolReturnService>().ReturnDueAsync(factory.Clock.GetUtcNow(), CancellationToken.None);
        return await db.Customers.CountAsync(c => onlyThese.Contains(c.Id) && c.OwnerId == null) - before;
    }

    private static async Task<Guid> CreateAsync(HttpClient client, string name) =>
        (await (await client.PostAsJsonAsync("/api/sales/customers", new { name }, Http.Json)).ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;

    public sealed record IdResponse(Guid Id);

    public sealed class ClockFactory : RenheFactory
    {
        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero));

        public override string ProviderName => "Sqlite";

        protected override IEnumerable<KeyValuePair<string, string>> DatabaseSettings() => [new("Database:Provider", "Sqlite")];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }
}
