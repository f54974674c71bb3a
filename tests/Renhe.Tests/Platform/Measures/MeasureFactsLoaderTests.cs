using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales.Orders;
using Renhe.Platform.Data;
using Renhe.Platform.Measures;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Measures;

/// The loader reads the order, adjustment, stage and custody ledgers as the application writes them
/// (through <see cref="Customer.Enter"/>, <see cref="Customer.MoveStage"/>,
/// <see cref="Customer.ChangeCustody"/> and <see cref="Customer.RecordEffectiveOrder"/>), and the
/// kernel measures them: November 2025 of two new salespeople, in the books' zone.
public abstract class MeasureFactsLoaderSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static DateTimeOffset At(int month, int day, int hour = 10) => MeasureLedger.At(month, day, hour, year: 2025);

    private static MeasurePeriod Month(int month) => MeasurePeriod.Month(new DateOnly(2025, month, 1), MeasureLedger.Zone);

    /// Writes through the entities, as the customer and order services do.
    private sealed class Books(AppDbContext db)
    {
        private static int _numbers;

        public async Task<Guid> PersonAsync(string name)
        {
            var sales = await db.Departments.FirstAsync(d => d.Name == "销售部");
            var e = new Employee
            {
                EmployeeNumber = "MF" + Interlocked.Increment(ref _numbers).ToString("00000", System.Globalization.CultureInfo.InvariantCulture) + Random.Shared.Next(100, 999),
                Name = name, BranchId = sales.BranchId, DepartmentId = sales.Id, HireDate = new DateOnly(2024, 1, 1),
            };
            db.Employees.Add(e);
            return e.Id;
        }

        public Customer Enter(string name, Guid owner, DateTimeOffset at)
        {
            var (customer, custody, stage) = Customer.Enter(owner, CustodyReason.Created, null, ChangedBy.System, at);
            customer.Name = name;
            db.AddRange(customer, custody, stage);
            return customer;
        }

        public void Intent(Customer c, DateTimeOffset at) => db.StageChanges.Add(c.MoveStage(CustomerStage.Intent, null, ChangedBy.System, at));

        public void Transfer(Customer c, Guid to, DateTimeOffset at) => db.CustodyEntries.Add(c.ChangeCustody(to, CustodyReason.Transferred, "调岗", ChangedBy.System, at));

        /// An order finance approved at <paramref name="at"/>, as the approval handler records it.
        public Order Order(Customer c, Guid person, long fen, DateTimeOffset at)
        {
            var repurchase = db.ChangeTracker.Entries<Order>().Any(e => e.Entity.CustomerId == c.Id && e.Entity.Status is OrderStatus.Effective or OrderStatus.Cancelled);
            var order = new Order
            {
                Number = "SO-MF-" + Guid.NewGuid().ToString("N")[..10], CustomerId = c.Id, SalespersonId = person, Status = OrderStatus.Effective,
                ListTotalFen = fen, TotalFen = fen, IsRepurchase = repurchase, CreatedAt = at.AddDays(-1), SubmittedAt = at.AddHours(-2), EffectiveAt = at,
            };
            db.Orders.Add(order);
            if (c.RecordEffectiveOrder(repurchase, ChangedBy.System, at) is { } change) db.StageChanges.Add(change);
            return order;
        }

        public void Refund(Order o, long fen, DateTimeOffset at) =>
            db.OrderAdjustments.Add(new OrderAdjustment { OrderId = o.Id, Kind = OrderAdjustmentKind.Refund, AmountFen = fen, Reason = "退部分服务", At = at });

        public void Cancel(Order o, DateTimeOffset at)
        {
            var refunded = db.ChangeTracker.Entries<OrderAdjustment>().Where(e => e.Entity.OrderId == o.Id).Sum(e => e.Entity.AmountFen);
            o.Status = OrderStatus.Cancelled;
            db.OrderAdjustments.Add(new OrderAdjustment { OrderId = o.Id, Kind = OrderAdjustmentKind.Cancellation, AmountFen = o.TotalFen - refunded, Reason = "客户取消", At = at });
        }
    }

    private async Task<(Guid Me, Guid Other, Guid Nobody, Dictionary<string, Guid> Customers)> WriteAsync()
    {
        await using var db = Factory.OpenDb();
        var books = new Books(db);
        var me = await books.PersonAsync("测试甲");
        var other = await books.PersonAsync("测试乙");
        var nobody = await books.PersonAsync("测试丙");

        // A: mine from 20 Oct, 意向 on the 25th, ordered ¥1,000 on 5 Nov: new, converted.
        var a = books.Enter("甲客户", me, At(10, 20));
        books.Intent(a, At(10, 25));
        books.Order(a, me, 100_000, At(11, 5));
        // B: someone else's at 意向 since 2 Oct, transferred to me on 3 Nov and still at 意向: in both our D.
        var b = books.Enter("乙客户", other, At(10, 1));
        books.Intent(b, At(10, 2));
        books.Transfer(b, me, At(11, 3));
        // C: mine at 意向 from 2 Nov, transferred away on the 10th, ordered with the other on the 20th.
        var c = books.Enter("丙客户", me, At(11, 1));
        books.Intent(c, At(11, 2));
        books.Transfer(c, other, At(11, 10));
        books.Order(c, other, 90_000, At(11, 20));
        // D: first ordered ¥500 on 10 July (in the 180 days before November), again ¥300 on 12 Nov: a repurchase.
        var d = books.Enter("丁客户", me, At(7, 1));
        books.Order(d, me, 50_000, At(7, 10));
        books.Order(d, me, 30_000, At(11, 12));
        // E: first ordered ¥400 on 5 August; ¥100 of it refunded on 15 Nov lowers November.
        var e = books.Enter("戊客户", me, At(8, 1));
        books.Refund(books.Order(e, me, 40_000, At(8, 5)), 10_000, At(11, 15));
        // F: 意向 on 5 Nov, ordered ¥600 on the 8th, cancelled on the 25th: in D, not N; nets to nothing.
        var f = books.Enter("己客户", me, At(11, 4));
        books.Intent(f, At(11, 5));
        books.Cancel(books.Order(f, me, 60_000, At(11, 8)), At(11, 25));
        // G: a lead ordering ¥200 straight away on 20 Nov, cancelled on 2 Dec: November's, clawed back in December.
        var g = books.Enter("庚客户", me, At(11, 6));
        books.Cancel(books.Order(g, me, 20_000, At(11, 20)), At(12, 2));
        // H: a lead that never reached 意向, and an order of it still in approval.
        var h = books.Enter("辛客户", me, At(11, 7));
        db.Orders.Add(new Order { Number = "SO-MF-" + Guid.NewGuid().ToString("N")[..10], CustomerId = h.Id, SalespersonId = me, Status = OrderStatus.Submitted, TotalFen = 70_000, CreatedAt = At(11, 9) });
        await db.SaveChangesAsync();
        return (me, other, nobody, new() { ["A"] = a.Id, ["B"] = b.Id, ["C"] = c.Id, ["D"] = d.Id, ["E"] = e.Id, ["F"] = f.Id, ["G"] = g.Id, ["H"] = h.Id });
    }

    [Fact]
    public async Task The_ledgers_as_written_measure_as_the_definitions_say()
    {
        var (me, other, nobody, customers) = await WriteAsync();
        var november = Month(11);
        var december = Month(12);
        Dictionary<Guid, PersonFacts> facts;
        await using (var db = Factory.OpenDb())
            facts = await MeasureFactsLoader.LoadAsync(db, [me, other, nobody, me], november.FactsFrom, december.End, CancellationToken.None);
        Assert.Equal(new[] { me, other, nobody }.Order(), facts.Keys.Order());

        // Me in November: 100,000 (A) + 30,000 (D again) − 10,000 (E's refund) + 60,000 − 60,000 (F) + 20,000 (G) = 140,000;
        // orders A, D's repeat, G (F was cancelled in the month). D = A, B, C, F, G; N = A, G. B = D, E; R = D.
        var mine = MeasureKernel.Compute(facts[me], november, 280_000);
        Assert.Equal((140_000L, 3), (mine.NetSalesFen, mine.Orders));
        Assert.Equal(Ids(customers, "A", "B", "C", "F", "G"), mine.ConversionBase.Order());
        Assert.Equal(Ids(customers, "A", "G"), mine.Converted.Order());
        Assert.Equal(Ids(customers, "D", "E"), mine.RepurchaseBase.Order());
        Assert.Equal(Ids(customers, "D"), mine.Repurchased.Order());
        Assert.Equal("40.0 % (2/5)", mine.Conversion.ToString());
        Assert.Equal("50.0 % (1/2)", mine.Repurchase.ToString());
        Assert.Equal("50.0 % (140000/280000)", mine.Attainment.ToString());

        // December: only G's cancellation, −20,000, and no orders; B is still at 意向 with me.
        var myDecember = MeasureKernel.Compute(facts[me], december, null);
        Assert.Equal((-20_000L, 0), (myDecember.NetSalesFen, myDecember.Orders));
        Assert.Equal(Ids(customers, "B"), myDecember.ConversionBase.Order());

        // The other person: C converted with them (at 意向 in their hands 10–20 Nov), B at 意向 with them until 3 Nov.
        var theirs = MeasureKernel.Compute(facts[other], november, null);
        Assert.Equal((90_000L, 1), (theirs.NetSalesFen, theirs.Orders));
        Assert.Equal(Ids(customers, "B", "C"), theirs.ConversionBase.Order());
        Assert.Equal(Ids(customers, "C"), theirs.Converted.Order());
        Assert.False(theirs.Attainment.IsDefined);

        // Someone with no records: empty facts, nothing measured, every rate "—".
        var none = facts[nobody];
        Assert.Equal((0, 0, 0, 0), (none.Orders.Count, none.Adjustments.Count, none.IntentSpells.Count, none.FirstOrders.Count));
        var nothing = MeasureKernel.Compute(none, november, 100_000);
        Assert.Equal((0L, 0, "—", "—", "0.0 % (0/100000)"), (nothing.NetSalesFen, nothing.Orders, nothing.Conversion.ToString(), nothing.Repurchase.ToString(), nothing.Attainment.ToString()));
    }

    [Fact]
    public async Task The_spells_and_first_orders_are_read_from_the_ledgers()
    {
        var (me, _, _, customers) = await WriteAsync();
        var november = Month(11);
        Dictionary<Guid, PersonFacts> facts;
        await using (var db = Factory.OpenDb())
            facts = await MeasureFactsLoader.LoadAsync(db, [me], november.FactsFrom, november.End, CancellationToken.None);
        var mine = facts[me];
        // A: 25 Oct until its order on 5 Nov; B: from the transfer on 3 Nov, still; C: 2–10 Nov; F: 5–8 Nov.
        Assert.Equal(
            new[]
            {
                (customers["A"], At(10, 25), (DateTimeOffset?)At(11, 5)), (customers["B"], At(11, 3), null),
                (customers["C"], At(11, 2), At(11, 10)), (customers["F"], At(11, 5), At(11, 8)),
            }.OrderBy(s => s.Item1),
            mine.IntentSpells.Select(s => (s.CustomerId, s.From.ToUniversalTime(), s.To?.ToUniversalTime())).OrderBy(s => s.CustomerId));
        // C's first order is the other person's, and it is known (C stood at intent with me).
        Assert.NotEqual(me, mine.FirstOrders[customers["C"]].SalespersonId);
        Assert.Equal(At(7, 10), mine.FirstOrders[customers["D"]].At.ToUniversalTime());
        Assert.False(mine.FirstOrders.ContainsKey(customers["H"]));
        // The orders of the window, none in approval; E's refund is on an order of August.
        Assert.Equal(6, mine.Orders.Count); // D's and E's first orders, A, D again, F, G
        Assert.DoesNotContain(mine.Orders, o => o.CustomerId == customers["H"]);
        var refund = Assert.Single(mine.Adjustments, x => x.CustomerId == customers["E"]);
        Assert.Equal((10_000L, false, At(8, 5)), (refund.AmountFen, refund.IsCancellation, refund.OrderEffectiveAt.ToUniversalTime()));
    }

    [Fact]
    public async Task Without_the_funnel_net_sales_are_the_same_from_orders_and_adjustments_alone()
    {
        var (me, other, _, _) = await WriteAsync();
        var november = Month(11);
        Dictionary<Guid, PersonFacts> lean, full;
        await using (var db = Factory.OpenDb())
        {
            lean = await MeasureFactsLoader.LoadAsync(db, [me, other], november.Start, november.End, CancellationToken.None, withFunnel: false);
            full = await MeasureFactsLoader.LoadAsync(db, [me, other], november.FactsFrom, november.End, CancellationToken.None);
        }
        Assert.Empty(lean[me].IntentSpells);
        Assert.Empty(lean[me].FirstOrders);
        Assert.Equal(140_000, MeasureKernel.Net(lean[me], november.Start, november.End).NetSalesFen);
        Assert.Equal(MeasureKernel.Net(full[other], november.Start, november.End).NetSalesFen, MeasureKernel.Net(lean[other], november.Start, november.End).NetSalesFen);
        Assert.Equal(
            MeasureKernel.NetByDay(full[me], november.Start, november.End, MeasureLedger.Zone).OrderBy(d => d.Key),
            MeasureKernel.NetByDay(lean[me], november.Start, november.End, MeasureLedger.Zone).OrderBy(d => d.Key));
    }

    [Fact]
    public async Task Nobody_asked_about_is_an_empty_answer()
    {
        await using var db = Factory.OpenDb();
        var facts = await MeasureFactsLoader.LoadAsync(db, [], Month(11).FactsFrom, Month(11).End, CancellationToken.None);
        Assert.Empty(facts);
    }

    private static List<Guid> Ids(Dictionary<string, Guid> customers, params string[] names) => names.Select(n => customers[n]).Order().ToList();
}

[Trait("Category", "Integration")]
public sealed class SqliteMeasureFactsLoaderTests(SqliteRenheFactory factory) : MeasureFactsLoaderSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresMeasureFactsLoaderTests(PostgresRenheFactory factory) : MeasureFactsLoaderSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
