using System.IO.Compression;
using System.Text.Json;
using Renhe.Modules.Risk.Evidence;

namespace Renhe.Tests.Infrastructure;

/// Stands in for the evidence package writer where the application registers none: a ZIP holding
/// the case input as JSON, so tests can see what the case handed over.
public sealed class TestEvidencePackageWriter : IEvidencePackageWriter
{
    public const string Entry = "case-input.json";

    public async Task WriteAsync(EvidenceCaseInput input, Stream output, CancellationToken ct)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        await using var entry = zip.CreateEntry(Entry).Open();
        await JsonSerializer.SerializeAsync(entry, input, Http.Json, ct);
    }
}
