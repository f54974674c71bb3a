using System.Text;
using Renhe.Modules.Integrations.WeCom;

namespace Renhe.Tests.Modules.Integrations.WeCom;

[Trait("Category", "Unit")]
public sealed class WeComCryptoTests
{
    // The public vector of WeCom's own Python sample (URL verification of an internal app).
    private const string Token = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo";
    private const string AesKey = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt";
    private const string CorpId = "ww1436e0e65a779aee";
    private const string Timestamp = "1476416373";
    private const string Nonce = "47744683";
    private const string EchoStr = "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==";
    private const string MsgSignature = "012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb";

    private static readonly WeComCrypto Crypto = new(Token, AesKey, CorpId);

    [Fact]
    public void The_public_vector_signature_verifies()
    {
        Assert.Equal(MsgSignature, Crypto.Sign(Timestamp, Nonce, EchoStr));
        Assert.True(Crypto.VerifySignature(MsgSignature, Timestamp, Nonce, EchoStr));
    }

    [Fact]
    public void The_public_vector_echostr_decrypts_to_the_plain_echo_and_the_corp_id()
    {
        var plain = Crypto.Decrypt(EchoStr);
        Assert.Equal("1288432023552776189", plain.Message);
        Assert.Equal(CorpId, plain.ReceiveId);
        Assert.Equal("1288432023552776189", Crypto.VerifyAndDecrypt(MsgSignature, Timestamp, Nonce, EchoStr));
    }

    [Fact]
    public void Signatures_in_upper_case_hex_are_accepted() =>
        Assert.True(Crypto.VerifySignature(MsgSignature.ToUpperInvariant(), Timestamp, Nonce, EchoStr));

    [Theory]
    [InlineData("012bc692d0a58dd4b10f8dfe5c4ac00ae211ebec", Timestamp, Nonce)]  // last digit changed
    [InlineData(MsgSignature, "1476416374", Nonce)]                           // replayed with another timestamp
    [InlineData(MsgSignature, Timestamp, "47744684")]                         // another nonce
    [InlineData("", Timestamp, Nonce)]
    [InlineData(null, Timestamp, Nonce)]
    [InlineData("012bc692", Timestamp, Nonce)]                                // truncated
    public void A_wrong_signature_is_rejected(string? signature, string timestamp, string nonce)
    {
        Assert.False(Crypto.VerifySignature(signature, timestamp, nonce, EchoStr));
        var e = Assert.Throws<WeComCryptoException>(() => Crypto.VerifyAndDecrypt(signature, timestamp, nonce, EchoStr));
        Assert.Equal(WeComCryptoFailure.BadSignature, e.Reason);
    }

    [Fact]
    public void Another_token_does_not_verify_the_vector() =>
        Assert.False(new WeComCrypto("another-token", AesKey, CorpId).VerifySignature(MsgSignature, Timestamp, Nonce, EchoStr));

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("你好")]
    [InlineData("<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName><Event><![CDATA[change_external_contact]]></Event></xml>")]
    [InlineData("一段较长的中文消息，用来跨过好几个三十二字节的填充块。")]
    public void Messages_round_trip(string message)
    {
        var encrypted = Crypto.Encrypt(message);
        var signature = Crypto.Sign(Timestamp, Nonce, encrypted);
        Assert.Equal(message, Crypto.VerifyAndDecrypt(signature, Timestamp, Nonce, encrypted));
    }

    [Fact]
    public void Every_padding_length_from_1_to_32_round_trips()
    {
        // 16 random + 4 length + 18 corp id = 38 bytes of overhead; message lengths 0..31 hit every pad.
        var pads = new HashSet<int>();
        for (var n = 0; n < 40; n++)
        {
            var message = new string('x', n);
            var encrypted = Crypto.Encrypt(message);
            Assert.Equal(0, Convert.FromBase64String(encrypted).Length % 32);
            pads.Add(32 - (38 + n) % 32);
            Assert.Equal(message, Crypto.Decrypt(encrypted).Message);
        }
        Assert.Equal(32, pads.Count);
    }

    [Fact]
    public void A_fixed_random_prefix_gives_the_same_ciphertext_and_a_random_one_does_not()
    {
        var random = Encoding.ASCII.GetBytes("8908d0ff052afda0"); // the prefix inside the public vector
        Assert.Equal(EchoStr, Crypto.Encrypt("1288432023552776189", random));
        Assert.NotEqual(Crypto.Encrypt("same"), Crypto.Encrypt("same"));
    }

    [Fact]
    public void A_message_for_another_corp_is_rejected()
    {
        var other = new WeComCrypto(Token, AesKey, "wwffffffffffffffff");
        var e = Assert.Throws<WeComCryptoException>(() => other.Decrypt(EchoStr));
        Assert.Equal(WeComCryptoFailure.BadCorpId, e.Reason);

        var fromOther = other.Encrypt("hello");
        e = Assert.Throws<WeComCryptoException>(() => Crypto.Decrypt(fromOther));
        Assert.Equal(WeComCryptoFailure.BadCorpId, e.Reason);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("AAAA")]                                         // 3 bytes, not a whole AES block
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==")]                     // one block of zeros: padding byte is garbage
    [InlineData("fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b")] // the vector cut short
    public void Garbage_is_rejected_as_malformed(string encrypted)
    {
        var e = Assert.Throws<WeComCryptoException>(() => Crypto.Decrypt(encrypted));
        Assert.Equal(WeComCryptoFailure.Malformed, e.Reason);
    }

    [Theory]
    [InlineData(0)]  // first block: garbles the random prefix only, so only the signature can tell
    [InlineData(20)] // second block: garbles the length or the message
    [InlineData(40)] // third block
    [InlineData(63)] // last block: garbles the padding
    public void A_tampered_ciphertext_fails_the_signature_check(int index)
    {
        var bytes = Convert.FromBase64String(EchoStr);
        bytes[index] ^= 0x01;
        var tampered = Convert.ToBase64String(bytes);
        var e = Assert.Throws<WeComCryptoException>(() => Crypto.VerifyAndDecrypt(MsgSignature, Timestamp, Nonce, tampered));
        Assert.Equal(WeComCryptoFailure.BadSignature, e.Reason);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(40)]
    [InlineData(63)]
    public void A_tampered_ciphertext_never_decrypts_to_the_original(int index)
    {
        var bytes = Convert.FromBase64String(EchoStr);
        bytes[index] ^= 0x01;
        var tampered = Convert.ToBase64String(bytes);
        try
        {
            Assert.NotEqual("1288432023552776189", Crypto.Decrypt(tampered).Message);
        }
        catch (WeComCryptoException e)
        {
            Assert.NotEqual(WeComCryptoFailure.BadSignature, e.Reason);
        }
    }

    [Theory]
    [InlineData("tooShort")]
    [InlineData("6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhU")]   // 42 characters
    [InlineData("6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhU!")]  // not base64
    public void A_bad_encoding_aes_key_is_refused_at_construction(string key) =>
        Assert.Throws<ArgumentException>(() => new WeComCrypto(Token, key, CorpId));
}
