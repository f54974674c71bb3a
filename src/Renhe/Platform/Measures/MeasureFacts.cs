namespace Renhe.Platform.Measures;

/// An order that became effective (it may have been cancelled since: its cancellation is an
/// <see cref="AdjustmentFact"/>), credited to <paramref name="SalespersonId"/>.
public sealed record OrderFact(Guid Id, string Number, Guid CustomerId, Guid SalespersonId, long TotalFen, DateTimeOffset EffectiveAt);

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
}
