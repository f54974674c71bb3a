using CsCheck;
using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Problems;

namespace Renhe.Tests.Modules.Sales.Customers;

/// The customer's guarded state: the one stage table every path uses (the customer page, the API,
/// a follow-up, an effective order, import, WeCom), and custody that moves only with its ledger row.
[Trait("Category", "Unit")]
public sealed class CustomerTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 3, 2, 0, 0, TimeSpan.Zero);
    private static readonly ChangedBy Zhang = new(Guid.CreateVersion7(), "张三");
    private static readonly Guid Zhangsan = Guid.CreateVersion7(), Lisi = Guid.CreateVersion7();

    /// A customer at <paramref name="stage"/>, reached the way the product reaches it.
    private static Customer At_(CustomerStage stage, Guid? owner = null)
    {
        var customer = Customer.Enter(owner ?? Zhangsan, CustodyReason.Created, null, Zhang, At).Customer;
        switch (stage)
        {
            case CustomerStage.Intent: customer.MoveStage(CustomerStage.Intent, null, Zhang, At); break;
            case CustomerStage.Ordered: customer.RecordEffectiveOrder(false, Zhang, At); break;
            case CustomerStage.Repurchase: customer.RecordEffectiveOrder(false, Zhang, At); customer.RecordEffectiveOrder(true, Zhang, At); break;
            case CustomerStage.Lost: customer.MoveStage(CustomerStage.Lost, "选择了竞品", Zhang, At); break;
        }
        Assert.Equal(stage, customer.Stage);
        return customer;
    }

    // Every pair a person may ask for, with and without a reason; null: allowed.
    [Theory]
    [InlineData(CustomerStage.Lead, CustomerStage.Lead, null, "Sales.StageUnchanged")]
    [InlineData(CustomerStage.Lead, CustomerStage.Intent, null, null)]
    [InlineData(CustomerStage.Lead, CustomerStage.Ordered, null, "Sales.Stage.ByOrderOnly")]
    [InlineData(CustomerStage.Lead, CustomerStage.Repurchase, null, "Sales.Stage.ByOrderOnly")]
    [InlineData(CustomerStage.Lead, CustomerStage.Lost, null, "Sales.LostReasonRequired")]
    [InlineData(CustomerStage.Lead, CustomerStage.Lost, "  ", "Sales.LostReasonRequired")]
    [InlineData(CustomerStage.Lead, CustomerStage.Lost, "预算取消", null)]
    [InlineData(CustomerStage.Intent, CustomerStage.Lead, null, null)]
    [InlineData(CustomerStage.Intent, CustomerStage.Intent, null, "Sales.StageUnchanged")]
    [InlineData(CustomerStage.Intent, CustomerStage.Ordered, null, "Sales.Stage.ByOrderOnly")]
    [InlineData(CustomerStage.Intent, CustomerStage.Repurchase, null, "Sales.Stage.ByOrderOnly")]
    [InlineData(CustomerStage.Intent, CustomerStage.Lost, null, "Sales.LostReasonRequired")]
    [InlineData(CustomerStage.Intent, CustomerStage.Lost, "价格高于竞品", null)]
    [InlineData(CustomerStage.Ordered, CustomerStage.Lead, null, "Sales.Stage.BackFromOrdered")]
    [InlineData(CustomerStage.Ordered, CustomerStage.Intent, null, "Sales.Stage.BackFromOrdered")]
    [InlineData(CustomerStage.Ordered, CustomerStage.Ordered, null, "Sales.StageUnchanged")]
    [InlineData(CustomerStage.Ordered, CustomerStage.Repurchase, null, "Sales.Stage.ByOrderOnly")]
    [InlineData(CustomerStage.Ordered, CustomerStage.Lost, null, "Sales.LostReasonRequired")]
    [InlineData(CustomerStage.Ordered, CustomerStage.Lost, "公司倒闭", null)]
    [InlineData(CustomerStage.Repurchase, CustomerStage.Lead, null, "Sales.Stage.BackFromOrdered")]
    [InlineData(CustomerStage.Repurchase, CustomerStage.Intent, null, "Sales.Stage.BackFromOrdered")]
    [InlineData(CustomerStage.Repurchase, CustomerStage.Ordered, null, "Sales.Stage.ByOrderOnly")]
    [InlineData(CustomerStage.Repurchase, CustomerStage.Repurchase, null, "Sales.StageUnchanged")]
    [InlineData(CustomerStage.Repurchase, CustomerStage.Lost, "换了供应商", null)]
    [InlineData(CustomerStage.Lost, CustomerStage.Lead, null, null)]
    [InlineData(CustomerStage.Lost, CustomerStage.Intent, null, null)]
    [InlineData(CustomerStage.Lost, CustomerStage.Ordered, null, "Sales.Stage.ByOrderOnly")]
    [InlineData(CustomerStage.Lost, CustomerStage.Repurchase, null, "Sales.Stage.ByOrderOnly")]
    [InlineData(CustomerStage.Lost, CustomerStage.Lost, "又说了一遍", "Sales.StageUnchanged")]
    public void A_person_moves_a_customer_only_where_the_stage_table_allows(CustomerStage from, CustomerStage to, string? reason, string? refusal)
    {
        Assert.Equal(refusal, Customer.StageRefusal(from, to, reason));
        var customer = At_(from);
        var error = Record.Exception(() => customer.MoveStage(to, reason, Zhang, At.AddHours(1)));
        if (refusal is null)
        {
            Assert.Null(error);
            Assert.Equal(to, customer.Stage);
        }
        else
        {
            Assert.Equal(refusal, Assert.IsType<DomainException>(error).MessageKey);
            Assert.Equal(from, customer.Stage);
        }
    }

    [Theory]
    [InlineData(CustomerStage.Lead, new[] { CustomerStage.Intent, CustomerStage.Lost })]
    [InlineData(CustomerStage.Intent, new[] { CustomerStage.Lead, CustomerStage.Lost })]
    [InlineData(CustomerStage.Ordered, new[] { CustomerStage.Lost })]
    [InlineData(CustomerStage.Repurchase, new[] { CustomerStage.Lost })]
    [InlineData(CustomerStage.Lost, new[] { CustomerStage.Lead, CustomerStage.Intent })]
    public void The_pages_offer_exactly_the_moves_a_person_may_make(CustomerStage from, CustomerStage[] offered) =>
        Assert.Equal(offered, Customer.StageChoices(from));

    [Fact]
    public void A_move_returns_its_ledger_row_and_the_lost_reason_stays_when_the_customer_comes_back()
    {
        var customer = At_(CustomerStage.Intent);
        var lost = customer.MoveStage(CustomerStage.Lost, "  价格高于竞品 ", Zhang, At.AddDays(1));
        Assert.Equal((customer.Id, CustomerStage.Intent, CustomerStage.Lost, Zhang.UserId, "张三", At.AddDays(1)),
            (lost.CustomerId, lost.FromStage, lost.ToStage, lost.ByUserId, lost.ByName, lost.At));
        Assert.Equal("价格高于竞品", customer.LostReason);

        customer.MoveStage(CustomerStage.Intent, null, Zhang, At.AddDays(2));
        Assert.Equal("价格高于竞品", customer.LostReason);

        var tooLong = Assert.Throws<DomainException>(() => customer.MoveStage(CustomerStage.Lost, new string('因', Customer.LostReasonMax + 1), Zhang, At));
        Assert.Equal(("Validation.MaxLength", "lostReason"), (tooLong.MessageKey, tooLong.Field));
    }

    // An effective order: the first makes 下单, later ones 复购; never backwards; a lost customer comes back.
    [Theory]
    [InlineData(CustomerStage.Lead, false, CustomerStage.Ordered)]
    [InlineData(CustomerStage.Intent, false, CustomerStage.Ordered)]
    [InlineData(CustomerStage.Lost, false, CustomerStage.Ordered)]
    [InlineData(CustomerStage.Lost, true, CustomerStage.Repurchase)]
    [InlineData(CustomerStage.Ordered, true, CustomerStage.Repurchase)]
    [InlineData(CustomerStage.Ordered, false, null)]
    [InlineData(CustomerStage.Repurchase, false, null)]
    [InlineData(CustomerStage.Repurchase, true, null)]
    public void An_effective_order_moves_the_customer_forward_only(CustomerStage from, bool repurchase, CustomerStage? to)
    {
        var customer = At_(from);
        var change = customer.RecordEffectiveOrder(repurchase, Zhang, At.AddDays(1));
        Assert.Equal(to, change?.ToStage);
        Assert.Equal(to ?? from, customer.Stage);
        if (change is not null) Assert.Equal(from, change.FromStage);
    }

    [Fact]
    public void A_new_customer_starts_as_a_lead_with_its_first_custody_and_stage_rows()
    {
        var (customer, custody, stage) = Customer.Enter(Zhangsan, CustodyReason.Assigned, "华东规则", Zhang, At);
        Assert.Equal((CustomerStage.Lead, Zhangsan, At, At), (customer.Stage, customer.OwnerId, customer.AssignedAt, customer.CreatedAt));
        Assert.Equal((customer.Id, (Guid?)null, (Guid?)Zhangsan, CustodyReason.Assigned, "华东规则"),
            (custody.CustomerId, custody.FromEmployeeId, custody.ToEmployeeId, custody.Reason, custody.Note));
        Assert.Equal((customer.Id, (CustomerStage?)null, CustomerStage.Lead), (stage.CustomerId, stage.FromStage, stage.ToStage));

        var pooled = Customer.Enter(null, CustodyReason.Created, null, ChangedBy.System, At).Customer;
        Assert.Equal(((Guid?)null, (DateTimeOffset?)null), (pooled.OwnerId, pooled.AssignedAt));
    }

    // Custody: who may take what. null: allowed.
    [Theory]
    [InlineData("zhangsan", CustodyReason.Claimed, "lisi", "Sales.AlreadyClaimed")]
    [InlineData(null, CustodyReason.Claimed, "lisi", null)]
    [InlineData("zhangsan", CustodyReason.Released, null, null)]
    [InlineData(null, CustodyReason.Released, null, "Sales.AlreadyInPool")]
    [InlineData("zhangsan", CustodyReason.PoolReturn, null, null)]
    [InlineData(null, CustodyReason.PoolReturn, null, "Sales.AlreadyInPool")]
    [InlineData("zhangsan", CustodyReason.Transferred, "lisi", null)]
    [InlineData("zhangsan", CustodyReason.Transferred, "zhangsan", "Sales.Custody.AlreadyHolds")]
    [InlineData("zhangsan", CustodyReason.OwnerLeft, "lisi", null)]
    [InlineData("zhangsan", CustodyReason.OwnerLeft, null, null)]
    public void Custody_moves_only_between_different_holders_and_a_claim_takes_only_a_pool_customer(
        string? holder, CustodyReason reason, string? to, string? refusal)
    {
        Guid? Person(string? name) => name switch { "zhangsan" => Zhangsan, "lisi" => Lisi, _ => null };
        var customer = Customer.Enter(Person(holder), CustodyReason.Created, null, Zhang, At).Customer;
        var later = At.AddDays(3);
        var error = Record.Exception(() =>
        {
            var entry = customer.ChangeCustody(Person(to), reason, "备注", Zhang, later);
            Assert.Equal((Person(holder), Person(to), reason, "备注", later), (entry.FromEmployeeId, entry.ToEmployeeId, entry.Reason, entry.Note, entry.At));
        });
        if (refusal is null)
        {
            Assert.Null(error);
            Assert.Equal((Person(to), Person(to) is null ? null : (DateTimeOffset?)later), (customer.OwnerId, customer.AssignedAt));
        }
        else
        {
            Assert.Equal(refusal, Assert.IsType<DomainException>(error).MessageKey);
            Assert.Equal(Person(holder), customer.OwnerId);
        }
    }

    private abstract record Step;
    private sealed record ByHand(CustomerStage To, string? Reason) : Step;
    private sealed record ByOrder(bool Repurchase) : Step;
    private sealed record Custody(int? To, CustodyReason Reason) : Step;

    private static readonly Gen<Step> Steps = Gen.OneOf<Step>(
        Gen.Select(Gen.Enum<CustomerStage>(), Gen.Int[0, 2].Select(i => i switch { 0 => (string?)null, 1 => "", _ => "价格高于竞品" }), (to, reason) => new ByHand(to, reason)),
        Gen.Bool.Select(r => (Step)new ByOrder(r)),
        Gen.Select(Gen.Int[0, 3].Select(i => i == 3 ? (int?)null : i), Gen.Enum<CustodyReason>(), (to, reason) => (Step)new Custody(to, reason)));

    /// Whatever people and orders do, in any order: the ledgers replay to the customer's state, a
    /// lost customer has a reason, only orders make a customer 下单 or 复购, and no move goes straight
    /// from 下单/复购 back to 获取 or 意向.
    [Fact]
    public void Any_sequence_of_changes_keeps_the_ledgers_and_the_customer_in_step()
    {
        var people = new[] { Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7() };
        Steps.Array[1, 40].Sample(steps =>
        {
            var (customer, firstCustody, firstStage) = Customer.Enter(people[0], CustodyReason.Created, null, Zhang, At);
            var stages = new List<(StageChange Row, bool ByOrder)> { (firstStage, false) };
            var custody = new List<CustodyEntry> { firstCustody };
            foreach (var (step, i) in steps.Select((s, i) => (s, i)))
            {
                var at = At.AddHours(i + 1);
                try
                {
                    switch (step)
                    {
                        case ByHand h: stages.Add((customer.MoveStage(h.To, h.Reason, Zhang, at), false)); break;
                        case ByOrder o:
                            if (customer.RecordEffectiveOrder(o.Repurchase, Zhang, at) is { } change) stages.Add((change, true));
                            break;
                        case Custody c: custody.Add(customer.ChangeCustody(c.To is { } p ? people[p] : null, c.Reason, null, Zhang, at)); break;
                    }
                }
                catch (Exception e) when (e is DomainException or ArgumentException)
                {
                }
                if (customer.Stage == CustomerStage.Lost) Assert.False(string.IsNullOrWhiteSpace(customer.LostReason));
            }
            Assert.All(stages.Zip(stages.Skip(1)), pair => Assert.Equal(pair.First.Row.ToStage, pair.Second.Row.FromStage));
            Assert.Equal(customer.Stage, stages[^1].Row.ToStage);
            Assert.All(stages.Where(s => s.Row.ToStage is CustomerStage.Ordered or CustomerStage.Repurchase), s => Assert.True(s.ByOrder));
            Assert.DoesNotContain(stages, s => s.Row.FromStage is CustomerStage.Ordered or CustomerStage.Repurchase
                                               && s.Row.ToStage is CustomerStage.Lead or CustomerStage.Intent);
            Assert.All(custody.Zip(custody.Skip(1)), pair => Assert.Equal(pair.First.ToEmployeeId, pair.Second.FromEmployeeId));
            Assert.Equal(customer.OwnerId, custody[^1].ToEmployeeId);
            Assert.Equal(customer.OwnerId is null, customer.AssignedAt is null);
        });
    }
}
