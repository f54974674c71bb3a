using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales.Orders;
using Renhe.Modules.Sales.Signals;
using Renhe.Platform.Data;
using Renhe.Platform.Measures;
using Renhe.Platform.Signals;
using Renhe.Platform.Time;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Signals;

/// The sales ledgers as signals: follow-ups logged through the API, orders and custody written as
/// the order and customer services write them, and the weekly measure snapshots against the kernel.
public abstract class SalesSignalSourceSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static readonly TimeZoneInfo Zone = BranchCalendar.Zone(BranchCalendar.DefaultZoneId);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// 10:00 in the demo's zone on a day of 2025.
    private static DateTimeOffset At(int month, int day, int hour = 10) =>
        BranchCalendar.StartUtc(new DateOnly(2025, month, day), Zone).AddHours(hour);

    private static SignalRef Ref(string type, Guid id) => new(type, id.ToString("D"));

    private static List<Signal> Sorted(IEnumerable<Signal> signals)
    {
        var list = signals.ToList();
        list.Sort(SignalLoader.Compare);
        return list;
    }

    [Fact]
    public async Task A_follow_up_on_ones_own_customer_and_one_on_someone_elses_are_told_apart_in_range_and_by_person()
    {
        var lisi = await Factory.ClientForAsync("lisi");
        var manager = await Factory.ClientForAsync("salesmgr");
        var customer = (await (await lisi.PostAsJsonAsync("/api/sales/customers", new { name = "信号跟进客户", phone = "136" + Random.Shared.Next(10_000_000, 99_999_999) }, Http.Json, Ct))
            .ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
        var at = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(-2).ToUnixTimeSeconds());
        var own = await LogAsync(lisi, new { customerId = customer, kind = "Call", at, notes = "李四跟进自己的客户" });
        // The manager works 李四's customer: 非本人客户.
        var other = await LogAsync(manager, new { customerId = customer, kind = "Visit", at = at.AddMinutes(1), notes = "经理拜访李四的客户" });

        Guid lisiId, managerId;
        await using (var db = Factory.OpenDb())
        {
            lisiId = await EmployeeOfAsync(db, "lisi");
            managerId = await EmployeeOfAsync(db, "salesmgr");
        }
        var both = new HashSet<Guid> { lisiId, managerId };
        var ownSignal = new Signal(SignalKinds.FollowUpOwn, lisiId, at, Ref(SignalRecordTypes.FollowUp, own));
        var otherSignal = new Signal(SignalKinds.FollowUpOther, managerId, at.AddMinutes(1), Ref(SignalRecordTypes.FollowUp, other));

        Assert.Equal([ownSignal, otherSignal], await LoadAsync(new SalesSignalSource(), at, at.AddMinutes(1).AddSeconds(1), both, SignalKinds.FollowUpOwn, SignalKinds.FollowUpOther));
        // [from, to): the manager's follow-up exactly at `to` is left out, 李四's exactly at `from` is in.
        Assert.Equal([ownSignal], await LoadAsync(new SalesSignalSource(), at, at.AddMinutes(1), both, SignalKinds.FollowUpOwn, SignalKinds.FollowUpOther));
        Assert.Equal([otherSignal], await LoadAsync(new SalesSignalSource(), at, at.AddMinutes(2), new HashSet<Guid> { managerId }, SignalKinds.FollowUpOwn, SignalKinds.FollowUpOther));
    }

    [Fact]
    public async Task Effective_orders_carry_their_amount_and_an_incomplete_customer_and_custody_counts_for_both_sides()
    {
        Guid me, other;
        Customer complete, bare;
        Order first, large, cancelled;
        CustodyEntry entered, enteredBare, handedOver;
        await using (var db = Factory.OpenDb())
        {
            var books = new Books(db);
            me = await books.PersonAsync("信号甲");
            other = await books.PersonAsync("信号乙");
            (complete, entered) = books.Enter("资料齐全客户", me, At(3, 1));
            complete.PhoneCipher = "v1:test";
            (complete.Region, complete.SourceChannel) = ("广东", "官网");
            // Only a name: nobody but the salesperson could reach this customer.
            (bare, enteredBare) = books.Enter("空壳客户", me, At(3, 2));
            first = books.Order(complete, me, 120_000, At(3, 5));
            large = books.Order(bare, me, 880_000, At(3, 6));
            // Effective, then cancelled: it still became effective then.
            cancelled = books.Order(complete, me, 50_000, At(3, 7));
            books.Cancel(cancelled, At(3, 8));
            // Still in approval: not effective, no signal.
            db.Orders.Add(new Order { Number = "SO-SG-" + Guid.NewGuid().ToString("N")[..10], CustomerId = complete.Id, SalespersonId = me, Status = OrderStatus.Submitted, TotalFen = 70_000, CreatedAt = At(3, 9) });
            handedOver = books.Transfer(complete, other, At(3, 10));
            // Effective exactly at the end of the range asked for.
            books.Order(bare, me, 10_000, At(3, 20, 0));
            await db.SaveChangesAsync(Ct);
        }

        var signals = await LoadAsync(new SalesSignalSource(), At(3, 1), At(3, 20, 0), new HashSet<Guid> { me, other },
            SignalKinds.OrderEffective, SignalKinds.CustodyChange);
        Assert.Equal(Sorted(
        [
            new Signal(SignalKinds.CustodyChange, me, At(3, 1), Ref(SignalRecordTypes.Custody, entered.Id), Value: 1),
            new Signal(SignalKinds.CustodyChange, me, At(3, 2), Ref(SignalRecordTypes.Custody, enteredBare.Id), Value: 1),
            new Signal(SignalKinds.OrderEffective, me, At(3, 5), Ref(SignalRecordTypes.Order, first.Id), Value: 120_000),
            new Signal(SignalKinds.OrderEffective, me, At(3, 6), Ref(SignalRecordTypes.Order, large.Id), Value: 880_000, Category: SignalKinds.IncompleteCustomer),
            new Signal(SignalKinds.OrderEffective, me, At(3, 7), Ref(SignalRecordTypes.Order, cancelled.Id), Value: 50_000),
            new Signal(SignalKinds.CustodyChange, me, At(3, 10), Ref(SignalRecordTypes.Custody, handedOver.Id), Value: -1),
            new Signal(SignalKinds.CustodyChange, other, At(3, 10), Ref(SignalRecordTypes.Custody, handedOver.Id), Value: 1),
        ]), signals);

        // Asked for the other person only: the hand-over is their gain, nothing of mine.
        Assert.Equal([new Signal(SignalKinds.CustodyChange, other, At(3, 10), Ref(SignalRecordTypes.Custody, handedOver.Id), Value: 1)],
            await LoadAsync(new SalesSignalSource(), At(3, 1), At(3, 20, 0), new HashSet<Guid> { other }, SignalKinds.OrderEffective, SignalKinds.CustodyChange));
    }

    [Fact]
    public async Task Each_monday_snapshots_conversion_its_baseline_and_repurchase_as_the_kernel_measures_them()
    {
        Guid me, nobody;
        await using (var db = Factory.OpenDb())
        {
            var books = new Books(db);
            me = await books.PersonAsync("信号丙");
            nobody = await books.PersonAsync("信号丁");
            // A: 意向 on 5 Oct, first ordered on 20 Oct. B: 意向 on 10 Oct, no order.
            // C: first ordered on 10 July, again on 25 Oct (a repurchase).
            var (a, _) = books.Enter("转化甲", me, At(10, 1));
            books.Intent(a, At(10, 5));
            books.Order(a, me, 100_000, At(10, 20));
            var (b, _) = books.Enter("转化乙", me, At(10, 1));
            books.Intent(b, At(10, 10));
            var (c, _) = books.Enter("复购丙", me, At(7, 1));
            books.Order(c, me, 50_000, At(7, 10));
            books.Order(c, me, 30_000, At(10, 25));
            await db.SaveChangesAsync(Ct);
        }

        // Mondays 3 and 10 November; the one on the 17th is where the range ends.
        var (from, to) = (BranchCalendar.StartUtc(new DateOnly(2025, 11, 3), Zone), BranchCalendar.StartUtc(new DateOnly(2025, 11, 17), Zone));
        var signals = await LoadAsync(new MeasureSignalSource(), from, to, new HashSet<Guid> { me, nobody });
        Assert.All(signals, s => Assert.Equal(me, s.EmployeeId));

        // Worked by hand: 3 Nov — conversion over [6 Oct, 3 Nov) is A of A and B; the baseline over
        // [7 Jul, 6 Oct) is C (first ordered 10 Jul) of C and A (意向 since 5 Oct); repurchase: C of C.
        // 10 Nov — conversion 1/2 again; the baseline over [14 Jul, 13 Oct) has only A and B, neither
        // ordered in it (C's first order is before it); repurchase 1/1.
        Assert.Equal(
            [
                (new DateOnly(2025, 11, 3), SignalKinds.Conversion, 1L, 2L), (new DateOnly(2025, 11, 3), SignalKinds.ConversionBaseline, 1L, 2L),
                (new DateOnly(2025, 11, 3), SignalKinds.Repurchase, 1L, 1L),
                (new DateOnly(2025, 11, 10), SignalKinds.Conversion, 1L, 2L), (new DateOnly(2025, 11, 10), SignalKinds.ConversionBaseline, 0L, 2L),
                (new DateOnly(2025, 11, 10), SignalKinds.Repurchase, 1L, 1L),
            ],
            signals.Select(s => (BranchCalendar.DayOf(s.At, Zone), s.Kind, s.Value, s.Of)));

        // And each is what the kernel returns for the same windows, facts read for exactly those windows.
        foreach (var monday in new[] { new DateOnly(2025, 11, 3), new DateOnly(2025, 11, 10) })
        {
            var (recent, baseline) = MeasureSignalSource.Periods(monday, Zone);
            Assert.Equal(BranchCalendar.StartUtc(monday.AddDays(-28), Zone), recent.ConversionFrom);
            Assert.Equal(BranchCalendar.StartUtc(monday.AddDays(-28 - 91), Zone), baseline.ConversionFrom);
            Assert.Equal(recent.ConversionFrom, baseline.End);
            await using var db = Factory.OpenDb();
            var now = MeasureKernel.Compute((await MeasureFactsLoader.LoadAsync(db, [me], recent.FactsFrom, recent.End, Ct))[me], recent, null);
            var before = MeasureKernel.Compute((await MeasureFactsLoader.LoadAsync(db, [me], baseline.FactsFrom, baseline.End, Ct))[me], baseline, null);
            var record = new SignalRef(SignalRecordTypes.Measure, $"{me:D}/{monday:yyyy-MM-dd}");
            var at = BranchCalendar.StartUtc(monday, Zone);
            Assert.Contains(new Signal(SignalKinds.Conversion, me, at, record, now.Conversion.Numerator, now.Conversion.Denominator), signals);
            Assert.Contains(new Signal(SignalKinds.ConversionBaseline, me, at, record, before.Conversion.Numerator, before.Conversion.Denominator), signals);
            Assert.Contains(new Signal(SignalKinds.Repurchase, me, at, record, now.Repurchase.Numerator, now.Repurchase.Denominator), signals);
        }

        // A range starting just after a Monday's midnight has no snapshot of that Monday.
        Assert.Equal([new DateOnly(2025, 11, 10)],
            (await LoadAsync(new MeasureSignalSource(), from.AddTicks(1), to, new HashSet<Guid> { me })).Select(s => BranchCalendar.DayOf(s.At, Zone)).Distinct());
    }

    private async Task<List<Signal>> LoadAsync(ISignalSource source, DateTimeOffset from, DateTimeOffset to, IReadOnlySet<Guid> people, params string[] kinds)
    {
        await using var db = Factory.OpenDb();
        var signals = await source.LoadAsync(db, from, to, people, Ct);
        return Sorted(signals.Where(s => kinds.Length == 0 || kinds.Contains(s.Kind)));
    }

    private static async Task<Guid> EmployeeOfAsync(AppDbContext db, string userName) =>
        await db.Users.Where(u => u.UserName == userName).Select(u => u.EmployeeId!.Value).SingleAsync(Ct);

    private static async Task<Guid> LogAsync(HttpClient client, object body) =>
        (await (await client.PostAsJsonAsync("/api/sales/follow-ups", body, Http.Json, Ct)).ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;

    public sealed record IdResponse(Guid Id);

    /// Writes through the entities, as the customer and order services do.
    internal sealed class Books(AppDbContext db)
    {
        public async Task<Guid> PersonAsync(string name)
        {
            var sales = await db.Departments.FirstAsync(d => d.Name == "销售部", Ct);
            var e = new Employee
            {
                EmployeeNumber = "SG" + Guid.NewGuid().ToString("N")[..10], Name = name, BranchId = sales.BranchId, DepartmentId = sales.Id,
                HireDate = new DateOnly(2024, 1, 1),
            };
            db.Employees.Add(e);
            return e.Id;
        }

        public (Customer, CustodyEntry) Enter(string name, Guid owner, DateTimeOffset at)
        {
            var (customer, custody, stage) = Customer.Enter(owner, CustodyReason.Created, null, ChangedBy.System, at);
            customer.Name = name;
            db.AddRange(customer, custody, stage);
            return (customer, custody);
        }

        public void Intent(Customer c, DateTimeOffset at) => db.StageChanges.Add(c.MoveStage(CustomerStage.Intent, null, ChangedBy.System, at));

        public CustodyEntry Transfer(Customer c, Guid to, DateTimeOffset at)
        {
            var entry = c.ChangeCustody(to, CustodyReason.Transferred, "调岗", ChangedBy.System, at);
            db.CustodyEntries.Add(entry);
            return entry;
        }

        /// An order finance approved at <paramref name="at"/>, as the approval handler records it.
        public Order Order(Customer c, Guid person, long fen, DateTimeOffset at)
        {
            var repurchase = db.ChangeTracker.Entries<Order>().Any(e => e.Entity.CustomerId == c.Id && e.Entity.Status is OrderStatus.Effective or OrderStatus.Cancelled);
            var order = new Order
            {
                Number = "SO-SG-" + Guid.NewGuid().ToString("N")[..10], CustomerId = c.Id, SalespersonId = person, Status = OrderStatus.Effective,
                ListTotalFen = fen, TotalFen = fen, IsRepurchase = repurchase, CreatedAt = at.AddDays(-1), SubmittedAt = at.AddHours(-2), EffectiveAt = at,
            };
            db.Orders.Add(order);
            if (c.RecordEffectiveOrder(repurchase, ChangedBy.System, at) is { } change) db.StageChanges.Add(change);
            return order;
        }

        public void Cancel(Order o, DateTimeOffset at)
        {
            o.Status = OrderStatus.Cancelled;
            db.OrderAdjustments.Add(new OrderAdjustment { OrderId = o.Id, Kind = OrderAdjustmentKind.Cancellation, AmountFen = o.TotalFen, Reason = "客户取消", At = at });
        }
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteSalesSignalSourceTests(SqliteRenheFactory factory) : SalesSignalSourceSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresSalesSignalSourceTests(PostgresRenheFactory factory) : SalesSignalSourceSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
