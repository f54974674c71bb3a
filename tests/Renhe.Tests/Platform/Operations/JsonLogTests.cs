using System.Globalization;
using System.Text.Json;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Operations;

/// A log collector (journald to Loki, a container runtime to Elasticsearch) reads the console line by
/// line; with Logging:Format=json each line is one JSON object it can index without a parser of its own.
[Trait("Category", "Integration")]
public sealed class JsonLogTests
{
    [Fact]
    public async Task With_Logging_Format_json_every_console_line_is_a_JSON_object_with_UTC_time_level_category_message_and_scopes()
    {
        await using var server = await RenheServer.StartAsync(new Dictionary<string, string>
        {
            ["Logging:Format"] = "json",
            // The framework's request lines, which carry the request's scope (its id and path).
            ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
        });
        using (var http = server.CreateClient())
            (await http.GetAsync("/health/live")).EnsureSuccessStatusCode();
        await server.StopAsync();

        var lines = server.StandardOutput.Where(l => l.Length > 0).ToList();
        Assert.NotEmpty(lines);
        var entries = new List<JsonElement>();
        foreach (var line in lines)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException ex)
            {
                Assert.Fail($"Not a JSON line ({ex.Message}): {line}\n\nWhole output:\n{server.Output}");
                throw;
            }
            var entry = document.RootElement;
            foreach (var property in new[] { "Timestamp", "LogLevel", "Category", "Message" })
                Assert.True(entry.TryGetProperty(property, out _), $"No {property} in {line}");
            var timestamp = entry.GetProperty("Timestamp").GetString()!;
            Assert.EndsWith("Z", timestamp, StringComparison.Ordinal);
            var at = DateTimeOffset.Parse(timestamp, CultureInfo.InvariantCulture);
            Assert.InRange(at, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
            entries.Add(entry.Clone());
        }

        Assert.Contains(entries, e => e.GetProperty("Category").GetString() == "Microsoft.Hosting.Lifetime"
                                      && e.GetProperty("LogLevel").GetString() == "Information"
                                      && e.GetProperty("Message").GetString()!.Contains(server.BaseUrl.Authority, StringComparison.Ordinal));
        var request = entries.First(e => e.GetProperty("Category").GetString() == "Microsoft.AspNetCore.Hosting.Diagnostics"
                                         && e.GetProperty("Message").GetString()!.Contains("/health/live", StringComparison.Ordinal));
        Assert.Contains(request.GetProperty("Scopes").EnumerateArray(),
            s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("RequestPath", out var path) && path.GetString() == "/health/live");
    }
}
