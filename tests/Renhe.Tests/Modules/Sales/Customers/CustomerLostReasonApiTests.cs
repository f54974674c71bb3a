using Renhe.Modules.Sales.Customers;
using System.Net;
using System.Net.Http.Json;
using Renhe.Modules.Sales;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Customers;

public abstract class CustomerLostReasonApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    [Fact]
    public async Task Marking_a_customer_lost_needs_a_reason_which_the_detail_shows_and_the_list_filters_by()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var id = (await (await zhangsan.PostAsJsonAsync("/api/sales/customers", new { name = "要流失的客户" })).ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
        var version = (await (await zhangsan.GetAsync($"/api/sales/customers/{id}")).ReadAsync<CustomerView>()).Version;

        var bare = await zhangsan.PostAsJsonAsync($"/api/sales/customers/{id}/stage", new { stage = "Lost", version }, Http.Json);
        var problem = await bare.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("lostReason", problem.Errors!.Keys);
        Assert.Equal("标记为流失时必须填写流失原因。", problem.Title);
        Assert.Equal(CustomerStage.Lead, (await (await zhangsan.GetAsync($"/api/sales/customers/{id}")).ReadAsync<CustomerView>()).Stage);

        var lost = await zhangsan.PostAsJsonAsync($"/api/sales/customers/{id}/stage", new { stage = "Lost", version, lostReason = "价格高于竞品" }, Http.Json);
        Assert.Equal(HttpStatusCode.NoContent, lost.StatusCode);
        var detail = await (await zhangsan.GetAsync($"/api/sales/customers/{id}")).ReadAsync<CustomerView>();
        Assert.Equal((CustomerStage.Lost, "价格高于竞品"), (detail.Stage, detail.LostReason!));

        var found = await (await zhangsan.GetAsync("/api/sales/customers?stage=Lost&lostReason=竞品")).ReadAsync<CustomerPage>();
        Assert.Equal("价格高于竞品", Assert.Single(found.Items, c => c.Id == id).LostReason);
        Assert.DoesNotContain((await (await zhangsan.GetAsync("/api/sales/customers?lostReason=服务")).ReadAsync<CustomerPage>()).Items, c => c.Id == id);

        // The version moved: the stale one is a conflict.
        var stale = await zhangsan.PostAsJsonAsync($"/api/sales/customers/{id}/stage", new { stage = "Intent", version }, Http.Json);
        await stale.ProblemAsync(HttpStatusCode.Conflict);
    }

    public sealed record IdResponse(Guid Id);
}

[Trait("Category", "Integration")]
public sealed class SqliteCustomerLostReasonApiTests(SqliteRenheFactory factory) : CustomerLostReasonApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresCustomerLostReasonApiTests(PostgresRenheFactory factory) : CustomerLostReasonApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
