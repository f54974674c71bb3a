using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace Renhe.Modules.Risk.Archive;

/// Asks an RFC 3161 time-stamp authority (<c>Risk:TimestampAuthorityUrl</c>) to time-stamp a signed
/// digest, so that the day it was signed rests on a third party's clock rather than on Renhe's.
/// Unconfigured, it does nothing.
public sealed class ArchiveTimestampClient(HttpClient http, IConfiguration configuration)
{
    public const string Setting = "Risk:TimestampAuthorityUrl";

    public string? AuthorityUrl => configuration[Setting] is { Length: > 0 } url ? url : null;

    /// The time-stamp token (CMS SignedData, DER) over SHA-256 of <paramref name="data"/>, checked:
    /// it answers this request (imprint and nonce) and its signature verifies with the TSA's
    /// certificate, which the token carries. Throws when the TSA fails or answers wrongly.
    public async Task<Rfc3161TimestampToken> TimestampAsync(byte[] data, CancellationToken ct)
    {
        var url = AuthorityUrl ?? throw new InvalidOperationException("No time-stamp authority is configured.");
        var request = Rfc3161TimestampRequest.CreateFromData(data, HashAlgorithmName.SHA256,
            nonce: RandomNumberGenerator.GetBytes(8), requestSignerCertificates: true);
        using var content = new ByteArrayContent(request.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var response = await http.PostAsync(url, content, ct);
        response.EnsureSuccessStatusCode();
        var reply = await response.Content.ReadAsByteArrayAsync(ct);
        var token = request.ProcessResponse(reply, out _);
        if (!token.VerifySignatureForData(data, out _))
            throw new CryptographicException("The time-stamp token's signature does not verify.");
        return token;
    }
}
