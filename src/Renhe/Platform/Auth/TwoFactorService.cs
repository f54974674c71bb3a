using System.Text;
using Microsoft.AspNetCore.Identity;
using QRCoder;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Platform.Auth;

public sealed record AuthenticatorSetup(string SharedKey, string AuthenticatorUri, string QrCodeSvg);

/// TOTP second factor: enrol with an authenticator app (QR code), confirm with a first code,
/// receive one-time recovery codes. Used by the security page and by the API alike.
public sealed class TwoFactorService(UserManager<AppUser> users)
{
    public const int RecoveryCodeCount = 10;

    public async Task<AuthenticatorSetup> GetSetupAsync(AppUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            Check(await users.ResetAuthenticatorKeyAsync(user));
            key = await users.GetAuthenticatorKeyAsync(user);
        }
        var uri = $"otpauth://totp/{Uri.EscapeDataString("Renhe")}:{Uri.EscapeDataString(user.UserName!)}" +
                  $"?secret={key}&issuer={Uri.EscapeDataString("Renhe")}&digits=6";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.Q);
        var svg = new SvgQRCode(data).GetGraphic(4);
        return new AuthenticatorSetup(Format(key!), uri, svg);
    }

    /// Confirms enrolment with the first code the app shows and returns the recovery codes.
    public async Task<IReadOnlyList<string>> EnableAsync(AppUser user, string code)
    {
        var valid = await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Normalise(code));
        if (!valid) throw new DomainException("Auth.InvalidCode") { Field = "code" };
        Check(await users.SetTwoFactorEnabledAsync(user, true));
        return (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList() ?? [];
    }

    public async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(AppUser user)
    {
        if (!await users.GetTwoFactorEnabledAsync(user)) throw new DomainException("Auth.TwoFactorNotEnabled");
        return (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList() ?? [];
    }

    public async Task DisableAsync(AppUser user)
    {
        Check(await users.SetTwoFactorEnabledAsync(user, false));
        Check(await users.ResetAuthenticatorKeyAsync(user));
    }

    /// A code from the app (6 digits) or a recovery code; spaces and dashes people type are ignored.
    public async Task<bool> VerifyAsync(AppUser user, string code)
    {
        var normalised = Normalise(code);
        if (normalised.Length == 6 && normalised.All(char.IsAsciiDigit))
            return await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, normalised);
        return (await users.RedeemTwoFactorRecoveryCodeAsync(user, code.Trim())).Succeeded;
    }

    /// Identity reports failures (a concurrent change to the account, say) as results, not
    /// exceptions: never report success for a change that was not stored.
    private static void Check(IdentityResult result)
    {
        if (result.Succeeded) return;
        var error = result.Errors.First();
        throw new DomainException("Identity." + error.Code) { Fallback = error.Description, StatusCode = StatusCodes.Status409Conflict };
    }

    private static string Normalise(string code) => code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);

    private static string Format(string key)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0) sb.Append(' ');
            sb.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }
        return sb.ToString().ToLowerInvariant();
    }
}
