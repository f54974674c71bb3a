using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Renhe.Modules.Integrations.WeCom.Api;
using Renhe.Platform.Data;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Integrations.WeCom.Settings;

/// The WeCom app settings: read by every outbound call, written by administrators on the settings
/// page. A new secret or corp id drops the cached tokens, which belonged to the old app.
public sealed class WeComSettingsService(IDbContextFactory<AppDbContext> dbFactory, FieldCipher cipher, WeComTokens tokens, InputValidator validator,
    CurrentUser currentUser, TimeProvider clock, IStringLocalizer<Strings> l)
{
    /// The app to call WeCom as, or null while it is not configured (then nothing outbound happens).
    public async Task<WeComApp?> AppAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.WeComSettings.AsNoTracking().SingleOrDefaultAsync(s => s.Id == WeComSettings.SingletonId, ct);
        return row is { IsComplete: true } ? new WeComApp(row.CorpId, row.AgentId, cipher.Decrypt(row.SecretCipher)!) : null;
    }

    public async Task<bool> IsConfiguredAsync(CancellationToken ct) => await AppAsync(ct) is not null;

    public async Task<WeComSettingsView> GetAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.WeComSettings.AsNoTracking().SingleOrDefaultAsync(s => s.Id == WeComSettings.SingletonId, ct);
        return row is null
            ? new WeComSettingsView("", 0, false, false, null, null, null)
            : new WeComSettingsView(row.CorpId, row.AgentId, row.SecretCipher is not null, row.IsComplete, row.UpdatedAt, row.UpdatedBy, row.Version);
    }

    public async Task<WeComSettingsView> SaveAsync(WeComSettingsInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.WeComSettings.SingleOrDefaultAsync(s => s.Id == WeComSettings.SingletonId, ct);
        if (row is null)
        {
            if (string.IsNullOrEmpty(input.Secret)) throw new DomainException("Validation.Required", "secret") { Field = "secret" };
            row = new WeComSettings();
            db.WeComSettings.Add(row);
        }
        else
        {
            // Two administrators editing at once: the second is told, not silently overwritten.
            if (input.Version is not { } version) throw new DomainException("Validation.Required", "version") { Field = "version" };
            db.ExpectVersion(row, version);
        }
        row.CorpId = input.CorpId.Trim();
        row.AgentId = input.AgentId!.Value;
        if (!string.IsNullOrEmpty(input.Secret)) row.SecretCipher = cipher.Encrypt(input.Secret);
        row.UpdatedAt = clock.GetUtcNow();
        row.UpdatedBy = currentUser.Principal.Identity?.Name;
        // Tokens belong to the app that fetched them: after a change none may be used again.
        db.WeComAccessTokens.RemoveRange(await db.WeComAccessTokens.ToListAsync(ct));
        await db.SaveChangesAsync(ct);
        tokens.Clear();
        return await GetAsync(ct);
    }

    /// Tries the stored settings: a token, then the departments the app can see.
    public async Task<WeComConnectionCheck> CheckAsync(WeComClient client, CancellationToken ct)
    {
        try
        {
            var departments = await client.ListDepartmentsAsync(ct);
            return new WeComConnectionCheck(true, departments.Count, null, l["WeCom.Settings.CheckOk", departments.Count]);
        }
        catch (WeComException e)
        {
            return new WeComConnectionCheck(false, 0, e.ErrCode, l[e.MessageKey, e.Args]);
        }
        catch (WeComNotConfiguredException e)
        {
            return new WeComConnectionCheck(false, 0, null, l[e.MessageKey]);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new WeComConnectionCheck(false, 0, null, l["WeCom.Settings.Unreachable", e.Message]);
        }
    }
}
