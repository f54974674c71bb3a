using System.Collections;
using System.ComponentModel.DataAnnotations;
using Renhe.Platform.Formatting;

namespace Renhe.Platform.Validation;

/// An amount in yuan as a person types it: at most two decimals, from <see cref="MinFen"/>
/// (default 0) to <see cref="MaxFen"/> (default <see cref="FieldLimits.AmountFen"/>). Checked in
/// decimal, so a value of 1e20 is refused rather than overflowing a conversion. A service that
/// explains a narrower rule in its own words (a negative amount condition) widens MinFen and
/// keeps its message; the attribute then only stops the absurd.
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class YuanAttribute : ValidationAttribute
{
    public long MinFen { get; init; }
    public long MaxFen { get; init; } = FieldLimits.AmountFen;

    public override bool IsValid(object? value) => value switch
    {
        null => true,
        decimal d => MoneyFormat.ExactFen(d) is { } fen && fen >= MinFen && fen <= MaxFen,
        _ => false,
    };
}

/// A percentage from 0 to 100 with at most two decimals (a discount limit of 12.5 %).
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class PercentAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value switch
    {
        null => true,
        decimal d => d is >= 0 and <= 100 && decimal.Round(d, 2) == d,
        _ => false,
    };
}

/// Each text of a list (tags, keywords) is at most <see cref="Length"/> characters; the list's own
/// size is bounded with [MaxLength].
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ItemMaxLengthAttribute(int length) : ValidationAttribute
{
    public int Length { get; } = length;

    public override bool IsValid(object? value) =>
        value is not IEnumerable items || items.OfType<string>().All(s => s.Length <= Length);
}
