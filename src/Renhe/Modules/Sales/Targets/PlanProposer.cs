namespace Renhe.Modules.Sales.Targets;

/// What one person did in the history window (the last 3 or 6 full months before the target month).
public sealed record PersonHistory(
    Guid EmployeeId,
    bool OnProbation,
    int EffectiveOrders,
    long NetFen,
    /// Customers that reached 意向 in the window, and those that reached 下单/复购 in it.
    int IntentCustomers,
    int ConvertedCustomers,
    /// Sum and count of the days from a customer's 意向 to its first effective order.
    double CycleDaysTotal,
    int CycleCount,
    int FollowUps,
    int FollowedCustomers,
    int CallMinutes,
    int WorkingDays);

public sealed record PersonProposal(
    Guid EmployeeId,
    long AmountFen,
    int OrdersNeeded,
    int IntentCustomersNeeded,
    int CustomersPerMonth,
    int CustomersPerDay,
    int ConversionCycleDays,
    int CallMinutesPerDay,
    decimal ConversionRate,
    long AverageOrderFen,
    bool UsesTeamAverage,
    bool OnProbation);

/// Splits a team target into per-person plans from each person's own recent record. No EF, no
/// clock: the service gathers the history, this class does the arithmetic.
///
/// - Amount share: a figure the manager typed wins. The rest of the target is shared by weight,
///   each person weighing their net sales in the window but at least <see cref="FloorShare"/> of
///   the team's average (so a slow quarter does not leave someone with nothing to do); a person
///   on probation weighs <see cref="ProbationFactor"/> of that (a lighter plan; the team total
///   still adds up, the others carry the difference). Shares are whole yuan, the odd yuan going
///   to the largest share, so the plans sum to the target exactly.
/// - Rates come from the person's own record when it holds at least <see cref="MinOrders"/>
///   effective orders and <see cref="MinIntents"/> intent customers, else from the team's pooled
///   record (and from <see cref="Defaults"/> when the team has none either).
/// - Orders needed = ⌈amount ÷ average order⌉; intent customers needed = ⌈orders ÷ conversion⌉,
///   which is also the customers to follow this month (a customer counts once however often
///   contacted); customers per day = ⌈intent needed × follow-ups per customer ÷ working days⌉.
/// - Conversion-cycle goal = the person's average days from 意向 to first order (rounded up);
///   call minutes per day = their average over the window's working days, rounded up to 5.
/// - Whoever has a share of the target follows at least <see cref="MinCustomersPerDay"/> customers
///   and calls at least <see cref="MinCallMinutesPerDay"/> minutes a day: a small share (a new hire's)
///   does not make one customer a day a plan, because leads must be worked to become intent customers.
public static class PlanProposer
{
    public const int MinOrders = 3;
    public const int MinIntents = 5;
    public const decimal FloorShare = 0.5m;
    public const decimal ProbationFactor = 0.6m;
    public const int MinCustomersPerDay = 3;
    public const int MinCallMinutesPerDay = 30;

    /// When nobody in the team has a record yet.
    public static readonly (decimal Conversion, long AverageOrderFen, int CycleDays, decimal FollowUpsPerCustomer, int CallMinutesPerDay) Defaults =
        (0.2m, 1_000_000, 30, 3m, 60);

    public static IReadOnlyList<PersonProposal> Propose(
        long teamAmountFen, IReadOnlyList<PersonHistory> people, int workingDaysInMonth,
        IReadOnlyDictionary<Guid, long>? fixedAmounts = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(teamAmountFen);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workingDaysInMonth);
        if (people.Count == 0) return [];
        fixedAmounts ??= new Dictionary<Guid, long>();
        var amounts = Split(teamAmountFen, people, fixedAmounts);
        var team = TeamRates(people);
        return people.Select(p =>
        {
            var own = HasHistory(p);
            var conversion = own ? Math.Min(1m, (decimal)p.ConvertedCustomers / p.IntentCustomers) : team.Conversion;
            if (conversion <= 0) conversion = team.Conversion;
            var averageOrder = own ? p.NetFen / Math.Max(1, p.EffectiveOrders) : team.AverageOrderFen;
            if (averageOrder <= 0) averageOrder = team.AverageOrderFen;
            var cycle = own && p.CycleCount > 0 ? (int)Math.Ceiling(p.CycleDaysTotal / p.CycleCount) : team.CycleDays;
            var perCustomer = own && p.FollowedCustomers > 0 ? (decimal)p.FollowUps / p.FollowedCustomers : team.FollowUpsPerCustomer;
            var callMinutes = own && p.WorkingDays > 0 ? RoundUpTo5((decimal)p.CallMinutes / p.WorkingDays) : team.CallMinutesPerDay;

            var amount = amounts[p.EmployeeId];
            var orders = amount == 0 ? 0 : (int)Math.Ceiling((decimal)amount / averageOrder);
            var intents = (int)Math.Ceiling(orders / conversion);
            var perDay = (int)Math.Ceiling(intents * perCustomer / workingDaysInMonth);
            if (amount > 0)
            {
                perDay = Math.Max(perDay, MinCustomersPerDay);
                callMinutes = Math.Max(callMinutes, MinCallMinutesPerDay);
            }
            return new PersonProposal(p.EmployeeId, amount, orders, intents, intents, perDay, cycle, callMinutes,
                Math.Round(conversion, 4), averageOrder, !own, p.OnProbation);
        }).ToList();
    }

    public static bool HasHistory(PersonHistory p) => p.EffectiveOrders >= MinOrders && p.IntentCustomers >= MinIntents;

    /// Mon–Fri of the month (public holidays are not modelled yet).
    public static int WorkingDays(DateOnly month) =>
        Enumerable.Range(0, DateTime.DaysInMonth(month.Year, month.Month)).Count(d => IsWorkingDay(new DateOnly(month.Year, month.Month, 1).AddDays(d)));

    public static bool IsWorkingDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    private static Dictionary<Guid, long> Split(long total, IReadOnlyList<PersonHistory> people, IReadOnlyDictionary<Guid, long> fixedAmounts)
    {
        var result = new Dictionary<Guid, long>();
        var rest = total;
        foreach (var p in people)
            if (fixedAmounts.TryGetValue(p.EmployeeId, out var f))
            {
                result[p.EmployeeId] = f;
                rest -= f;
            }
        rest = Math.Max(0, rest);
        var open = people.Where(p => !result.ContainsKey(p.EmployeeId)).ToList();
        if (open.Count == 0) return result;
        var average = (decimal)open.Sum(p => Math.Max(0, p.NetFen)) / open.Count;
        // Nobody sold anything: equal weights.
        var floor = average > 0 ? average * FloorShare : 1m;
        var weights = open.ToDictionary(p => p.EmployeeId,
            p => Math.Max(Math.Max(0, p.NetFen), floor) * (p.OnProbation ? ProbationFactor : 1m));
        var sum = weights.Values.Sum();
        // Whole yuan, so a plan reads ¥83,333 and not ¥83,333.33.
        var restYuan = rest / 100;
        var shares = open.ToDictionary(p => p.EmployeeId, p => (long)Math.Floor(restYuan * weights[p.EmployeeId] / sum));
        var largest = open.OrderByDescending(p => weights[p.EmployeeId]).First().EmployeeId;
        shares[largest] += restYuan - shares.Values.Sum();
        foreach (var (id, yuan) in shares) result[id] = yuan * 100;
        result[largest] += rest % 100;
        return result;
    }

    private static (decimal Conversion, long AverageOrderFen, int CycleDays, decimal FollowUpsPerCustomer, int CallMinutesPerDay) TeamRates(
        IReadOnlyList<PersonHistory> people)
    {
        var intents = people.Sum(p => p.IntentCustomers);
        var converted = people.Sum(p => p.ConvertedCustomers);
        var orders = people.Sum(p => p.EffectiveOrders);
        var net = people.Sum(p => p.NetFen);
        var cycles = people.Sum(p => p.CycleCount);
        var followed = people.Sum(p => p.FollowedCustomers);
        var days = people.Sum(p => p.WorkingDays);
        return (
            intents > 0 && converted > 0 ? Math.Min(1m, (decimal)converted / intents) : Defaults.Conversion,
            orders > 0 && net > 0 ? net / orders : Defaults.AverageOrderFen,
            cycles > 0 ? (int)Math.Ceiling(people.Sum(p => p.CycleDaysTotal) / cycles) : Defaults.CycleDays,
            followed > 0 ? (decimal)people.Sum(p => p.FollowUps) / followed : Defaults.FollowUpsPerCustomer,
            days > 0 && people.Sum(p => p.CallMinutes) > 0 ? RoundUpTo5((decimal)people.Sum(p => p.CallMinutes) / days) : Defaults.CallMinutesPerDay);
    }

    private static int RoundUpTo5(decimal minutes) => (int)Math.Ceiling(minutes / 5) * 5;
}
