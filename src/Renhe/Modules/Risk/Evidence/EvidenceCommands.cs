using System.Security.Cryptography;

namespace Renhe.Modules.Risk.Evidence;

/// `verify-evidence <package.zip> [--public-key <pem>]`: checks an evidence package offline, with no
/// database and no configuration. Exit codes: 0 verified, 1 a check failed, 2 wrong command line.
public static class EvidenceCommands
{
    public static int VerifyEvidence(IReadOnlyList<string> args, TextWriter output)
    {
        string? path = null, keyPath = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--public-key" && i + 1 < args.Count) keyPath = args[++i];
            else if (args[i].StartsWith("--public-key=", StringComparison.Ordinal)) keyPath = args[i]["--public-key=".Length..];
            else if (!args[i].StartsWith('-') && path is null) path = args[i];
        }
        if (path is null || !File.Exists(path))
        {
            output.WriteLine($"verify-evidence needs an evidence package (.zip) (got '{path}'). Usage: verify-evidence <package.zip> [--public-key <pem>]");
            return 2;
        }
        byte[]? trusted = null;
        if (keyPath is not null)
        {
            try
            {
                using var ecdsa = ECDsa.Create();
                ecdsa.ImportFromPem(File.ReadAllText(keyPath));
                trusted = ecdsa.ExportSubjectPublicKeyInfo();
            }
            catch (Exception e) when (e is IOException or ArgumentException or CryptographicException)
            {
                output.WriteLine($"--public-key {keyPath}: not a readable PEM public key ({e.Message}).");
                return 2;
            }
        }
        EvidenceVerification result;
        using (var stream = File.OpenRead(path)) result = EvidenceVerifier.Verify(stream, trusted);
        foreach (var check in result.Checks) output.WriteLine(check.ToString());
        var failed = result.Checks.Count(c => c.Outcome == EvidenceCheckOutcome.Failed);
        output.WriteLine(result.Verified
            ? $"Evidence package verified: {path}; public key fingerprint {result.Fingerprint}."
            : $"Evidence package NOT verified: {failed} failed checks in {path}; public key fingerprint {result.Fingerprint ?? "unknown"}.");
        return result.Verified ? 0 : 1;
    }
}
