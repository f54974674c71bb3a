using Renhe.Platform.Data;

namespace Renhe.Platform.Signals;

/// Every registered source's signals for a range, in one total order (time, kind, person, record),
/// so every reader meets them in the same sequence.
public sealed class SignalLoader(IEnumerable<ISignalSource> sources)
{
    public async Task<List<Signal>> LoadAsync(AppDbContext db, DateTimeOffset from, DateTimeOffset to,
        IReadOnlySet<Guid>? people, CancellationToken ct)
    {
        var all = new List<Signal>();
        foreach (var source in sources) all.AddRange(await source.LoadAsync(db, from, to, people, ct));
        all.Sort(Compare);
        return all;
    }

    public static int Compare(Signal a, Signal b)
    {
        var c = a.At.UtcTicks.CompareTo(b.At.UtcTicks);
        if (c == 0) c = string.CompareOrdinal(a.Kind, b.Kind);
        if (c == 0) c = a.EmployeeId.CompareTo(b.EmployeeId);
        if (c == 0) c = string.CompareOrdinal(a.Record.Type, b.Record.Type);
        if (c == 0) c = string.CompareOrdinal(a.Record.Key, b.Record.Key);
        return c;
    }
}
