using System.ComponentModel.DataAnnotations;

namespace Renhe.Platform.Validation;

/// The kinds of date a person enters, each with the window of dates that can be meant (ADR 0001).
/// A date outside its window is a typing slip or a probe, never a fact: 0001-01-01 follow-ups,
/// hire dates in 1800 or 9999. The windows also keep every date arithmetic far from DateOnly's ends.
public enum DateKind
{
    /// Any date not given a kind: the wide net.
    Any,
    /// Birth dates: from 1900 to today.
    Birth,
    /// Hire dates, job changes, last working days, probation ends, contract starts: 60 years back, one year ahead.
    Employment,
    /// A contract's end: as Employment, but up to ten years ahead.
    ContractEnd,
    /// Something that happened (a follow-up, a call): five years back to tomorrow (tomorrow, so a
    /// branch ahead of UTC is never refused its own today).
    Activity,
    /// Something planned (a next step, a due date): one year back, two years ahead.
    Plan,
    /// Months and ranges of reports and searches: 2000-01-01 to 2099-12-31.
    Report,
}

public static class DateWindows
{
    public static readonly DateOnly ReportFrom = new(2000, 1, 1);
    public static readonly DateOnly ReportTo = new(2099, 12, 31);

    /// The first and last date allowed for <paramref name="kind"/>, given today's date.
    public static (DateOnly From, DateOnly To) For(DateKind kind, DateOnly today) => kind switch
    {
        DateKind.Birth => (new DateOnly(1900, 1, 1), today),
        DateKind.Employment => (today.AddYears(-60), today.AddYears(1)),
        DateKind.ContractEnd => (today.AddYears(-60), today.AddYears(10)),
        DateKind.Activity => (today.AddYears(-5), today.AddDays(1)),
        DateKind.Plan => (today.AddYears(-1), today.AddYears(2)),
        DateKind.Report => (ReportFrom, ReportTo),
        _ => (new DateOnly(1900, 1, 1), ReportTo),
    };

    /// Today as the windows count it. The windows are years wide and their ends carry a day's
    /// slack, so the UTC date serves every branch; the branch calendar decides days that matter.
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public static bool Contains(DateKind kind, DateOnly today, DateOnly date)
    {
        var (from, to) = For(kind, today);
        return date >= from && date <= to;
    }

    /// The calendar date a value names, for any of the date types inputs use.
    public static DateOnly? DateOf(object? value) => value switch
    {
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        DateTimeOffset o => DateOnly.FromDateTime(o.UtcDateTime),
        _ => null,
    };
}

/// Holds a date field to the window of its kind; the validator names the window in the message.
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class DateWindowAttribute(DateKind kind) : ValidationAttribute
{
    public DateKind Kind { get; } = kind;

    protected override ValidationResult? IsValid(object? value,
        ValidationContext context)
    {
        if (DateWindows.DateOf(value) is not { } date) return ValidationResult.Success;
        var time = context.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
        return DateWindows.Contains(Kind, DateWindows.Today(time), date)
            ? ValidationResult.Success
            : new ValidationResult(null, context.MemberName is { } m ? [m] : null);
    }
}
