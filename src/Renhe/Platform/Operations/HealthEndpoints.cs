using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Renhe.Platform.Operations;

/// The probes a process manager, a load balancer or an orchestrator asks:
/// <list type="bullet">
/// <item><c>/health/live</c>: the process is up and serving requests. It asks nothing of the
/// database, so an outage there never gets a healthy process restarted.</item>
/// <item><c>/health/ready</c>: the database answers and every migration is applied, so requests
/// can be served; otherwise 503 and the failing check in words.</item>
/// <item><c>/health</c>: the same checks as ready, answered "Healthy"/"Unhealthy" as plain text,
/// as it always was.</item>
/// </list>
public static class HealthEndpoints
{
    private const string Ready = "ready";
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddRenheHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton<DatabaseHealthCheck>();
        services.AddSingleton<MigrationsHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", HealthStatus.Unhealthy, [Ready], CheckTimeout)
            .AddCheck<MigrationsHealthCheck>("migrations", HealthStatus.Unhealthy, [Ready], CheckTimeout);
        return services;
    }

    public static IEndpointRouteBuilder MapRenheHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready) }).AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJsonAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteJsonAsync }).AllowAnonymous();
        return app;
    }

    /// {"status":"Unhealthy","checks":[{"name":"database","status":"Unhealthy","description":"The database does not answer: …","durationMs":3}, …]}
    private static async Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteNumber("durationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
        json.WriteStartArray("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("status", entry.Status.ToString());
            // A check that timed out or threw has no description of its own, only its exception.
            json.WriteString("description", entry.Description ?? entry.Exception?.Message);
            json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
