using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;

namespace Renhe.Platform.Signals;

/// Every registered source's signals for a range, in one total order: by time, kind, person, then
/// the record behind it (and, for two signals of one record, category and value). The online pass and
/// a replay of history therefore see the same list in the same order, whatever order the sources
/// registered in or the database returned rows in.
public sealed class SignalLoader(IEnumerable<ISignalSource> sources, IDbContextFactory<AppDbContext> dbs)
{
    private readonly IReadOnlyList<ISignalSource> _sources = EnsureOneSourcePerKind(sources.ToList());

    /// The kinds the registered sources produce.
    public IReadOnlyCollection<string> Kinds => _sources.SelectMany(s => s.Kinds).ToList();

    public async Task<IReadOnlyList<Signal>> LoadAsync(DateTimeOffset from, DateTimeOffset to, IReadOnlySet<Guid>? people, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await LoadAsync(db, from, to, people, ct);
    }

    /// On the caller's context: a replay that reads other records in the same snapshot.
    public async Task<IReadOnlyList<Signal>> LoadAsync(AppDbContext db, DateTimeOffset from, DateTimeOffset to,
        IReadOnlySet<Guid>? people, CancellationToken ct)
    {
        var all = new List<Signal>();
        if (from >= to || people is { Count: 0 }) return all;
        // One after another: a context runs one query at a time.
        foreach (var source in _sources)
        {
            foreach (var signal in await source.LoadAsync(db, from, to, people, ct))
            {
                // The range is held exactly here: the databases compare instants at their own
                // precision (PostgreSQL microseconds, SQLite's converter 0.1 ms), so a source's query
                // may let through a record a fraction of a tick outside [from, to).
                if (signal.At < from || signal.At >= to || (people is not null && !people.Contains(signal.EmployeeId))) continue;
                if (!source.Kinds.Contains(signal.Kind))
                    throw new InvalidOperationException($"{source.GetType().Name} returned a {signal.Kind} signal, a kind it does not declare.");
                all.Add(signal);
            }
        }
        all.Sort(Compare);
        return all;
    }

    /// The total order signals are returned in.
    public static int Compare(Signal a, Signal b)
    {
        var c = a.At.UtcTicks.CompareTo(b.At.UtcTicks);
        if (c == 0) c = string.CompareOrdinal(a.Kind, b.Kind);
        if (c == 0) c = a.EmployeeId.CompareTo(b.EmployeeId);
        if (c == 0) c = string.CompareOrdinal(a.Record.Type, b.Record.Type);
        if (c == 0) c = string.CompareOrdinal(a.Record.Key, b.Record.Key);
        if (c == 0) c = string.CompareOrdinal(a.Category, b.Category);
        if (c == 0) c = a.Value.CompareTo(b.Value);
        if (c == 0) c = a.Of.CompareTo(b.Of);
        return c;
    }

    /// Refuses a set of sources where a kind has no source or two: every constant of
    /// <see cref="SignalKinds"/> (a kind, not a category) must be produced by exactly one.
    public static IReadOnlyList<ISignalSource> EnsureOneSourcePerKind(IReadOnlyList<ISignalSource> sources)
    {
        var byKind = sources.SelectMany(s => s.Kinds.Select(k => (Kind: k, Source: s.GetType().Name))).ToLookup(x => x.Kind, x => x.Source);
        var twice = byKind.Where(g => g.Count() > 1).Select(g => $"{g.Key} ({string.Join(", ", g)})").ToList();
        var missing = DeclaredKinds.Where(k => !byKind.Contains(k)).ToList();
        if (twice.Count > 0 || missing.Count > 0)
            throw new InvalidOperationException("Every signal kind needs exactly one source."
                + (twice.Count > 0 ? " More than one: " + string.Join("; ", twice) + "." : "")
                + (missing.Count > 0 ? " None: " + string.Join(", ", missing) + "." : ""));
        return sources;
    }

    /// The kinds <see cref="SignalKinds"/> declares: its constants but the categories.
    public static IReadOnlyList<string> DeclaredKinds { get; } = typeof(SignalKinds)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Where(k => k is not (SignalKinds.IncompleteCustomer or SignalKinds.ByEmployee or SignalKinds.ByCustomer))
        .ToList();
}
