using Renhe.Modules.Risk.Lexicon;

namespace Renhe.Modules.Risk.Archive;

/// The archive's command-line verbs: `import-chats <file.jsonl>`, `import-calls <file.csv> [time zone]` and `verify-archive`.
public static class ArchiveCommands
{
    public static Task<int> ImportChatsAsync(IServiceProvider services, string? path, TextWriter output, CancellationToken ct = default) =>
        ImportAsync(services, path, "import-chats needs a JSON-lines file of chat-archive messages", output,
            (import, stream, progress) => import.ImportChatsAsync(stream, progress, ct), ct);

    /// Call records as CSV or Excel; times without an offset are read in <paramref name="timeZone"/>.
    public static Task<int> ImportCallsAsync(IServiceProvider services, string? path, string? timeZone, TextWriter output,
        CancellationToken ct = default)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone ?? ArchiveImport.DefaultCallTimeZone, out var zone))
        {
            output.WriteLine($"Unknown time zone '{timeZone}'.");
            return Task.FromResult(2);
        }
        return ImportAsync(services, path, "import-calls needs a CSV or Excel file of call records", output,
            (import, stream, progress) => import.ImportCallsAsync(stream, path!, zone, progress, ct), ct);
    }

    private static async Task<int> ImportAsync(IServiceProvider services, string? path, string usage, TextWriter output,
        Func<ArchiveImport, Stream, IProgress<ImportProgress>, Task<ImportSummary>> import, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            await output.WriteLineAsync($"{usage} (got '{path}').");
            return 2;
        }
        await services.GetRequiredService<LexiconScanner>().InitialiseAsync(services.GetRequiredService<TimeProvider>(), ct);
        await using var scope = services.CreateAsyncScope();
        await using var stream = File.OpenRead(path);
        ImportSummary summary;
        try
        {
            summary = await import(scope.ServiceProvider.GetRequiredService<ArchiveImport>(), stream,
                new Progress<ImportProgress>(p => output.WriteLine($"… {p.Read} read, {p.Stored} stored")));
        }
        catch (Renhe.Platform.Problems.DomainException e)
        {
            var l = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Renhe.Platform.Localization.Strings>>();
            await output.WriteLineAsync($"{path}: {Renhe.Platform.Problems.DomainMessages.Message(l, e)}");
            return 2;
        }
        foreach (var r in summary.Rejections) await output.WriteLineAsync($"line {r.Line}: rejected ({r.Error})");
        await output.WriteLineAsync($"Imported {summary.Stored}, duplicates {summary.Duplicates}, rejected {summary.Rejected}.");
        return summary.Rejected > 0 ? 1 : 0;
    }

    public static async Task<int> VerifyArchiveAsync(IServiceProvider services, TextWriter output, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ArchiveIntegrityService>().VerifyAsync(ct);
        foreach (var f in result.Findings) await output.WriteLineAsync($"seq {f.Seq}: {f.Kind} — {f.Detail}");
        foreach (var d in result.DigestFindings) await output.WriteLineAsync($"digest {d.Day:yyyy-MM-dd} (seq {d.HeadSeq}): {d.Problem}");
        await output.WriteLineAsync(result.Intact
            ? $"Archive intact: {result.RecordsChecked} records, {result.PurgeGaps} purge gaps, {result.DigestsChecked} signed digests."
            : $"Archive NOT intact: {result.Findings.Count} chain findings, {result.DigestFindings.Count} digest findings over {result.RecordsChecked} records.");
        return result.Intact ? 0 : 1;
    }
}
