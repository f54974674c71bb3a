using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales.Orders;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Orders;

/// The customers the order form offers: a salesperson their own, a manager the team's; roles without
/// orders are refused. On SQLite and on PostgreSQL.
public abstract class OrderFormCustomerApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    [Fact]
    public async Task The_order_form_offers_a_salesperson_only_their_own_customers_and_a_manager_the_team_and_others_are_refused()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var lisi = await Factory.ClientForAsync("lisi");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var withPhone = await CreateAsync(zhangsan, new { name = $"下单客户{tag}", phone = "136" + Random.Shared.Next(10_000_000, 99_999_999), region = "华东" });
        var nameOnly = await CreateAsync(zhangsan, new { name = $"只有姓名{tag}" });
        var his = await CreateAsync(lisi, new { name = $"李四的下单客户{tag}" });

        var mine = await (await zhangsan.GetAsync("/api/sales/orders/customers")).ReadAsync<List<OrderCustomer>>();
        var offered = Assert.Single(mine, c => c.Id == withPhone);
        Assert.Equal(($"下单客户{tag}", true, "华东"), (offered.Name, offered.HasContact, offered.Region));
        // No phone and no WeCom contact: offered, but the form warns that the order cannot be submitted.
        Assert.False(Assert.Single(mine, c => c.Id == nameOnly).HasContact);
        Assert.DoesNotContain(mine, c => c.Id == his);

        var team = await (await (await Factory.ClientForAsync("salesmgr")).GetAsync("/api/sales/orders/customers")).ReadAsync<List<OrderCustomer>>();
        Assert.Contains(team, c => c.Id == withPhone);
        Assert.Contains(team, c => c.Id == his);

        foreach (var user in new[] { "finance", "hr" })
        {
            var client = await Factory.ClientForAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/sales/orders/customers")).StatusCode);
        }
    }

    private static async Task<Guid> CreateAsync(HttpClient client, object customer) =>
        (await (await client.PostAsJsonAsync("/api/sales/customers", customer, Http.Json)).ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;

    public sealed record IdResponse(Guid Id);
}

[Trait("Category", "Integration")]
public sealed class SqliteOrderFormCustomerApiTests(SqliteRenheFactory factory) : OrderFormCustomerApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresOrderFormCustomerApiTests(PostgresRenheFactory factory) : OrderFormCustomerApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
