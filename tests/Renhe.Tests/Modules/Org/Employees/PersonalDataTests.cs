using System.Security.Cryptography;
using Renhe.Modules.Org.Employees;
using Renhe.Platform.Security;

namespace Renhe.Tests.Modules.Org.Employees;

[Trait("Category", "Unit")]
public sealed class PersonalDataTests
{
    [Theory]
    // Worked examples of GB 11643: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, check "10X98765432"[sum % 11].
    [InlineData("11010519491231002X", true)]   // the standard's own example, check character X
    [InlineData("11010519491231002x", true)]   // lower-case x is accepted and normalised
    [InlineData("440308199001011234", false)]  // right shape, wrong check digit
    [InlineData("440308199001011239", true)]
    [InlineData("110105194912310021", false)]  // X replaced by a digit
    [InlineData("11010519491331002X", false)]  // month 13
    [InlineData("1101051949123100", false)]    // 16 characters
    [InlineData("11010519491231002X1", false)] // 19 characters
    [InlineData("1101051949123100AX", false)]  // letter inside
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Id_card_numbers_are_checked_against_GB_11643(string? id, bool valid) =>
        Assert.Equal(valid, PersonalData.IsValidIdCardNumber(id));

    [Theory]
    [InlineData("13812341234", true)]
    [InlineData("+86 138 1234 1234", true)]
    [InlineData("8613812341234", true)]
    [InlineData("138-1234-1234", true)]
    [InlineData("12812341234", false)]  // no 12x mobile prefix
    [InlineData("1381234123", false)]   // 10 digits
    [InlineData("0755-12345678", false)] // a landline is not a mobile
    public void Mobile_numbers_are_mainland_eleven_digit_numbers(string phone, bool valid) =>
        Assert.Equal(valid, PersonalData.IsValidMobile(phone));

    [Theory]
    [InlineData("13812341234", "138****1234")]
    [InlineData("19900001111", "199****1111")]
    public void Phones_are_masked_keeping_prefix_and_last_four(string phone, string masked) =>
        Assert.Equal(masked, PersonalData.MaskPhone(phone));

    [Fact]
    public void Id_card_numbers_are_masked_keeping_region_and_last_four() =>
        Assert.Equal("110105********002X", PersonalData.MaskIdCardNumber("11010519491231002X"));

    [Fact]
    public void Bank_accounts_show_only_the_last_four_digits() =>
        Assert.Equal("************5678", PersonalData.MaskBankAccount("6222021234565678"));

    [Fact]
    public void Encryption_round_trips_and_never_repeats_ciphertext()
    {
        var cipher = new FieldCipher(RandomNumberGenerator.GetBytes(32));
        var first = cipher.Encrypt("11010519491231002X")!;
        var second = cipher.Encrypt("11010519491231002X")!;
        Assert.NotEqual(first, second);                    // random nonce per value
        Assert.DoesNotContain("11010519491231002X", first);
        Assert.Equal("11010519491231002X", cipher.Decrypt(first));
        Assert.Equal("11010519491231002X", cipher.Decrypt(second));
    }

    [Fact]
    public void Tampered_ciphertext_is_refused()
    {
        var cipher = new FieldCipher(RandomNumberGenerator.GetBytes(32));
        var stored = cipher.Encrypt("13812341234")!;
        var bytes = Convert.FromBase64String(stored[3..]);
        bytes[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => cipher.Decrypt("v1:" + Convert.ToBase64String(bytes)));
    }

    [Fact]
    public void Another_key_cannot_read_the_data()
    {
        var stored = new FieldCipher(RandomNumberGenerator.GetBytes(32)).Encrypt("6222021234565678");
        Assert.ThrowsAny<CryptographicException>(() => new FieldCipher(RandomNumberGenerator.GetBytes(32)).Decrypt(stored));
    }

    [Fact]
    public void Blind_index_is_stable_per_key_and_differs_across_keys()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        Assert.Equal(new FieldCipher(key).BlindIndex("x"), new FieldCipher(key).BlindIndex("x"));
        Assert.NotEqual(new FieldCipher(key).BlindIndex("x"), new FieldCipher(key).BlindIndex("y"));
        Assert.NotEqual(new FieldCipher(key).BlindIndex("x"), new FieldCipher(RandomNumberGenerator.GetBytes(32)).BlindIndex("x"));
    }
}
