using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;
using Renhe.Platform.Security;

namespace Renhe.Modules.Integrations.WeCom.Api;

/// Access tokens per app, cached in memory and in the database until shortly before they expire.
/// Within an instance one request refreshes while the others wait for it; across instances the one
/// that takes the row's lease fetches and the others read what it stores, so a burst of calls after
/// expiry costs WeCom one gettoken, not one per request or per instance.
public sealed class WeComTokens(FieldCipher cipher, TimeProvider clock, ILogger<WeComTokens> log)
{
    /// Refreshed this long before WeCom's expires_in runs out, so no call leaves with a token that
    /// dies on the way.
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);
    /// How long one instance may hold the refresh before another takes over (it died mid-fetch).
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset ExpiresAt)> _memory = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new();

    public async Task<string> GetAsync(WeComApp app, IDbContextFactory<AppDbContext> dbFactory,
        Func<CancellationToken, Task<(string Token, int ExpiresIn)>> fetch, CancellationToken ct)
    {
        if (Fresh(app.Key) is { } cached) return cached;
        var gate = _gates.GetOrAdd(app.Key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (Fresh(app.Key) is { } again) return again;
            var waited = Stopwatch.StartNew();
            while (true)
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                var now = clock.GetUtcNow();
                var row = await db.WeComAccessTokens.AsNoTracking().SingleOrDefaultAsync(t => t.AppKey == app.Key, ct);
                if (row is { TokenCipher: { } stored } && row.ExpiresAt - Margin > now)
                    return Remember(app.Key, cipher.Decrypt(stored)!, row.ExpiresAt);
                if (row is null)
                {
                    db.WeComAccessTokens.Add(new WeComAccessToken { AppKey = app.Key, ExpiresAt = now });
                    try
                    {
                        await db.SaveChangesAsync(ct);
                    }
                    catch (DbUpdateException)
                    {
                        // Another instance created it first: its lease decides below.
                    }
                    continue;
                }

                var holder = Guid.NewGuid().ToString("N");
                var leaseUntil = now + Lease;
                var taken = await db.WeComAccessTokens.Where(t => t.AppKey == app.Key && (t.LeaseUntil == null || t.LeaseUntil < now))
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.LeaseUntil, leaseUntil).SetProperty(t => t.LeaseHolder, holder), ct);
                if (taken == 1) return await RefreshAsync(app, db, holder, fetch, ct);

                // Someone else is fetching: read what they store. A holder that died is replaced
                // when its lease runs out.
                if (waited.Elapsed > Lease + Lease) throw new TimeoutException("No WeCom access token after waiting for another instance's refresh.");
                await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// WeCom refused <paramref name="token"/> (40014, 42001): forget it here and in the database,
    /// unless someone has already replaced it.
    public async Task RejectAsync(WeComApp app, string token, IDbContextFactory<AppDbContext> dbFactory, CancellationToken ct)
    {
        if (_memory.TryGetValue(app.Key, out var cached) && cached.Token == token) _memory.TryRemove(app.Key, out _);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.WeComAccessTokens.SingleOrDefaultAsync(t => t.AppKey == app.Key, ct);
        if (row?.TokenCipher is not { } stored || cipher.Decrypt(stored) != token) return;
        row.TokenCipher = null;
        row.ExpiresAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        log.LogInformation("WeCom rejected the access token of {App}; a new one is fetched", app.Key);
    }

    /// Forgets tokens held in memory (new settings: the old secret's token must not be used).
    public void Clear() => _memory.Clear();

    private async Task<string> RefreshAsync(WeComApp app, AppDbContext db, string holder,
        Func<CancellationToken, Task<(string Token, int ExpiresIn)>> fetch, CancellationToken ct)
    {
        try
        {
            var (token, expiresIn) = await fetch(ct);
            var expiresAt = clock.GetUtcNow().AddSeconds(expiresIn);
            var tokenCipher = cipher.Encrypt(token);
            await db.WeComAccessTokens.Where(t => t.AppKey == app.Key && t.LeaseHolder == holder)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.TokenCipher, tokenCipher).SetProperty(t => t.ExpiresAt, expiresAt)
                    .SetProperty(t => t.LeaseUntil, (DateTimeOffset?)null).SetProperty(t => t.LeaseHolder, (string?)null), CancellationToken.None);
            log.LogInformation("Fetched a WeCom access token for {App}, valid until {ExpiresAt:u}", app.Key, expiresAt);
            return Remember(app.Key, token, expiresAt);
        }
        catch
        {
            // Free the lease at once so the next caller tries again instead of waiting it out.
            await db.WeComAccessTokens.Where(t => t.AppKey == app.Key && t.LeaseHolder == holder)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LeaseUntil, (DateTimeOffset?)null).SetProperty(t => t.LeaseHolder, (string?)null),
                    CancellationToken.None);
            throw;
        }
    }

    private string? Fresh(string key) =>
        _memory.TryGetValue(key, out var cached) && cached.ExpiresAt - Margin > clock.GetUtcNow() ? cached.Token : null;

    private string Remember(string key, string token, DateTimeOffset expiresAt)
    {
        _memory[key] = (token, expiresAt);
        return token;
    }
}
