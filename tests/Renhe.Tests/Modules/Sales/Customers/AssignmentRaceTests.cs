using Renhe.Modules.Sales.Customers;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Sales;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Customers;

/// 分配规则 under load: a manager (or several) entering leads at the same moment, all matched by one
/// team rule. The rule's round-robin pointer is shared; each lead must take the next turn, nobody may
/// go over the capacity, and a save that lost the race is retried (or told 409) — never lost or doubled.
/// Own class (own database): it counts every customer the team holds.
public abstract class AssignmentRaceSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private const string RuleName = "并发团队规则";

    [Fact]
    public async Task Leads_entered_at_once_take_turns_round_the_team_up_to_the_capacity_and_none_is_lost_or_given_twice()
    {
        var manager = await Factory.ClientForAsync("salesmgr");
        var region = "并发-" + Guid.NewGuid().ToString("N")[..6];
        // The team in turn order (by name, ordinal): 张三, 李四, 李晓.
        string[] team = ["张三", "李四", "李晓"];
        var held = await HeldAsync(team);
        // 张三 and 李四 get one place below the capacity, 李晓 five: seven places in all.
        var capacity = held.Values.Max() + 5;
        await TopUpAsync("zhangsan", capacity - 1 - held["张三"]);
        await TopUpAsync("lisi", capacity - 1 - held["李四"]);
        await TopUpAsync("xiaoli", capacity - 5 - held["李晓"]);
        Assert.Equal([capacity - 1, capacity - 1, capacity - 5], (await HeldAsync(team)).Values);

        var rule = await manager.PostAsJsonAsync("/api/sales/assignment-rules",
            new { name = RuleName, region, targetDepartmentId = await SalesDepartmentAsync(), capacity }, Http.Json);
        Assert.Equal(HttpStatusCode.Created, rule.StatusCode);

        // Ten leads at once.
        var names = Enumerable.Range(1, 10).Select(i => $"并发线索{i:00}-{region}").ToList();
        await EnterAtOnceAsync(manager, names, region);

        await using var db = Factory.OpenDb();
        var stored = await db.Customers.AsNoTracking().Where(c => c.Region == region && c.Name.StartsWith("并发线索"))
            .Select(c => new { c.Id, c.Name, Owner = c.Owner == null ? null : c.Owner.Name, c.AssignedAt }).ToListAsync();
        // None lost, none entered twice.
        Assert.Equal(names.Order(), stored.Select(c => c.Name).Order());
        var ids = stored.Select(c => c.Id).ToList();
        var custody = await db.CustodyEntries.AsNoTracking().Where(e => ids.Contains(e.CustomerId)).ToListAsync();
        Assert.All(stored, c => Assert.Single(custody, e => e.CustomerId == c.Id));

        // Seven places: everyone ends exactly at the capacity, the other three leads wait in the pool.
        Assert.Equal([capacity, capacity, capacity], (await HeldAsync(team)).Values);
        Assert.Equal(3, stored.Count(c => c.Owner is null));
        // In the order they were given: each took the next turn, skipping whoever was full.
        var turns = stored.Where(c => c.Owner is not null).OrderBy(c => c.AssignedAt).Select(c => c.Owner).ToList();
        Assert.Equal(["张三", "李四", "李晓", "李晓", "李晓", "李晓", "李晓"], turns);
        Assert.All(custody.Where(e => e.ToEmployeeId is not null), e => Assert.Equal((CustodyReason.Assigned, RuleName), (e.Reason, e.Note!)));
        Assert.Equal("李晓", (await (await manager.GetAsync("/api/sales/assignment-rules")).ReadAsync<List<Renhe.Modules.Sales.Customers.AssignmentRuleDto>>())
            .Single(r => r.Name == RuleName).LastAssignedName);

        // The pointer now rests on 李晓, the only one who can take more once she gives two back to the
        // pool: of eight leads at once exactly two are hers, the rest wait in the pool. Her turn does
        // not move the pointer, so the capacity alone must hold against the concurrent saves.
        var xiaoli = await Factory.ClientForAsync("xiaoli");
        foreach (var give in stored.Where(c => c.Owner == "李晓").OrderBy(c => c.AssignedAt).Take(2))
            Assert.Equal(HttpStatusCode.NoContent, (await xiaoli.PostAsJsonAsync($"/api/sales/customers/{give.Id}/release", new { note = "让出名额" })).StatusCode);
        Assert.Equal([capacity, capacity, capacity - 2], (await HeldAsync(team)).Values);
        var more = Enumerable.Range(1, 8).Select(i => $"再来线索{i:00}-{region}").ToList();
        await EnterAtOnceAsync(manager, more, region);
        var second = await db.Customers.AsNoTracking().Where(c => c.Region == region && c.Name.StartsWith("再来线索"))
            .Select(c => new { c.Name, Owner = c.Owner == null ? null : c.Owner.Name }).ToListAsync();
        Assert.Equal(more.Order(), second.Select(c => c.Name).Order());
        Assert.Equal(2, second.Count(c => c.Owner == "李晓"));
        Assert.Equal(6, second.Count(c => c.Owner is null));
        Assert.Equal([capacity, capacity, capacity], (await HeldAsync(team)).Values);
    }

    /// Enters the leads all at once; one told to retry (409) is sent again, as the page does.
    private static async Task EnterAtOnceAsync(HttpClient client, List<string> names, string region)
    {
        var first = await Task.WhenAll(names.Select(n => client.PostAsJsonAsync("/api/sales/customers", new { name = n, region }, Http.Json)));
        for (var i = 0; i < names.Count; i++)
        {
            var response = first[i];
            for (var attempt = 0; response.StatusCode == HttpStatusCode.Conflict && attempt < 5; attempt++)
                response = await client.PostAsJsonAsync("/api/sales/customers", new { name = names[i], region }, Http.Json);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{names[i]}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// Customers each of <paramref name="names"/> holds now, in that order.
    private async Task<Dictionary<string, int>> HeldAsync(string[] names)
    {
        await using var db = Factory.OpenDb();
        var counts = await db.Customers.AsNoTracking().Where(c => c.DeletedAt == null && c.Owner != null && names.Contains(c.Owner.Name))
            .GroupBy(c => c.Owner!.Name).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        return names.ToDictionary(n => n, n => counts.SingleOrDefault(c => c.Key == n)?.Count ?? 0);
    }

    /// The salesperson enters <paramref name="count"/> customers of their own.
    private async Task TopUpAsync(string userName, int count)
    {
        var client = await Factory.ClientForAsync(userName);
        for (var i = 0; i < count; i++)
        {
            var response = await client.PostAsJsonAsync("/api/sales/customers", new { name = $"{userName} 自己的客户 {i}" }, Http.Json);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    private async Task<Guid> SalesDepartmentAsync()
    {
        await using var db = Factory.OpenDb();
        return await db.Departments.Where(d => d.Name == "销售部").Select(d => d.Id).SingleAsync();
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteAssignmentRaceTests(SqliteRenheFactory factory) : AssignmentRaceSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresAssignmentRaceTests(PostgresRenheFactory factory) : AssignmentRaceSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
