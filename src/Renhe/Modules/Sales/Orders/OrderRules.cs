using Renhe.Platform.Formatting;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Sales.Orders;

/// A line as the rules see it: the product as it is on the price list now, and the quantity asked for.
public sealed record PricedLine(Guid ProductId, string ProductName, long UnitPriceFen, bool Active, bool TrackStock, int Stock, int Quantity);

/// Everything an order's submission is judged on, gathered by the service.
public sealed record OrderCheck(
    string CustomerName, bool CustomerHasContact, string? CustomerRegion,
    IReadOnlyList<PricedLine> Lines, long DiscountFen, decimal MaxDiscountPercent);

/// One reason an order cannot be submitted: a message key, its arguments and the field it is about.
public sealed record OrderProblem(string Key, string Field, params object[] Args);

/// The order's arithmetic and its submission checklist, with no database inside, so both are
/// tested with tables of worked examples. Money in fen (ADR 0001).
public static class OrderRules
{
    public static long LineAmount(long unitPriceFen, int quantity) => checked(unitPriceFen * quantity);

    public static long ListTotal(IEnumerable<PricedLine> lines) => lines.Sum(l => LineAmount(l.UnitPriceFen, l.Quantity));

    /// What the customer pays. Never negative (a discount above the list total is refused).
    public static long Total(long listTotalFen, long discountFen) => Math.Max(0, listTotalFen - discountFen);

    /// Discount ≤ list total × limit %. 10 % of ¥3,000 allows ¥300.00 exactly, not ¥300.01.
    public static bool WithinLimit(long listTotalFen, long discountFen, decimal maxPercent) =>
        discountFen * 100m <= listTotalFen * maxPercent;

    /// The discount as a percentage of the list total, two decimals (0 for an empty order).
    public static decimal DiscountPercent(long listTotalFen, long discountFen) =>
        listTotalFen <= 0 ? 0m : decimal.Round(discountFen * 100m / listTotalFen, 2, MidpointRounding.AwayFromZero);

    /// The largest discount the limit allows on this list total, rounded down to the fen.
    public static long MaxDiscountFen(long listTotalFen, decimal maxPercent) => (long)Math.Floor(listTotalFen * maxPercent / 100m);

    /// What makes an order meaningless whatever else is true of it, checked when a draft is saved
    /// and again at submission (prices may have changed since): no lines, a quantity outside
    /// 1…FieldLimits.Quantity, a list total above FieldLimits.AmountFen, a discount above the list
    /// total. The bounds come before any sum, so no sum can overflow.
    public static IReadOnlyList<OrderProblem> ShapeProblems(IReadOnlyList<PricedLine> lines, long discountFen)
    {
        var problems = new List<OrderProblem>();
        if (lines.Count == 0) problems.Add(new("Sales.Order.NoLines", "lines"));
        if (lines.Count > FieldLimits.OrderLines) problems.Add(new("Sales.Order.TooManyLines", "lines", FieldLimits.OrderLines));
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Quantity <= 0) problems.Add(new("Sales.Order.QuantityPositive", $"lines[{i}].quantity", line.ProductName));
            else if (line.Quantity > FieldLimits.Quantity)
                problems.Add(new("Sales.Order.QuantityTooLarge", $"lines[{i}].quantity", line.ProductName, FieldLimits.Quantity));
        }
        if (problems.Count > 0) return problems;

        var listTotal = ListTotal(lines);
        if (listTotal > FieldLimits.AmountFen)
            problems.Add(new("Sales.Order.TotalTooLarge", "lines", MoneyFormat.Format(listTotal), MoneyFormat.Format(FieldLimits.AmountFen)));
        if (discountFen < 0) problems.Add(new("Sales.Order.DiscountNegative", "discount"));
        else if (discountFen > listTotal)
            problems.Add(new("Sales.Order.DiscountAboveTotal", "discount", MoneyFormat.Format(discountFen), MoneyFormat.Format(listTotal)));
        return problems;
    }

    /// Every reason, in the order a salesperson would fix them: lines first, then the customer,
    /// then the discount, then stock.
    public static IReadOnlyList<OrderProblem> Check(OrderCheck c)
    {
        var problems = ShapeProblems(c.Lines, c.DiscountFen).ToList();
        for (var i = 0; i < c.Lines.Count; i++)
        {
            var line = c.Lines[i];
            if (!line.Active) problems.Add(new("Sales.Order.ProductInactive", $"lines[{i}].productId", line.ProductName));
        }
        if (string.IsNullOrWhiteSpace(c.CustomerName)) problems.Add(new("Sales.Order.CustomerNoName", "customerId"));
        if (!c.CustomerHasContact) problems.Add(new("Sales.Order.CustomerNoContact", "customerId", c.CustomerName));
        if (string.IsNullOrWhiteSpace(c.CustomerRegion)) problems.Add(new("Sales.Order.CustomerNoRegion", "customerId", c.CustomerName));

        // The discount limit applies once the shape is sound (the total is then known and bounded).
        if (!problems.Any(p => p.Field == "discount" || p.Field.StartsWith("lines", StringComparison.Ordinal)))
        {
            var listTotal = ListTotal(c.Lines);
            if (!WithinLimit(listTotal, c.DiscountFen, c.MaxDiscountPercent))
                problems.Add(new("Sales.Order.DiscountOverLimit", "discount", MoneyFormat.Format(c.DiscountFen), c.MaxDiscountPercent.ToString("0.##", Inv),
                    MoneyFormat.Format(MaxDiscountFen(listTotal, c.MaxDiscountPercent))));
        }

        // The same product on two lines draws on one stock.
        foreach (var g in c.Lines.Where(l => l.TrackStock && l.Quantity > 0).GroupBy(l => l.ProductId))
        {
            var wanted = g.Sum(l => l.Quantity);
            var first = g.First();
            if (wanted > first.Stock) problems.Add(new("Sales.Order.OutOfStock", $"lines[{c.Lines.ToList().IndexOf(first)}].quantity", first.ProductName, first.Stock, wanted));
        }
        return problems;
    }

    private static readonly System.Globalization.CultureInfo Inv = System.Globalization.CultureInfo.InvariantCulture;

    /// How an order reads in the approvals centre: number, customer, amount.
    public static string ApprovalTitle(string number, string customerName, long totalFen) => $"{number} · {customerName} · {MoneyFormat.Format(totalFen)}";


    /// Yuan typed by a person (at most two decimals, at most FieldLimits.AmountYuan either way) to
    /// fen; null otherwise.
    public static long? ToFen(decimal yuan)
    {
        return Math.Abs(yuan) > FieldLimits.AmountYuan ? null : MoneyFormat.ExactFen(yuan);
    }
}
