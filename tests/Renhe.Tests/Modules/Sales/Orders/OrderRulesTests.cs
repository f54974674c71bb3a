using CsCheck;
using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales;
using Renhe.Modules.Sales.Orders;

namespace Renhe.Tests.Modules.Sales.Orders;

/// The order's arithmetic and submission checklist, with worked examples in fen (¥1 = 100).
public sealed class OrderRulesTests
{
    private static readonly Guid Saas = Guid.NewGuid(), Kit = Guid.NewGuid();

    private static PricedLine Line(Guid id, long price, int qty, bool active = true, bool track = false, int stock = 0, string name = "专业版") =>
        new(id, name, price, active, track, stock, qty);

    private static OrderCheck Check(IReadOnlyList<PricedLine> lines, long discount = 0, decimal limit = 10m, string name = "王总",
        bool contact = true, string? region = "广东") => new(name, contact, region, lines, discount, limit);

    [Theory]
    // list total, discount, limit %, allowed
    [InlineData(300_000, 30_000, 10, true)]    // ¥3,000 with ¥300 off at 10 %: exactly the limit
    [InlineData(300_000, 30_001, 10, false)]   // one fen more is over
    [InlineData(300_000, 60_000, 20, true)]    // a manager's 20 %
    [InlineData(99_900, 9_990, 10, true)]      // ¥999 → ¥99.90
    [InlineData(99_900, 9_991, 10, false)]
    [InlineData(100_000, 0, 0, true)]          // no limit: only no discount
    [InlineData(100_000, 1, 0, false)]
    [InlineData(100_000, 12_550, 12.55, true)] // a per-person 12.55 %
    public void The_discount_limit_is_a_percentage_of_the_list_total(long listTotal, long discount, decimal limit, bool allowed) =>
        Assert.Equal(allowed, OrderRules.WithinLimit(listTotal, discount, limit));

    [Theory]
    [InlineData(300_000, 10, 30_000)]
    [InlineData(99_999, 10, 9_999)]    // ¥99.999 rounds down to ¥99.99
    [InlineData(1_980_00, 12.5, 24_750)]
    public void The_largest_allowed_discount_is_rounded_down_to_the_fen(long listTotal, decimal limit, long expected) =>
        Assert.Equal(expected, OrderRules.MaxDiscountFen(listTotal, limit));

    [Fact]
    public void Totals_are_price_times_quantity_less_the_discount()
    {
        // 2 年 of 专业版 at ¥9,800 + 1 套 of the kit at ¥6,800 = ¥26,400; ¥1,400 off → ¥25,000.
        var lines = new[] { Line(Saas, 980_000, 2), Line(Kit, 680_000, 1) };
        Assert.Equal(2_640_000, OrderRules.ListTotal(lines));
        Assert.Equal(2_500_000, OrderRules.Total(2_640_000, 140_000));
        Assert.Empty(OrderRules.Check(Check(lines, discount: 140_000)));
    }

    [Theory]
    [InlineData(12.34, 1234L)]
    [InlineData(0.1, 10L)]
    [InlineData(3980, 398000L)]
    [InlineData(1.005, null)]
    [InlineData(100_000_000, 10_000_000_000L)]  // ¥100,000,000: the largest amount anyone types
    [InlineData(100_000_000.01, null)]
    [InlineData(-100_000_000.01, null)]
    [InlineData(100_000_000_000_000_000_000.0, null)] // 1e20 is refused, not an overflow
    public void Yuan_typed_by_a_person_converts_to_fen_or_is_refused(decimal yuan, long? fen) => Assert.Equal(fen, OrderRules.ToFen(yuan));

    public static TheoryData<string, OrderCheck, string, string> Refusals => new()
    {
        { "no lines", Check([]), "Sales.Order.NoLines", "lines" },
        { "zero quantity", Check([Line(Saas, 980_000, 0)]), "Sales.Order.QuantityPositive", "lines[0].quantity" },
        { "quantity above 100,000", Check([Line(Saas, 980_000, 100_001)]), "Sales.Order.QuantityTooLarge", "lines[0].quantity" },
        { "quantity of int.MaxValue", Check([Line(Saas, 980_000, int.MaxValue)]), "Sales.Order.QuantityTooLarge", "lines[0].quantity" },
        // 10,205 × ¥9,800 = ¥100,009,000: over ¥100,000,000 by the last few.
        { "list total above ¥100,000,000", Check([Line(Saas, 980_000, 10_205)]), "Sales.Order.TotalTooLarge", "lines" },
        { "101 lines", Check(Enumerable.Repeat(Line(Saas, 100, 1), 101).ToList()), "Sales.Order.TooManyLines", "lines" },
        { "product off the list", Check([Line(Saas, 980_000, 1), Line(Kit, 680_000, 1, active: false)]), "Sales.Order.ProductInactive", "lines[1].productId" },
        { "no phone or WeCom", Check([Line(Saas, 980_000, 1)], contact: false), "Sales.Order.CustomerNoContact", "customerId" },
        { "no region", Check([Line(Saas, 980_000, 1)], region: " "), "Sales.Order.CustomerNoRegion", "customerId" },
        { "negative discount", Check([Line(Saas, 980_000, 1)], discount: -1), "Sales.Order.DiscountNegative", "discount" },
        { "discount above the total", Check([Line(Saas, 980_000, 1)], discount: 980_001, limit: 100m), "Sales.Order.DiscountAboveTotal", "discount" },
        { "discount above 10 %", Check([Line(Saas, 980_000, 1)], discount: 98_001), "Sales.Order.DiscountOverLimit", "discount" },
        { "stock short", Check([Line(Kit, 680_000, 3, track: true, stock: 2)]), "Sales.Order.OutOfStock", "lines[0].quantity" },
        // Two lines of the same kit draw on one stock: 2 + 2 of 3.
        { "stock short over two lines", Check([Line(Kit, 680_000, 2, track: true, stock: 3), Line(Kit, 680_000, 2, track: true, stock: 3)]), "Sales.Order.OutOfStock", "lines[0].quantity" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Submission_is_refused_with_the_reason_and_the_field(string because, OrderCheck check, string key, string field)
    {
        var problem = OrderRules.Check(check).First();
        Assert.True((key, field) == (problem.Key, problem.Field), $"{because}: got {problem.Key} on {problem.Field}");
    }

    [Fact]
    public void The_largest_order_within_every_bound_is_accepted()
    {
        // 10,204 × ¥9,800 = ¥99,999,200, just under the limit.
        Assert.Empty(OrderRules.ShapeProblems([Line(Saas, 980_000, 10_204)], 0));
    }

    /// Whatever lines and discount arrive (quantities to int.MaxValue, 150 lines, any discount),
    /// the shape check answers without overflowing, and what it accepts is bounded: a list total
    /// within ¥100,000,000 and a total between nothing and the list total.
    [Fact]
    public void The_shape_check_never_overflows_and_bounds_what_it_accepts()
    {
        var line = Gen.Select(Gen.Long[0, Renhe.Platform.Validation.FieldLimits.UnitPriceFen], Gen.OneOf(Gen.Int, Gen.Int[0, 200_000]),
            (price, qty) => Line(Saas, price, qty));
        Gen.Select(line.List[0, 150], Gen.OneOf(Gen.Long, Gen.Long[-10, 100_000_000_000])).Sample((lines, discount) =>
        {
            var problems = OrderRules.ShapeProblems(lines, discount);
            if (problems.Count > 0) return;
            var listTotal = OrderRules.ListTotal(lines);
            Assert.InRange(listTotal, 0, Renhe.Platform.Validation.FieldLimits.AmountFen);
            Assert.InRange(OrderRules.Total(listTotal, discount), 0, listTotal);
            Assert.All(lines, l => Assert.InRange(l.Quantity, 1, Renhe.Platform.Validation.FieldLimits.Quantity));
        });
    }

    [Fact]
    public void Untracked_stock_never_refuses_and_exact_stock_suffices()
    {
        Assert.Empty(OrderRules.Check(Check([Line(Saas, 980_000, 500)])));
        Assert.Empty(OrderRules.Check(Check([Line(Kit, 680_000, 3, track: true, stock: 3)])));
    }

    [Fact]
    public void The_over_limit_message_names_the_discount_the_limit_and_the_most_allowed()
    {
        var problem = OrderRules.Check(Check([Line(Saas, 300_000, 1)], discount: 50_000)).Single();
        Assert.Equal(["¥500.00", "10", "¥300.00"], problem.Args.Select(a => a.ToString()!).ToArray());
    }
}
