namespace Renhe.Modules.Org.Employees;

/// Rules for the personal identifiers HR records: validation and the masked form everyone
/// without org.employee.reveal sees.
public static class PersonalData
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCodes = "10X98765432";

    /// Resident ID card number (GB 11643-1999): 17 digits and a check character computed as
    /// ISO 7064 MOD 11-2; the middle eight digits are a real birth date.
    public static bool IsValidIdCardNumber(string? value)
    {
        var id = NormaliseIdCardNumber(value);
        if (id is null || id.Length != 18) return false;
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(id[i])) return false;
            sum += (id[i] - '0') * Weights[i];
        }
        if (id[17] != CheckCodes[sum % 11]) return false;
        return DateOnly.TryParseExact(id.Substring(6, 8), "yyyyMMdd", out var birth) && birth.Year >= 1900;
    }

    public static string? NormaliseIdCardNumber(string? value) =>
        value?.Trim().Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    public static DateOnly? BirthDateFromIdCardNumber(string id) =>
        DateOnly.TryParseExact(id.Substring(6, 8), "yyyyMMdd", out var birth) ? birth : null;

    /// Mainland mobile numbers: 11 digits starting 13–19, with an optional +86 / 86 prefix.
    public static bool IsValidMobile(string? value)
    {
        var phone = NormalisePhone(value);
        return phone is { Length: 11 } && phone[0] == '1' && phone[1] is >= '3' and <= '9' && phone.All(char.IsAsciiDigit);
    }

    public static string? NormalisePhone(string? value)
    {
        if (value is null) return null;
        var digits = new string(value.Where(c => char.IsAsciiDigit(c) || c == '+').ToArray());
        if (digits.StartsWith("+86", StringComparison.Ordinal)) digits = digits[3..];
        else if (digits.Length == 13 && digits.StartsWith("86", StringComparison.Ordinal)) digits = digits[2..];
        return digits;
    }

    /// Bank card numbers: 12 to 19 digits (UnionPay cards are 16–19; some passbooks are shorter).
    public static bool IsValidBankAccount(string? value)
    {
        var digits = value?.Replace(" ", "", StringComparison.Ordinal);
        return digits is { Length: >= 12 and <= 19 } && digits.All(char.IsAsciiDigit);
    }

    public static string MaskPhone(string phone) =>
        phone.Length >= 7 ? phone[..3] + "****" + phone[^4..] : new string('*', phone.Length);

    public static string MaskIdCardNumber(string id) =>
        id.Length == 18 ? id[..6] + new string('*', 8) + id[^4..] : new string('*', id.Length);

    public static string MaskBankAccount(string account) =>
        account.Length > 4 ? new string('*', account.Length - 4) + account[^4..] : new string('*', account.Length);
}
