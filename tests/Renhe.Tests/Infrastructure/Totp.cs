using OtpNet;

namespace Renhe.Tests.Infrastructure;

/// What an authenticator app does with the shared key (RFC 6238, 30-second steps, 6 digits).
public static class TotpCodes
{
    public static string For(string sharedKey) =>
        new Totp(Base32Encoding.ToBytes(sharedKey.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant())).ComputeTotp();
}
