using CsCheck;
using Renhe.Platform.Time;

namespace Renhe.Tests.Platform.Time;

/// Days follow where people work: a branch's IANA zone, never the server's or a literal one.
[Trait("Category", "Unit")]
public sealed class BranchCalendarTests
{
    [Theory]
    // 16:30 UTC on 6 Dec is already 7 Dec in Shanghai, still 6 Dec in London and New York.
    [InlineData("2026-12-06T16:30:00Z", "Asia/Shanghai", "2026-12-07")]
    [InlineData("2026-12-06T16:30:00Z", "Europe/London", "2026-12-06")]
    [InlineData("2026-12-06T16:30:00Z", "America/New_York", "2026-12-06")]
    [InlineData("2026-12-06T15:59:59Z", "Asia/Shanghai", "2026-12-06")]
    [InlineData("2026-06-30T23:30:00Z", "Europe/London", "2026-07-01")] // summer time
    public void The_day_an_instant_falls_on_depends_on_the_zone(string at, string zone, string day) =>
        Assert.Equal(DateOnly.Parse(day), BranchCalendar.DayOf(DateTimeOffset.Parse(at), BranchCalendar.Zone(zone)));

    [Theory]
    [InlineData("2026-12-07", "Asia/Shanghai", "2026-12-06T16:00:00Z")]
    [InlineData("2026-07-01", "Europe/London", "2026-06-30T23:00:00Z")]
    [InlineData("2026-12-07", "Europe/London", "2026-12-07T00:00:00Z")]
    // Santiago moves its clocks forward at midnight: 6 Sep 2026 starts at 01:00 local (-03:00).
    [InlineData("2026-09-06", "America/Santiago", "2026-09-06T04:00:00Z")]
    public void A_day_starts_at_local_midnight_or_the_first_local_time_that_exists(string day, string zone, string startUtc) =>
        Assert.Equal(DateTimeOffset.Parse(startUtc), BranchCalendar.StartUtc(DateOnly.Parse(day), BranchCalendar.Zone(zone)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Mars/Olympus_Mons")]
    public void An_empty_or_unknown_zone_falls_back_to_the_default(string? id) =>
        Assert.Equal(BranchCalendar.DefaultZoneId, BranchCalendar.Zone(id).Id);

    [Fact]
    public void Every_instant_lies_within_the_day_it_falls_on()
    {
        var zones = new[] { "Asia/Shanghai", "Europe/London", "America/Santiago", "Australia/Lord_Howe", "Asia/Kathmandu" }
            .Select(BranchCalendar.Zone).ToArray();
        Gen.Select(Gen.Long[0, 4_102_444_800L], Gen.Int[0, zones.Length - 1]).Sample((seconds, z) =>
        {
            var at = DateTimeOffset.FromUnixTimeSeconds(seconds);
            var day = BranchCalendar.DayOf(at, zones[z]);
            var (from, to) = BranchCalendar.RangeUtc(day, day, zones[z]);
            Assert.InRange(at, from, to.AddTicks(-1));
        });
    }
}
