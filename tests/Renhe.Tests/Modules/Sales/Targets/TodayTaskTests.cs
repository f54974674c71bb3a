using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales.Targets;

namespace Renhe.Tests.Modules.Sales.Targets;

/// A next step three weeks late reads as three weeks late, not as "due 11-16" like one due today.
public sealed class TodayTaskTests
{
    private static readonly DateOnly Today = new(2026, 12, 7);

    private static TodayTask Task(DailyTaskKind kind, string? due, bool done = false) =>
        new(kind, Guid.NewGuid(), "王总", null, CustomerStage.Intent, due is null ? null : DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture),
            "回访", null, done);

    [Theory]
    [InlineData(DailyTaskKind.NextStep, "2026-11-16", false, 21)]   // three weeks late
    [InlineData(DailyTaskKind.NextStep, "2026-12-06", false, 1)]
    [InlineData(DailyTaskKind.NextStep, "2026-12-07", false, null)] // due today is not late
    [InlineData(DailyTaskKind.NextStep, "2026-11-16", true, null)]  // done today: no longer late
    [InlineData(DailyTaskKind.IdleIntent, "2026-11-16", false, null)] // the date is when they went quiet, not a due date
    [InlineData(DailyTaskKind.PoolSoon, "2026-12-09", false, null)]
    public void Overdue_days_count_only_late_next_steps(DailyTaskKind kind, string due, bool done, int? expected) =>
        Assert.Equal(expected, Task(kind, due, done).OverdueDays(Today));
}
