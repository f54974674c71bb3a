using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Operations;

/// Traces and metrics reach an OpenTelemetry collector over OTLP when one is named, and nothing runs
/// when none is. The collector here is a real OTLP/HTTP endpoint on loopback that keeps what it is sent.
[Trait("Category", "Integration")]
public sealed class TelemetryTests(SqliteRenheFactory factory) : IClassFixture<SqliteRenheFactory>
{
    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL")]
    [InlineData("OpenTelemetry:Endpoint", "OpenTelemetry:Protocol")]
    public async Task A_request_reaches_the_collector_as_a_trace_naming_its_route_and_the_server_reports_metrics(string endpointSetting, string protocolSetting)
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var server = await RenheServer.StartAsync(new Dictionary<string, string>
        {
            [endpointSetting] = collector.Url,
            [protocolSetting] = "http/protobuf",
            // Export within a second instead of the defaults' 5 s (traces) and 60 s (metrics).
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });
        using var http = server.CreateClient();
        // A route with a parameter, answered on a new installation without anyone signed in: the span
        // names the route, which groups every address it serves, and keeps the address asked for.
        const string asked = "/openapi/v1.json";
        const string route = "/openapi/{documentName}.json";
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(asked)).StatusCode);

        var traces = await collector.WaitForAsync("/v1/traces", route);
        var metrics = await collector.WaitForAsync("/v1/metrics", "http.server.request.duration");

        Assert.All(traces.Concat(metrics), r => Assert.Equal("application/x-protobuf", r.ContentType));
        var trace = traces.First(r => r.Contains(route));
        Assert.True(trace.Contains("service.name") && trace.Contains("renhe"), "The trace's resource names the service renhe.");
        Assert.True(trace.Contains("service.instance.id") && trace.Contains($"{Environment.MachineName}-"),
            "The trace's resource names the instance by machine and process.");
        Assert.True(trace.Contains(asked), "The span keeps the path that was asked for beside its route.");
        // Probes are left out of the traces: they come every few seconds and say nothing about users.
        Assert.DoesNotContain(collector.Received("/v1/traces"), r => r.Contains("/health/live"));
    }

    [Fact]
    public void Without_a_collector_named_no_telemetry_pipeline_runs()
    {
        Assert.Null(factory.Services.GetService<TracerProvider>());
        Assert.Null(factory.Services.GetService<MeterProvider>());
    }

    /// An OTLP/HTTP receiver (POST /v1/traces, /v1/metrics, /v1/logs with protobuf bodies) on a
    /// loopback port, answering as a collector does (200 with an empty export response).
    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<Export> _received = new();

        private OtlpCollector(WebApplication app) => _app = app;

        public string Url { get; private set; } = "";

        public static async Task<OtlpCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var collector = new OtlpCollector(app);
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                collector._received.Enqueue(new Export(context.Request.Path, context.Request.ContentType, body.ToArray()));
                context.Response.ContentType = "application/x-protobuf";
            });
            await app.StartAsync();
            collector.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            return collector;
        }

        public IReadOnlyList<Export> Received(string path) => _received.Where(r => r.Path == path).ToList();

        /// The exports to <paramref name="path"/> once one of them holds <paramref name="text"/>.
        public async Task<IReadOnlyList<Export>> WaitForAsync(string path, string text)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                var exports = Received(path);
                if (exports.Any(e => e.Contains(text))) return exports;
                await Task.Delay(200);
            }
            Assert.Fail($"No export to {path} held \"{text}\" within 30 s; received: " +
                        string.Join(", ", _received.Select(r => $"{r.Path} ({r.Body.Length} bytes)")));
            return [];
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    /// One POST as received. OTLP protobuf keeps strings (names, attribute keys and values) as UTF-8
    /// bytes, so a text is found in the body without decoding the message.
    private sealed record Export(string Path, string? ContentType, byte[] Body)
    {
        public bool Contains(string text) => Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
    }
}
