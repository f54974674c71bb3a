using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales.Orders;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales;

/// The /api/sales endpoints no other suite reached: the customers an order may be written for, and
/// deleting an assignment rule. Success and refusal for each, on SQLite and on PostgreSQL.
public abstract class SalesEndpointGapSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private const string Rules = "/api/sales/assignment-rules";

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

    [Fact]
    public async Task A_manager_deletes_a_rule_which_then_decides_nothing_and_a_salesperson_or_a_second_delete_is_refused()
    {
        var manager = await Factory.ClientForAsync("salesmgr");
        var region = "删除-" + Guid.NewGuid().ToString("N")[..6];
        var lisi = await EmployeeIdAsync("李四");
        var id = (await (await manager.PostAsJsonAsync(Rules, new { name = "要删除的规则", region, targetEmployeeId = lisi }, Http.Json))
            .ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
        Assert.Equal("李四", (await PreviewAsync(manager, region)).EmployeeName);

        var zhangsan = await Factory.ClientForAsync("zhangsan");
        Assert.Equal(HttpStatusCode.Forbidden, (await zhangsan.DeleteAsync($"{Rules}/{id}")).StatusCode);
        Assert.Contains(await ListAsync(manager), r => r.Id == id);

        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync($"{Rules}/{id}")).StatusCode);
        Assert.DoesNotContain(await ListAsync(manager), r => r.Id == id);
        Assert.True((await PreviewAsync(manager, region)).ToPool);
        await (await manager.DeleteAsync($"{Rules}/{id}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    private static async Task<AssignmentPreview> PreviewAsync(HttpClient client, string region) =>
        await (await client.GetAsync($"{Rules}/preview?region={region}")).ReadAsync<AssignmentPreview>();

    private static async Task<List<AssignmentRuleDto>> ListAsync(HttpClient client) =>
        await (await client.GetAsync(Rules)).ReadAsync<List<AssignmentRuleDto>>();

    private async Task<Guid> EmployeeIdAsync(string name)
    {
        await using var db = Factory.OpenDb();
        return await db.Employees.Where(e => e.Name == name).Select(e => e.Id).FirstAsync();
    }

    private static async Task<Guid> CreateAsync(HttpClient client, object customer) =>
        (await (await client.PostAsJsonAsync("/api/sales/customers", customer, Http.Json)).ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;

    public sealed record IdResponse(Guid Id);
}

[Trait("Category", "Integration")]
public sealed class SqliteSalesEndpointGapTests(SqliteRenheFactory factory) : SalesEndpointGapSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresSalesEndpointGapTests(PostgresRenheFactory factory) : SalesEndpointGapSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
