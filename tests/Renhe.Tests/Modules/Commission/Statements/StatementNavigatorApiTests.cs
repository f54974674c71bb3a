using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Commission.Statements;
using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales.FollowUps;
using Renhe.Modules.Sales.Orders;
using Renhe.Modules.Sales.Targets;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Commission.Statements;

/// 冲档导航's customers and prices, and its line on 今日. 李晓 holds 马美玲 at 意向 (the demo) and,
/// added here, two more intent customers — 冲档甲 followed 5 days ago with a next step due tomorrow,
/// 冲档乙 followed 20 days ago — and 复购丙, whose first order (¥5,000, 40 days ago) puts her
/// repurchase at 0/1. Her conversion is 0/3: one order from an intent customer reaches the top tier.
public abstract class StatementNavigatorApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static readonly SemaphoreSlim Setup = new(1, 1);
    private static readonly Dictionary<Type, Dictionary<string, Guid>> Seeded = [];

    private async Task<Dictionary<string, Guid>> SeedAsync()
    {
        await Setup.WaitAsync();
        try
        {
            if (Seeded.TryGetValue(GetType(), out var done)) return done;
            var now = DateTimeOffset.UtcNow;
            var today = DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime);
            await using var db = Factory.OpenDb();
            var xiaoli = await db.Employees.Where(e => e.Name == "李晓").Select(e => e.Id).SingleAsync();
            var by = new ChangedBy(null, "李晓");
            var ids = new Dictionary<string, Guid> { ["李晓"] = xiaoli };
            Customer Enter(string name, DateTimeOffset at)
            {
                var (customer, custody, stage) = Customer.Enter(xiaoli, CustodyReason.Created, null, by, at);
                customer.Name = name;
                db.Customers.Add(customer);
                db.CustodyEntries.Add(custody);
                db.StageChanges.Add(stage);
                ids[name] = customer.Id;
                return customer;
            }
            void FollowUp(Customer c, DateTimeOffset at, DateOnly? next, string? step)
            {
                db.FollowUps.Add(new FollowUp
                {
                    CustomerId = c.Id, EmployeeId = xiaoli, Kind = FollowUpKind.Call, At = at, CreatedAt = at, DurationMinutes = 5, Notes = "测试",
                    OwnCustomer = true, NextDate = next, NextStep = step,
                });
                c.LastFollowUpAt = at;
            }
            foreach (var (name, followed, next) in new[] { ("冲档甲", 5, (DateOnly?)today.AddDays(1)), ("冲档乙", 20, null) })
            {
                var c = Enter(name, now.AddDays(-30));
                db.StageChanges.Add(c.MoveStage(CustomerStage.Intent, null, by, now.AddDays(-25)));
                FollowUp(c, now.AddDays(-followed), next, next is null ? null : "发送合同");
            }
            var repeat = Enter("复购丙", now.AddDays(-60));
            var at = now.AddDays(-40);
            db.Orders.Add(new Order
            {
                Number = "SO-NAV-" + Guid.NewGuid().ToString("N")[..8], CustomerId = repeat.Id, SalespersonId = xiaoli, Status = OrderStatus.Effective,
                ListTotalFen = 500_000, TotalFen = 500_000, CreatedAt = at, SubmittedAt = at, EffectiveAt = at,
            });
            db.StageChanges.Add(repeat.RecordEffectiveOrder(false, by, at)!);
            await db.SaveChangesAsync();
            Seeded[GetType()] = ids;
            return ids;
        }
        finally
        {
            Setup.Release();
        }
    }

    [Fact]
    public async Task The_navigator_ranks_intent_customers_by_the_next_step_due_and_recency_and_repurchases_by_their_interval()
    {
        var ids = await SeedAsync();
        var xiaoli = await Factory.ClientForAsync("xiaoli");
        var view = await (await xiaoli.GetAsync("/api/commission/statements/mine")).ReadAsync<StatementView>();
        Assert.Equal("0.0 % (0/3)", view.Measures.Conversion.Text);
        Assert.Equal("0.0 % (0/1)", view.Measures.Repurchase.Text);
        var nav = view.Navigator!;

        // Priced at her own average over 90 days: the one ¥5,000 order.
        Assert.Equal((500_000L, false), (nav.AverageOrderFen, nav.AverageFromTeam));
        Assert.Contains("¥5,000.00", nav.AverageNote);
        var conversion = nav.Steps.Where(s => s.Measure == Renhe.Modules.Commission.Plans.CommissionMeasure.Conversion).ToList();
        Assert.All(conversion, s => Assert.Equal((true, 1), (s.Reachable, s.NewOrders)));
        // One order of ¥5,000 makes 1/3 ≥ 25 %: 4 % of ¥5,000 = ¥200.
        Assert.Contains(conversion, s => s.GainFen == 20_000 && s.Text.Contains("再完成 1 单") && s.Text.Contains("¥200.00"));

        var intent = nav.Candidates.Where(c => !c.ForRepurchase).Select(c => c.Name).ToList();
        Assert.Equal("冲档甲", intent[0]);
        Assert.True(intent.IndexOf("冲档乙") > 0);
        Assert.Contains("马美玲", intent);
        var first = nav.Candidates[0];
        Assert.Equal(ids["冲档甲"], first.CustomerId);
        Assert.Contains("发送合同", first.Why);
        Assert.Contains("5 天前跟进", first.Why);
        // 马美玲 was followed more recently (2 days ago), but 冲档甲 has a next step due: the agenda comes first.
        Assert.True(intent.IndexOf("马美玲") > 0);

        var repurchase = Assert.Single(nav.Candidates, c => c.ForRepurchase);
        Assert.Equal(("复购丙", 40, StatementService.DefaultRepurchaseDays), (repurchase.Name, repurchase.DaysSinceOrder, repurchase.UsualIntervalDays));
        Assert.Contains("40 天前", repurchase.Why);
    }

    [Fact]
    public async Task Someone_without_orders_in_90_days_is_priced_at_the_teams_average_and_told_so()
    {
        await SeedAsync();
        var lisi = await Factory.ClientForAsync("lisi");
        var nav = (await (await lisi.GetAsync("/api/commission/statements/mine")).ReadAsync<StatementView>()).Navigator!;
        // 销售部's only order in 90 days is 李晓's ¥5,000.
        Assert.Equal((500_000L, true), (nav.AverageOrderFen, nav.AverageFromTeam));
        Assert.Contains("团队", nav.AverageNote);
        Assert.Contains("¥5,000.00", nav.AverageNote);

        var en = await Factory.ClientForAsync("lisi", culture: "en");
        var english = (await (await en.GetAsync("/api/commission/statements/mine")).ReadAsync<StatementView>()).Navigator!;
        Assert.Contains("team's", english.AverageNote);
    }

    [Fact]
    public async Task Today_shows_the_navigators_best_step_and_turns_its_customers_into_tasks()
    {
        var ids = await SeedAsync();
        var xiaoli = await Factory.ClientForAsync("xiaoli");
        var day = await (await xiaoli.GetAsync("/api/sales/tasks/today")).ReadAsync<TodayView>();
        Assert.NotNull(day.TierLine);
        Assert.Contains("再完成 1 单", day.TierLine);

        var tier = day.Tasks.Where(t => t.Kind == DailyTaskKind.TierPush).ToList();
        Assert.InRange(tier.Count, 1, TodayService.MaxTierTasks);
        Assert.Contains(tier, t => t.CustomerId == ids["冲档甲"]);
        // A customer already on the list for another reason is not listed twice.
        Assert.Equal(day.Tasks.Count, day.Tasks.Select(t => t.CustomerId).Distinct().Count());
        Assert.Contains(day.Tasks, t => t.CustomerId == ids["冲档乙"] && t.Kind == DailyTaskKind.IdleIntent);
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteStatementNavigatorApiTests(SqliteRenheFactory factory) : StatementNavigatorApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresStatementNavigatorApiTests(PostgresRenheFactory factory) : StatementNavigatorApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
