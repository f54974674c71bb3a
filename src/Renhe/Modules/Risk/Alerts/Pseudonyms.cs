using System.Security.Cryptography;
using System.Text;
using Renhe.Modules.Risk.Archive;

namespace Renhe.Modules.Risk.Alerts;

/// The name a triager sees instead of a person's: "员工-7F3A2C", the same for one person on every
/// alert (so patterns show) and impossible to reverse without the digest key, which is not in the
/// database. Six hex digits keep two people among 5,000 from sharing one (about a 1 in 1,300 chance).
public sealed class Pseudonyms(DigestKey key)
{
    private readonly byte[] pseudonymKey = HMACSHA256.HashData(key.Key, "renhe-risk-pseudonym-v1"u8);

    public string Code(Guid employeeId) =>
        Convert.ToHexString(HMACSHA256.HashData(pseudonymKey, Encoding.ASCII.GetBytes(employeeId.ToString("N"))).AsSpan(0, 3));
}
