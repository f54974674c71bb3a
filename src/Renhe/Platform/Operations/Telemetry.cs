using System.Text.Encodings.Web;
using System.Text.Json;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Renhe.Platform.Operations;

/// What Renhe tells the tools that watch it: console logs as JSON lines when asked
/// (<c>Logging:Format=json</c>), and traces and metrics over OTLP when a collector is named
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or <c>OpenTelemetry:Endpoint</c>). Without a collector no
/// OpenTelemetry pipeline is registered at all: nothing listens, nothing is buffered, nothing sent.
public static class Telemetry
{
    public const string ServiceName = "renhe";

    /// A module's own ActivitySource or Meter named "Renhe" or "Renhe.<Module>…" is exported without
    /// further registration.
    private static readonly string[] RenheNames = ["Renhe", "Renhe.*"];

    private const string StandardEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    private const string StandardProtocol = "OTEL_EXPORTER_OTLP_PROTOCOL";

    public static WebApplicationBuilder AddRenheTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (string.Equals(configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase))
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                o.IncludeScopes = true;
                // Chinese names and messages stay readable in the log instead of \uXXXX escapes.
                o.JsonWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });

        // The exporter reads the standard OTEL_EXPORTER_OTLP_* keys from configuration (environment
        // variables included); Renhe's own names are handed to it under the standard ones, which win
        // when both are set, as the environment wins over appsettings.json.
        var aliases = new Dictionary<string, string?>();
        if (string.IsNullOrWhiteSpace(configuration[StandardEndpoint]) && configuration["OpenTelemetry:Endpoint"] is { Length: > 0 } endpoint)
            aliases[StandardEndpoint] = endpoint;
        if (string.IsNullOrWhiteSpace(configuration[StandardProtocol]) && configuration["OpenTelemetry:Protocol"] is { Length: > 0 } protocol)
            aliases[StandardProtocol] = protocol;
        if (aliases.Count > 0) configuration.AddInMemoryCollection(aliases);
        if (string.IsNullOrWhiteSpace(configuration[StandardEndpoint])) return builder;

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName,
                serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString(),
                serviceInstanceId: $"{Environment.MachineName}-{Environment.ProcessId}"))
            .WithTracing(t => t
                // Probes every few seconds would drown the requests people make.
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddSource("Npgsql")
                .AddSource(RenheNames)
                .AddOtlpExporter())
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Npgsql")
                .AddMeter(RenheNames)
                .AddOtlpExporter());
        return builder;
    }
}
