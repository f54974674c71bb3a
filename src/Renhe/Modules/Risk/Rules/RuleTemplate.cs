using Renhe.Modules.Risk.Scanning;
using Renhe.Platform.Signals;

namespace Renhe.Modules.Risk.Rules;

/// The rule shapes PRODUCT.md §6 and the seeds describe, each with parameters; <see cref="Custom"/>
/// is an expression over signals (<see cref="RuleExpression"/>).
public enum RuleTemplate
{
    /// More than Threshold follow-ups on customers the person does not own within the window.
    NonOwnedFollowUps,
    /// Threshold consecutive working days (branch zone, rest days) without a follow-up on an owned
    /// customer while the person holds customers.
    NoFollowUpDays,
    /// An order at least Factor × the person's median order of the baseline period (MinCount earlier
    /// orders at least), with incomplete customer data when RequireIncomplete.
    LargeOrder,
    /// At least Threshold sensitive-word hits of the given categories within the window.
    KeywordHits,
    /// Message recalls and customer deletions within the window at least max(MinCount, Factor × the
    /// person's own rate over the baseline period).
    RecallsAndDeletions,
    /// Conversion over the last 28 days at least Threshold % below the person's own trailing rate
    /// (both on at least MinCount customers).
    ConversionDrop,
    /// Conversion at least Threshold % while repurchase is at most Factor % (both on at least MinCount customers).
    HighConversionLowRepurchase,
    /// Customer views, phone reveals and exports within the window at least max(MinCount, Factor × the
    /// person's own rate over the baseline period); only while leaving when RequireLeaving.
    AccessSpike,
    Custom,
}

public enum RiskSeverity { Low = 1, Medium = 2, High = 3 }

/// A rule's parameters. Which ones a template reads is said on <see cref="RuleTemplate"/>; the
/// others are ignored. Thresholds are decimals so "3.5 × median" and "50 %" are exact.
public sealed record RuleSettings
{
    public int WindowDays { get; init; } = 7;
    public decimal Threshold { get; init; }
    public int BaselineDays { get; init; } = 90;
    public decimal Factor { get; init; } = 3;
    public int MinCount { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = [];
    public bool RequireIncomplete { get; init; }
    public bool RequireLeaving { get; init; }
    /// While the person is leaving (a resignation recorded, or within 30 days before a last working
    /// day): thresholds are multiplied by this (1 = unchanged), and the severity rises one step when
    /// <see cref="LeavingRaisesSeverity"/>.
    public decimal LeavingFactor { get; init; } = 1;
    public bool LeavingRaisesSeverity { get; init; }
    /// For <see cref="RuleTemplate.Custom"/>.
    public string? Expression { get; init; }
}

/// Where a rule applies; empty lists apply everywhere.
public sealed record RuleScope
{
    public IReadOnlyList<Guid> Branches { get; init; } = [];
    public IReadOnlyList<Guid> Departments { get; init; } = [];
    public IReadOnlyList<Guid> Positions { get; init; } = [];

    public bool Covers(PersonProfile person) =>
        (Branches.Count == 0 || Branches.Contains(person.BranchId))
        && (Departments.Count == 0 || Departments.Contains(person.DepartmentId))
        && (Positions.Count == 0 || (person.PositionId is { } p && Positions.Contains(p)));

    public static readonly RuleScope Everywhere = new();
}

/// A rule as the evaluator runs it: one version of one rule.
public sealed record RuleDefinition(Guid Id, int Version, string Name, RuleTemplate Template, RiskSeverity Severity,
    RuleSettings Settings, RuleScope Scope)
{
    /// The signal kinds whose arrival makes this rule look again (absence rules look at each day's end instead).
    public IReadOnlyList<string> Triggers => Template switch
    {
        RuleTemplate.NonOwnedFollowUps => [SignalKinds.FollowUpOther],
        RuleTemplate.NoFollowUpDays => [],
        RuleTemplate.LargeOrder => [SignalKinds.OrderEffective],
        RuleTemplate.KeywordHits => [SignalKinds.KeywordHit],
        RuleTemplate.RecallsAndDeletions => [SignalKinds.MessageRecall, SignalKinds.CustomerDeleted],
        // A snapshot's three measures share one time and repurchase sorts last among them, so a
        // rule that looks on its arrival sees all three.
        RuleTemplate.ConversionDrop => [SignalKinds.Repurchase],
        RuleTemplate.HighConversionLowRepurchase => [SignalKinds.Repurchase],
        RuleTemplate.AccessSpike => [SignalKinds.CustomerView, SignalKinds.PhoneReveal, SignalKinds.ExportRequest],
        RuleTemplate.Custom => RuleExpression.Compile(Settings.Expression ?? "").Triggers,
        _ => [],
    };

    public bool AtDayEnd => Template == RuleTemplate.NoFollowUpDays;
}

/// Who a person is, as far as rule scopes and working days need: taken from the employee record
/// when the evaluation runs.
public sealed record PersonProfile(Guid EmployeeId, Guid BranchId, Guid DepartmentId, Guid? PositionId, TimeZoneInfo Zone,
    IReadOnlySet<DayOfWeek> RestDays)
{
    public static readonly IReadOnlySet<DayOfWeek> Weekend = new HashSet<DayOfWeek> { DayOfWeek.Saturday, DayOfWeek.Sunday };

    public bool IsWorkingDay(DateOnly day) => !RestDays.Contains(day.DayOfWeek);
}

/// The default rules a company starts with: one per template, with the thresholds PRODUCT.md §6
/// names, switched on.
public static class DefaultRules
{
    public static IReadOnlyList<(string Code, RuleTemplate Template, RiskSeverity Severity, RuleSettings Settings)> All =>
    [
        ("non-owned-follow-ups", RuleTemplate.NonOwnedFollowUps, RiskSeverity.Medium,
            new RuleSettings { WindowDays = 7, Threshold = 5, LeavingFactor = 0.6m }),
        // PRODUCT.md's example is 3 days; at about one follow-up per working day a person has a
        // 3-day gap about once a month by chance, so the default asks for a working week.
        ("no-follow-up-days", RuleTemplate.NoFollowUpDays, RiskSeverity.Low,
            new RuleSettings { Threshold = 5 }),
        ("large-order-incomplete", RuleTemplate.LargeOrder, RiskSeverity.High,
            new RuleSettings { WindowDays = 7, Factor = 3, BaselineDays = 180, MinCount = 3, RequireIncomplete = true }),
        ("keyword-diversion", RuleTemplate.KeywordHits, RiskSeverity.High,
            new RuleSettings
            {
                WindowDays = 7, Threshold = 2, LeavingFactor = 0.5m,
                Categories = [LexiconCategories.PrivateDeal, LexiconCategories.PersonalPayment, LexiconCategories.RivalPlatform, LexiconCategories.ContactPoaching],
            }),
        ("recalls-deletions", RuleTemplate.RecallsAndDeletions, RiskSeverity.Medium,
            new RuleSettings { WindowDays = 7, Factor = 3, BaselineDays = 90, MinCount = 3, LeavingRaisesSeverity = true }),
        ("conversion-drop", RuleTemplate.ConversionDrop, RiskSeverity.Medium,
            // Rates on a handful of customers swing by chance: both bases need 10, and the rate
            // must fall by more than half (60 %) of the person's own.
            new RuleSettings { WindowDays = 28, Threshold = 60, MinCount = 10 }),
        ("conversion-high-repurchase-low", RuleTemplate.HighConversionLowRepurchase, RiskSeverity.Medium,
            new RuleSettings { WindowDays = 28, Threshold = 80, Factor = 20, MinCount = 5 }),
        ("access-spike-leaving", RuleTemplate.AccessSpike, RiskSeverity.High,
            new RuleSettings { WindowDays = 7, Factor = 3, BaselineDays = 90, MinCount = 10, RequireLeaving = true }),
    ];
}
