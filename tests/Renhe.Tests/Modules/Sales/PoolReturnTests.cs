using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Renhe.Modules.Sales;
using Renhe.Modules.Sales.Customers;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales;

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
        var start = factory.Clock.GetUtcNow();
        Guid me;
        await using (var db = factory.OpenDb())
            me = (await db.Customers.SingleAsync(c => c.Id == quiet)).OwnerId!.Value;

        // Day 27: three days left for both.
        factory.Clock.Advance(TimeSpan.FromDays(27));
        await using (var db = factory.OpenDb())
        {
            // A follow-up on day 27 (written as the follow-up module does) restarts the 30 days for that one.
            await db.Customers.Where(c => c.Id == followed).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastFollowUpAt, factory.Clock.GetUtcNow()));
        }
        var soon = await AboutToReturnAsync(me, 3);
        var entry = Assert.Single(soon, c => c.CustomerId == quiet);
        Assert.Equal(start.AddDays(30), entry.ReturnsAt);
        Assert.DoesNotContain(soon, c => c.CustomerId == followed);
        Assert.Equal(0, await ReturnDueAsync(onlyThese: [quiet, followed]));

        // Day 30 and a minute: the quiet one goes back, the followed one stays.
        factory.Clock.Advance(TimeSpan.FromDays(3).Add(TimeSpan.FromMinutes(1)));
        await ReturnDueAsync(onlyThese: [quiet, followed]);
        await using (var db = factory.OpenDb())
        {
            var back = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == quiet);
            Assert.Null(back.OwnerId);
            Assert.Null(back.AssignedAt);
            var custody = await db.CustodyEntries.AsNoTracking().Where(e => e.CustomerId == quiet).OrderBy(e => e.At).LastAsync();
            Assert.Equal((CustodyReason.PoolReturn, me, (Guid?)null, (Guid?)null), (custody.Reason, custody.FromEmployeeId!.Value, custody.ToEmployeeId, custody.ByUserId));
            Assert.Equal(me, (await db.Customers.AsNoTracking().SingleAsync(c => c.Id == followed)).OwnerId);
        }
        var pool = await (await (await factory.ClientForAsync("lisi")).GetAsync("/api/sales/pool")).ReadAsync<List<PoolCustomer>>();
        Assert.Contains(pool, c => c.Id == quiet);
        // Running again (another instance, the next hour) returns nothing twice.
        Assert.Equal(0, await ReturnDueAsync(onlyThese: [quiet]));
    }

    private async Task<IReadOnlyList<AboutToReturn>> AboutToReturnAsync(Guid employeeId, int days)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PoolReturnService>().CustomersAboutToReturnAsync(employeeId, days, CancellationToken.None);
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
