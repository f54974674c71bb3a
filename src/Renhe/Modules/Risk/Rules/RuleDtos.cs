using System.ComponentModel.DataAnnotations;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Risk.Rules;

public sealed record RuleRow(Guid Id, string Code, string Name, RuleTemplate Template, RiskSeverity Severity, bool Enabled,
    RuleSettings Settings, RuleScope Scope, int Revision, DateTimeOffset UpdatedAt, string UpdatedBy, Guid Version);

public sealed record RuleInput(
    [property: Required, MaxLength(FieldLimits.Name)] string Name,
    RuleTemplate Template,
    RiskSeverity Severity,
    bool Enabled,
    [property: Required] RuleSettingsInput Settings,
    RuleScopeInput? Scope);

/// A rule's parameters as a client sends them (the bounds the shared validator checks first).
public sealed record RuleSettingsInput(
    [property: Range(1, 180)] int WindowDays,
    [property: Range(typeof(decimal), "0", "100000")] decimal Threshold,
    [property: Range(0, 365)] int BaselineDays,
    [property: Range(typeof(decimal), "0", "1000")] decimal Factor,
    [property: Range(0, 100_000)] int MinCount,
    [property: MaxLength(20), ItemMaxLength(FieldLimits.Code)] IReadOnlyList<string>? Categories,
    bool RequireIncomplete,
    bool RequireLeaving,
    [property: Range(typeof(decimal), "0.01", "10")] decimal LeavingFactor,
    bool LeavingRaisesSeverity,
    [property: MaxLength(RuleExpression.MaxLength)] string? Expression)
{
    public RuleSettings ToSettings() => new()
    {
        WindowDays = WindowDays, Threshold = Threshold, BaselineDays = BaselineDays, Factor = Factor, MinCount = MinCount,
        Categories = Categories ?? [], RequireIncomplete = RequireIncomplete, RequireLeaving = RequireLeaving,
        LeavingFactor = LeavingFactor, LeavingRaisesSeverity = LeavingRaisesSeverity,
        Expression = string.IsNullOrWhiteSpace(Expression) ? null : Expression.Trim(),
    };

    public static RuleSettingsInput From(RuleSettings s) => new(s.WindowDays, s.Threshold, s.BaselineDays, s.Factor, s.MinCount,
        s.Categories, s.RequireIncomplete, s.RequireLeaving, s.LeavingFactor, s.LeavingRaisesSeverity, s.Expression);
}

public sealed record RuleScopeInput(
    [property: MaxLength(FieldLimits.BatchItems)] IReadOnlyList<Guid>? Branches,
    [property: MaxLength(FieldLimits.BatchItems)] IReadOnlyList<Guid>? Departments,
    [property: MaxLength(FieldLimits.BatchItems)] IReadOnlyList<Guid>? Positions)
{
    public RuleScope ToScope() => new() { Branches = Branches ?? [], Departments = Departments ?? [], Positions = Positions ?? [] };
}

public sealed record RuleUpdate([property: Required] RuleInput Rule, Guid Version);

public sealed record RuleRevisionRow(int Revision, DateTimeOffset At, string By, string Changes, string Snapshot);

public sealed record BacktestRequest([property: Required] RuleInput Rule, [property: Range(1, 180)] int Days);

/// A rule run over history before it is switched on: how many alerts, on how many people
/// (pseudonyms), per week, and how its alerts agree with what triage and cases concluded.
public sealed record BacktestResult(int Days, int Alerts, int People, IReadOnlyList<string> Pseudonyms,
    IReadOnlyList<BacktestWeek> Weeks, int Confirmed, int FalsePositive, decimal? Precision);

public sealed record BacktestWeek(DateOnly WeekStart, int Alerts);
