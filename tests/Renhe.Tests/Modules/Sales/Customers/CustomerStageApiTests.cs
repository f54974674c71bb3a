using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Sales.Customers;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Customers;

/// The customer page (POST /customers/{id}/stage) and a follow-up that moves the stage answer the
/// same request the same way: one stage table behind both. Before it was shared the page could set
/// 下单 by hand and a follow-up could mark a customer 流失 without a reason.
public abstract class CustomerStageApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    public static TheoryData<CustomerStage, CustomerStage, string?, HttpStatusCode, string?> Moves => new()
    {
        { CustomerStage.Lead, CustomerStage.Intent, null, HttpStatusCode.OK, null },
        { CustomerStage.Lead, CustomerStage.Ordered, null, HttpStatusCode.BadRequest, "stage" },
        { CustomerStage.Lead, CustomerStage.Repurchase, null, HttpStatusCode.BadRequest, "stage" },
        { CustomerStage.Lead, CustomerStage.Lost, null, HttpStatusCode.BadRequest, "lostReason" },
        { CustomerStage.Lead, CustomerStage.Lost, "预算砍掉了", HttpStatusCode.OK, null },
        { CustomerStage.Intent, CustomerStage.Intent, null, HttpStatusCode.BadRequest, "stage" },
        { CustomerStage.Intent, CustomerStage.Ordered, null, HttpStatusCode.BadRequest, "stage" },
        { CustomerStage.Lost, CustomerStage.Intent, null, HttpStatusCode.OK, null },
    };

    [Theory]
    [MemberData(nameof(Moves))]
    public async Task The_customer_page_and_a_follow_up_give_the_same_answer(
        CustomerStage from, CustomerStage to, string? reason, HttpStatusCode expected, string? field)
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var byPage = await CustomerAtAsync(zhangsan, from);
        var byFollowUp = await CustomerAtAsync(zhangsan, from);

        var page = await zhangsan.PostAsJsonAsync($"/api/sales/customers/{byPage}/stage", new { stage = to, lostReason = reason }, Http.Json);
        var followUp = await zhangsan.PostAsJsonAsync("/api/sales/follow-ups",
            new { customerId = byFollowUp, kind = "Call", notes = "电话沟通", stage = to, lostReason = reason }, Http.Json);

        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.NoContent, page.StatusCode);
            Assert.Equal(HttpStatusCode.Created, followUp.StatusCode);
        }
        else
        {
            var pageProblem = await page.ProblemAsync(expected);
            var followUpProblem = await followUp.ProblemAsync(expected);
            Assert.Equal(pageProblem.Title, followUpProblem.Title);
            Assert.Equal([field!], pageProblem.Errors!.Keys);
            Assert.Equal([field!], followUpProblem.Errors!.Keys);
        }

        var landed = expected == HttpStatusCode.OK ? to : from;
        Assert.Equal((landed, landed), (await StageAsync(zhangsan, byPage), await StageAsync(zhangsan, byFollowUp)));
        if (landed == CustomerStage.Lost && from != CustomerStage.Lost)
        {
            await using var db = Factory.OpenDb();
            Assert.Equal([reason, reason], await db.Customers.Where(c => c.Id == byPage || c.Id == byFollowUp).Select(c => c.LostReason).ToListAsync());
        }
    }

    private static async Task<Guid> CustomerAtAsync(HttpClient client, CustomerStage stage)
    {
        var id = (await (await client.PostAsJsonAsync("/api/sales/customers", new { name = "阶段客户" + Guid.NewGuid().ToString("N")[..6] }, Http.Json))
            .ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
        if (stage is CustomerStage.Intent or CustomerStage.Lost)
            Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/sales/customers/{id}/stage",
                new { stage, lostReason = stage == CustomerStage.Lost ? "价格高于竞品" : null }, Http.Json)).StatusCode);
        return id;
    }

    private static async Task<CustomerStage> StageAsync(HttpClient client, Guid id) =>
        (await (await client.GetAsync($"/api/sales/customers/{id}")).ReadAsync<CustomerView>()).Stage;

    private sealed record IdResponse(Guid Id);
}

[Trait("Category", "Integration")]
public sealed class SqliteCustomerStageApiTests(SqliteRenheFactory factory) : CustomerStageApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresCustomerStageApiTests(PostgresRenheFactory factory) : CustomerStageApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
