using Renhe.Platform.Problems;

namespace Renhe.Modules.Sales.FollowUps;

/// The checks a follow-up passes before it is stored, kept free of EF and HTTP so they are tested
/// with tables of examples.
public static class FollowUpRules
{
    public const int MaxDurationMinutes = 24 * 60;
    public const int NotesMax = 2000, ObjectionsMax = 1000, NextStepMax = 500, CommentMax = 1000;
    /// Phones' clocks drift; a contact logged "now" on a phone a little ahead is not in the future.
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// The longest call the follow-up form fills in from the time away: a person gone longer has more
    /// likely put the phone down and done something else, and corrects the figure.
    public const int MaxPrefilledCallMinutes = 120;

    /// The minutes a call made from the page lasted, as the form pre-fills them from the time the
    /// person was away: rounded to the nearest minute, at least 1 (the dialer was opened), at most
    /// <see cref="MaxPrefilledCallMinutes"/>.
    public static int PrefilledCallMinutes(TimeSpan away) =>
        (int)Math.Clamp(Math.Round(away.TotalMinutes, MidpointRounding.AwayFromZero), 1, MaxPrefilledCallMinutes);

    /// Refuses the first problem found, naming its field. <paramref name="today"/> is the author's
    /// branch-local date: "tomorrow" is the branch's tomorrow, not the server's.
    public static void Validate(FollowUpInput input, DateTimeOffset at, DateTimeOffset now, DateOnly today)
    {
        if (input.CustomerId is null) throw new DomainException("Validation.Required", "customerId") { Field = "customerId" };
        if (input.Kind is null) throw new DomainException("Validation.Required", "kind") { Field = "kind" };
        if (string.IsNullOrWhiteSpace(input.Notes)) throw new DomainException("Validation.Required", "notes") { Field = "notes" };
        if (input.Notes.Trim().Length > NotesMax) throw new DomainException("Validation.MaxLength", "notes", NotesMax) { Field = "notes" };
        if (input.Objections?.Trim().Length > ObjectionsMax)
            throw new DomainException("Validation.MaxLength", "objections", ObjectionsMax) { Field = "objections" };
        if (input.NextStep?.Trim().Length > NextStepMax) throw new DomainException("Validation.MaxLength", "nextStep", NextStepMax) { Field = "nextStep" };
        if (input.DurationMinutes is < 0 or > MaxDurationMinutes)
            throw new DomainException("Validation.Range", "durationMinutes", 0, MaxDurationMinutes) { Field = "durationMinutes" };
        if (at > now + FutureTolerance) throw new DomainException("Sales.FollowUp.AtInFuture") { Field = "at" };
        if (input.NextDate is { } next && next < today)
            throw new DomainException("Sales.FollowUp.NextDatePast", today.ToString("yyyy-MM-dd")) { Field = "nextDate" };
    }
}
