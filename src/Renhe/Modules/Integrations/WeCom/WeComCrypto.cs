using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Renhe.Modules.Integrations.WeCom;

/// WeCom's callback encryption ("加解密方案"), byte for byte as WeCom's own samples do it, so that
/// the URL verification and every pushed event can be checked and read:
///
/// - signature = lower-case hex SHA-1 of the concatenation of token, timestamp, nonce and the
///   base64 ciphertext, after sorting those four strings ordinally;
/// - AES-256-CBC, key = base64-decode(EncodingAESKey + "=") (43 characters → 32 bytes),
///   IV = the key's first 16 bytes;
/// - PKCS#7 padding to a 32-byte block (not AES's 16), which is why the padding is done here by
///   hand and the cipher runs with <see cref="PaddingMode.None"/>;
/// - plaintext = 16 random bytes | 4-byte big-endian message length | message (UTF-8) | receive id
///   (the corp id for an internal app).
///
/// CBC gives no integrity: a flipped ciphertext bit can decrypt to well-formed garbage. The
/// signature is the integrity check, so callers use <see cref="VerifyAndDecrypt"/> and never
/// decrypt unverified input on its own.
public sealed class WeComCrypto
{
    private const int RandomLength = 16, LengthPrefix = 4, PadBlock = 32;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly string _token;
    private readonly byte[] _key;
    private readonly string _receiveId;

    public WeComCrypto(string token, string encodingAesKey, string receiveId)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentException.ThrowIfNullOrEmpty(receiveId);
        if (encodingAesKey is not { Length: 43 })
            throw new ArgumentException("The EncodingAESKey is 43 characters long.", nameof(encodingAesKey));
        try
        {
            _key = Convert.FromBase64String(encodingAesKey + "=");
        }
        catch (FormatException e)
        {
            throw new ArgumentException("The EncodingAESKey is not base64.", nameof(encodingAesKey), e);
        }
        _token = token;
        _receiveId = receiveId;
    }

    public string Sign(string timestamp, string nonce, string encrypted)
    {
        string[] parts = [_token, timestamp, nonce, encrypted];
        Array.Sort(parts, StringComparer.Ordinal);
        // SHA-1 is WeCom's protocol, not our choice; it authenticates with the shared token.
#pragma warning disable CA5350
        var digest = SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts)));
#pragma warning restore CA5350
        return Convert.ToHexStringLower(digest);
    }

    public bool VerifySignature(string? signature, string timestamp, string nonce, string encrypted)
    {
        if (string.IsNullOrEmpty(signature)) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(timestamp, nonce, encrypted));
        var given = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        // Constant time, so the signature cannot be guessed byte by byte from response times.
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// The one entry point for untrusted input: signature first, then decryption.
    public string VerifyAndDecrypt(string? signature, string timestamp, string nonce, string encrypted)
    {
        if (!VerifySignature(signature, timestamp, nonce, encrypted))
            throw new WeComCryptoException(WeComCryptoFailure.BadSignature, "The message signature does not match.");
        return Decrypt(encrypted).Message;
    }

    /// Decrypts and unpacks a ciphertext, rejecting any receive id other than ours.
    public WeComPlaintext Decrypt(string encrypted)
    {
        byte[] cipher;
        try
        {
            cipher = Convert.FromBase64String(encrypted);
        }
        catch (FormatException)
        {
            throw Malformed("The ciphertext is not base64.");
        }
        if (cipher.Length == 0 || cipher.Length % 16 != 0) throw Malformed("The ciphertext is not a whole number of AES blocks.");

        using var aes = Aes.Create();
        aes.Key = _key;
        var plain = aes.DecryptCbc(cipher, _key.AsSpan(0, 16), PaddingMode.None);

        var pad = plain[^1];
        if (pad is < 1 or > PadBlock || pad > plain.Length) throw Malformed("The padding is invalid.");
        for (var i = plain.Length - pad; i < plain.Length; i++)
            if (plain[i] != pad) throw Malformed("The padding is invalid.");
        var content = plain.AsSpan(0, plain.Length - pad);

        if (content.Length < RandomLength + LengthPrefix) throw Malformed("The plaintext is too short.");
        var length = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(RandomLength, LengthPrefix));
        var rest = content[(RandomLength + LengthPrefix)..];
        if (length > (uint)rest.Length) throw Malformed("The declared message length exceeds the plaintext.");

        string message, receiveId;
        try
        {
            message = StrictUtf8.GetString(rest[..(int)length]);
            receiveId = StrictUtf8.GetString(rest[(int)length..]);
        }
        catch (DecoderFallbackException)
        {
            throw Malformed("The plaintext is not UTF-8.");
        }
        if (!string.Equals(receiveId, _receiveId, StringComparison.Ordinal))
            throw new WeComCryptoException(WeComCryptoFailure.BadCorpId, "The message was encrypted for another receive id.");
        return new WeComPlaintext(message, receiveId);
    }

    /// Encrypts a reply (or a test message). The 16 random bytes may be fixed for reproducible
    /// tests; production callers leave them out.
    public string Encrypt(string message, byte[]? random16 = null)
    {
        if (random16 is not null && random16.Length != RandomLength)
            throw new ArgumentException("The random prefix is 16 bytes.", nameof(random16));
        var messageBytes = Encoding.UTF8.GetBytes(message);
        var receiveIdBytes = Encoding.UTF8.GetBytes(_receiveId);
        var contentLength = RandomLength + LengthPrefix + messageBytes.Length + receiveIdBytes.Length;
        var pad = PadBlock - contentLength % PadBlock; // 1..32: a full block when already aligned
        var plain = new byte[contentLength + pad];

        if (random16 is null) RandomNumberGenerator.Fill(plain.AsSpan(0, RandomLength));
        else random16.CopyTo(plain, 0);
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(RandomLength, LengthPrefix), (uint)messageBytes.Length);
        messageBytes.CopyTo(plain, RandomLength + LengthPrefix);
        receiveIdBytes.CopyTo(plain, RandomLength + LengthPrefix + messageBytes.Length);
        plain.AsSpan(contentLength).Fill((byte)pad);

        using var aes = Aes.Create();
        aes.Key = _key;
        return Convert.ToBase64String(aes.EncryptCbc(plain, _key.AsSpan(0, 16), PaddingMode.None));
    }

    private static WeComCryptoException Malformed(string message) => new(WeComCryptoFailure.Malformed, message);
}

public sealed record WeComPlaintext(string Message, string ReceiveId);

public enum WeComCryptoFailure
{
    BadSignature,
    BadCorpId,
    Malformed,
}

/// Raised for input that must be refused (the callback answers 4xx and stores nothing); the
/// reason lets the caller log which check failed without echoing the payload.
public sealed class WeComCryptoException(WeComCryptoFailure reason, string message) : Exception(message)
{
    public WeComCryptoFailure Reason { get; } = reason;
}
