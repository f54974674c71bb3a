using Renhe.Platform.Data;

namespace Renhe.Platform.Signals;

/// One thing a person did, or that happened to them, as the risk rules read it. Signals are
/// computed from records the modules already keep (follow-ups, orders, the archive, the audit log,
/// HR records); nothing stores them. <see cref="Value"/> and <see cref="Of"/> carry the numbers a
/// kind needs (an order's amount in fen; a measure's numerator and denominator); <see cref="Category"/>
/// narrows a kind (a lexicon category, who deleted a contact, that an order's customer is incomplete).
public readonly record struct Signal(
    string Kind,
    Guid EmployeeId,
    DateTimeOffset At,
    SignalRef Record,
    long Value = 1,
    long Of = 0,
    string? Category = null);

/// The record behind a signal, so an alert links to it: <see cref="Type"/> is one of
/// <see cref="SignalRecordTypes"/>, <see cref="Key"/> its id as text (a Guid, or an archive sequence number).
public readonly record struct SignalRef(string Type, string Key);

/// How a module contributes signals: attendance and service quality add theirs by implementing it
/// and registering with <c>services.AddSignalSource&lt;T&gt;()</c>.
public interface ISignalSource
{
    /// The kinds this source produces (each kind has exactly one source).
    IReadOnlyList<string> Kinds { get; }

    /// Every signal whose <see cref="Signal.At"/> lies in [<paramref name="from"/>, <paramref name="to"/>),
    /// for <paramref name="people"/> only when given. The same call serves the online pass (a short
    /// recent range) and a replay of history (a long one), so both see identical signals. Order is free.
    Task<IReadOnlyList<Signal>> LoadAsync(AppDbContext db, DateTimeOffset from, DateTimeOffset to,
        IReadOnlySet<Guid>? people, CancellationToken ct);
}

public static class SignalSourceRegistration
{
    public static IServiceCollection AddSignalSource<T>(this IServiceCollection services) where T : class, ISignalSource =>
        services.AddSingleton<ISignalSource, T>();
}

public static class SignalRecordTypes
{
    public const string FollowUp = "followup";
    public const string Order = "order";
    public const string Archive = "archive";
    public const string Audit = "audit";
    public const string Employee = "employee";
    public const string JobChange = "job-change";
    public const string Custody = "custody";
    public const string Measure = "measure";
}

/// The kinds today's modules contribute. Value is 1 unless said otherwise.
public static class SignalKinds
{
    /// A follow-up the person recorded on a customer they own / do not own (非本人客户), at its time.
    public const string FollowUpOwn = "followup.own";
    public const string FollowUpOther = "followup.other";

    /// An order credited to the person became effective. Value: its amount in fen. Category
    /// <see cref="IncompleteCustomer"/> when the customer's data is incomplete.
    public const string OrderEffective = "order.effective";
    public const string IncompleteCustomer = "incomplete-customer";

    /// A sensitive-word hit in an archived message the person sent or received. Category: the lexicon category.
    public const string KeywordHit = "keyword.hit";
    /// A message the person recalled (WeCom revoke).
    public const string MessageRecall = "message.recall";
    /// A customer contact deleted. Category <see cref="ByEmployee"/> or <see cref="ByCustomer"/>.
    public const string CustomerDeleted = "customer.deleted";
    public const string ByEmployee = "by-employee";
    public const string ByCustomer = "by-customer";

    /// From the audit log, by the person as a user: a customer's details read, a phone number revealed,
    /// an export requested.
    public const string CustomerView = "audit.customer-view";
    public const string PhoneReveal = "audit.phone-reveal";
    public const string ExportRequest = "audit.export";

    /// HR: a resignation (or other leaving) recorded, at the time it was recorded; the last working
    /// day set (Value: that day as DateOnly.DayNumber); probation started (Value: its end day's
    /// DayNumber); a transfer to another department or position.
    public const string Resignation = "hr.resignation";
    public const string LastWorkingDay = "hr.last-working-day";
    public const string Probation = "hr.probation";
    public const string Transfer = "hr.transfer";

    /// Custody: the person gained (Value 1) or lost (Value -1) a customer, so a rule knows whether
    /// they held any assigned customer on a day.
    public const string CustodyChange = "custody.change";

    /// Measures from the one kernel (Platform/Measures), one snapshot per person each Monday 00:00
    /// in the person's branch zone: conversion over the 28 days before (Value N, Of D), conversion
    /// over the 91 days before those (the person's own trailing rate), and repurchase over the 28
    /// days before (Value R, Of B, first orders in the 180 days before).
    public const string Conversion = "measure.conversion";
    public const string ConversionBaseline = "measure.conversion-baseline";
    public const string Repurchase = "measure.repurchase";
}
