namespace Renhe.Platform.Measures;

/// An order that became effective (it may have been cancelled since: its cancellation is an
/// <see cref="AdjustmentFact"/>), credited to <paramref name="SalespersonId"/>.
public sealed record OrderFact(Guid Id, string Number, Guid CustomerId, Guid SalespersonId, long TotalFen, DateTimeOffset EffectiveAt)
{
    /// The orders the measures count: those that became effective, cancelled since or not (a
    /// cancellation is an adjustment of its own date). Anything that counts "effective orders"
    /// filters with this, so it counts what net sales and conversion count.
    public static readonly System.Linq.Expressions.Expression<Func<Modules.Sales.Orders.Order, bool>> Counts =
        o => o.EffectiveAt != null && (o.Status == Modules.Sales.Orders.OrderStatus.Effective || o.Status == Modules.Sales.Orders.OrderStatus.Cancelled);
}

/// A refund or cancellation of an effective order, on its own date, with what a statement needs to
/// name the order it belongs to.
public sealed record AdjustmentFact(
    Guid Id, Guid OrderId, string OrderNumber, Guid CustomerId, DateTimeOffset OrderEffectiveAt, bool IsCancellation, long AmountFen, DateTimeOffset At);

/// A time the customer stood at 意向 (intent) while the person held it; <paramref name="To"/> null: still.
public sealed record IntentSpell(Guid CustomerId, DateTimeOffset From, DateTimeOffset? To);

/// A customer's first order ever to become effective, whoever it was credited to.
public sealed record FirstOrder(Guid OrderId, Guid SalespersonId, DateTimeOffset At);

/// Everything the measures of one person need, read from the order, adjustment, stage and custody
/// ledgers by <see cref="MeasureFactsLoader"/> (or built by hand in tests and benchmarks).
/// <list type="bullet">
/// <item><see cref="Orders"/>: orders credited to the person that became effective inside the facts' window.</item>
/// <item><see cref="Adjustments"/>: refunds and cancellations recorded inside the window on any of the person's orders.</item>
/// <item><see cref="FirstOrders"/>: the first order of every customer the other lists name.</item>
/// </list>
public sealed record PersonFacts(
    Guid PersonId,
    IReadOnlyList<OrderFact> Orders,
    IReadOnlyList<AdjustmentFact> Adjustments,
    IReadOnlyList<IntentSpell> IntentSpells,
    IReadOnlyDictionary<Guid, FirstOrder> FirstOrders)
{
    public static PersonFacts Empty(Guid personId) => new(personId, [], [], [], new Dictionary<Guid, FirstOrder>());
}

/// The instants one person-period is measured over. The period is a calendar month in the
/// company's zone (where the books are kept); conversion may look back further (a trailing window
/// ending with the period); repurchase counts customers whose first order lies in the window
/// before the period.
public sealed record MeasurePeriod(DateTimeOffset Start, DateTimeOffset End, DateTimeOffset ConversionFrom, DateTimeOffset RepurchaseFrom)
{
    /// How far back the facts must reach for this period.
    public DateTimeOffset FactsFrom => ConversionFrom < RepurchaseFrom ? ConversionFrom : RepurchaseFrom;

    /// <paramref name="month"/> (its first day) in <paramref name="zone"/>: a null conversion window
    /// is the month itself; windows are whole days ending where the period ends or starts.
    public static MeasurePeriod Month(DateOnly month, TimeZoneInfo zone, int? conversionWindowDays = null, int repurchaseWindowDays = 180)
    {
        var first = new DateOnly(month.Year, month.Month, 1);
        var next = first.AddMonths(1);
        return new MeasurePeriod(
            Time.BranchCalendar.StartUtc(first, zone),
            Time.BranchCalendar.StartUtc(next, zone),
            Time.BranchCalendar.StartUtc(conversionWindowDays is { } days ? next.AddDays(-days) : first, zone),
            Time.BranchCalendar.StartUtc(first.AddDays(-repurchaseWindowDays), zone));
    }

    /// The <paramref name="days"/> whole days of <paramref name="zone"/> before <paramref name="end"/>
    /// (which is excluded): conversion over exactly those days, repurchase of customers first ordered
    /// in the <paramref name="repurchaseWindowDays"/> days before them. The risk signals' weekly
    /// snapshots (a conversion over the 28 days before a Monday, the person's own rate over the 91
    /// days before those) are periods of this shape.
    public static MeasurePeriod DaysBefore(DateOnly end, int days, TimeZoneInfo zone, int repurchaseWindowDays = 180)
    {
        var start = end.AddDays(-days);
        return new MeasurePeriod(
            Time.BranchCalendar.StartUtc(start, zone),
            Time.BranchCalendar.StartUtc(end, zone),
            Time.BranchCalendar.StartUtc(start, zone),
            Time.BranchCalendar.StartUtc(start.AddDays(-repurchaseWindowDays), zone));
    }
}
