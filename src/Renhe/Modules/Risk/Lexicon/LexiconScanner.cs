using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Risk.Scanning;
using Renhe.Platform.Data;

namespace Renhe.Modules.Risk.Lexicon;

/// The scanner the archive uses, compiled from the enabled rows of risk_sensitive_word. One per
/// process. Scanning reads <see cref="Current"/> without a lock: a new scanner is compiled aside
/// and swapped in with one reference write, so a message is always scanned by one whole lexicon.
///
/// Keeping instances in step: a change made in this process (the lexicon page, the API, an
/// import) reloads at once through <see cref="ReloadAsync"/>. A change made by another instance
/// is picked up by <see cref="LexiconRefreshJob"/>, which every <c>Risk:Lexicon:RefreshSeconds</c>
/// (30 by default) reads the rows' ids, versions and flags — a few kilobytes even for thousands of
/// words — and recompiles only when their stamp differs. We chose polling over LISTEN/NOTIFY
/// because it works the same on SQLite and PostgreSQL and needs no extra connection; the price is
/// that another instance may scan up to half a minute with the old lexicon.
public sealed class LexiconScanner(IDbContextFactory<AppDbContext> dbFactory, ILogger<LexiconScanner> log)
{
    private sealed record Snapshot(SensitiveWordScanner Scanner, string Stamp);

    private static readonly Snapshot Empty = new(new SensitiveWordScanner([]), "");

    private Snapshot? _snapshot;
    private readonly SemaphoreSlim _reload = new(1, 1);

    /// The scanner built from the lexicon as last loaded. Before the start-up load (a command-line
    /// verb that skips start-up, a test host) the first call loads synchronously, once.
    public SensitiveWordScanner Current => (Volatile.Read(ref _snapshot) ?? LoadBlocking()).Scanner;

    /// Scans with <see cref="Current"/>; callers that scan many texts as one unit take Current once.
    public IReadOnlyList<ScanHit> Scan(ReadOnlySpan<char> text) => Current.Scan(text);

    /// Recompiles from the database now (after a change in this process).
    public Task ReloadAsync(CancellationToken ct) => RefreshAsync(force: true, ct);

    /// Recompiles when the rows changed since the last load (another instance edited them).
    public async Task<bool> RefreshAsync(bool force, CancellationToken ct)
    {
        await _reload.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var rows = await db.SensitiveWords.AsNoTracking()
                .Select(w => new Row(w.Id, w.Version, w.Enabled, w.Word, w.Category, w.Severity))
                .ToListAsync(ct);
            return Swap(rows, force);
        }
        finally
        {
            _reload.Release();
        }
    }

    private Snapshot LoadBlocking()
    {
        _reload.Wait();
        try
        {
            if (Volatile.Read(ref _snapshot) is { } loaded) return loaded;
            using var db = dbFactory.CreateDbContext();
            var rows = db.SensitiveWords.AsNoTracking()
                .Select(w => new Row(w.Id, w.Version, w.Enabled, w.Word, w.Category, w.Severity))
                .ToList();
            Swap(rows, force: true);
            return Volatile.Read(ref _snapshot) ?? Empty;
        }
        finally
        {
            _reload.Release();
        }
    }

    private sealed record Row(Guid Id, Guid Version, bool Enabled, string Word, string Category, HitSeverity Severity);

    private bool Swap(List<Row> rows, bool force)
    {
        var stamp = Stamp(rows);
        if (!force && Volatile.Read(ref _snapshot)?.Stamp == stamp) return false;
        var enabled = rows.Where(r => r.Enabled).Select(r => new LexiconEntry(r.Word, r.Category, r.Severity)).ToList();
        SensitiveWordScanner scanner;
        try
        {
            scanner = new SensitiveWordScanner(enabled);
        }
        catch (ArgumentException ex)
        {
            // Only rows written around LexiconService (which refuses such words) get here. Skip the
            // bad ones rather than scan with nothing.
            log.LogError(ex, "The sensitive-word lexicon has a word the scanner refuses; scanning without it");
            scanner = new SensitiveWordScanner(enabled.Where(e => LexiconRules.Problem(e.Word) is null));
        }
        Volatile.Write(ref _snapshot, new Snapshot(scanner, stamp));
        log.LogInformation("Sensitive-word scanner compiled: {Words} enabled words of {Rows}", scanner.WordCount, rows.Count);
        return true;
    }

    // Every edit gives the row a new Version, and enabling or deleting changes the set: the ids
    // with their versions say whether anything changed.
    private static string Stamp(List<Row> rows)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        Span<byte> buffer = stackalloc byte[33];
        foreach (var r in rows.OrderBy(r => r.Id))
        {
            r.Id.TryWriteBytes(buffer);
            r.Version.TryWriteBytes(buffer[16..]);
            buffer[32] = r.Enabled ? (byte)1 : (byte)0;
            hash.AppendData(buffer);
        }
        return Convert.ToHexString(hash.GetHashAndReset()) + ":" + rows.Count;
    }

    /// Fills an empty lexicon from <see cref="DefaultLexicon"/>, once in the life of an
    /// installation: a table that is empty because administrators deleted every word (the audit
    /// log remembers lexicon rows were written) stays empty. Safe when several instances start
    /// together: the unique index on Word lets one of them win and the others see its rows.
    public async Task<int> SeedAsync(TimeProvider clock, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.SensitiveWords.AnyAsync(ct)) return 0;
        if (await db.AuditEntries.AnyAsync(a => a.Entity == "risk_sensitive_word", ct)) return 0;
        var now = clock.GetUtcNow();
        foreach (var entry in DefaultLexicon.Entries)
            db.SensitiveWords.Add(new SensitiveWord
            {
                Word = entry.Word, Category = entry.Category, Severity = entry.Severity, CreatedAt = now, CreatedBy = "system",
            });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            if (await AnyAsync(ct)) return 0; // another instance seeded first
            throw;
        }
        log.LogInformation("Sensitive-word lexicon seeded with {Count} default words", DefaultLexicon.Entries.Count);
        return DefaultLexicon.Entries.Count;
    }

    private async Task<bool> AnyAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SensitiveWords.AnyAsync(ct);
    }

    /// Start-up: seed a new installation's lexicon, then compile the scanner.
    public async Task InitialiseAsync(TimeProvider clock, CancellationToken ct)
    {
        await SeedAsync(clock, ct);
        await ReloadAsync(ct);
    }
}

/// Picks up lexicon changes made by other instances (see <see cref="LexiconScanner"/>).
public sealed class LexiconRefreshJob(LexiconScanner scanner, IConfiguration configuration, ILogger<LexiconRefreshJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue("Risk:Lexicon:RefreshSeconds", 30);
        if (seconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await scanner.RefreshAsync(force: false, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Checking the sensitive-word lexicon for changes failed; trying again at the next tick");
            }
        }
    }
}
