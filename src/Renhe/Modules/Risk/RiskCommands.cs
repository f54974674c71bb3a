using System.Text.Json;
using Renhe.Modules.Integrations.WeCom;
using Renhe.Modules.Risk.Archive;

namespace Renhe.Modules.Risk;

/// The archive's command-line verbs: `import-chats <file.jsonl>` and `verify-archive`.
public static class RiskCommands
{
    private const int BatchSize = 1000;

    public static async Task<int> ImportChatsAsync(IServiceProvider services, string? path, TextWriter output, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            await output.WriteLineAsync($"import-chats needs a JSON-lines file of chat-archive messages (got '{path}').");
            return 2;
        }
        await services.GetRequiredService<Scanning.LexiconScanner>().InitialiseAsync(services.GetRequiredService<TimeProvider>(), ct);
        int stored = 0, duplicates = 0, rejected = 0, line = 0;
        var batch = new List<object>();
        var lines = new List<int>();
        async Task FlushAsync()
        {
            if (batch.Count == 0) return;
            await using var scope = services.CreateAsyncScope();
            var results = await scope.ServiceProvider.GetRequiredService<ArchiveService>().AppendAsync(batch, ct);
            foreach (var r in results)
            {
                switch (r.Status)
                {
                    case AppendStatus.Stored: stored++; break;
                    case AppendStatus.Duplicate: duplicates++; break;
                    default:
                        rejected++;
                        await output.WriteLineAsync($"line {lines[r.Index]}: rejected ({r.Error})");
                        break;
                }
            }
            batch.Clear();
            lines.Clear();
        }

        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            try
            {
                using var doc = JsonDocument.Parse(text);
                batch.Add(ChatArchiveMessage.Parse(doc.RootElement.Clone()));
            }
            catch (JsonException)
            {
                batch.Add(new RejectedDraft(ArchiveService.ChannelWeComChat, null, "not JSON"));
            }
            lines.Add(line);
            if (batch.Count >= BatchSize) await FlushAsync();
        }
        await FlushAsync();
        await output.WriteLineAsync($"Imported {stored}, duplicates {duplicates}, rejected {rejected}.");
        return rejected > 0 ? 1 : 0;
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
