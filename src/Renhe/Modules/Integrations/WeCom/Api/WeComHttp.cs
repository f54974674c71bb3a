using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace Renhe.Modules.Integrations.WeCom.Api;

/// The HTTP client WeComClient calls through: WeCom's address (configurable so a test server on
/// loopback can stand in), and the framework's resilience pipeline — an overall deadline, retries
/// with exponential back-off and jitter for transport failures, 5xx/429 and WeCom's frequency limits
/// (answered as HTTP 200 with errcode 45009/45011/45033), and a deadline per attempt.
public static class WeComHttp
{
    public const string DefaultAddress = "https://qyapi.weixin.qq.com/";

    public static IServiceCollection AddWeComClient(this IServiceCollection services)
    {
        services.AddSingleton<WeComTokens>();
        services.AddHttpClient<WeComClient>((sp, client) =>
            {
                var address = sp.GetRequiredService<IConfiguration>()["WeCom:ApiBaseUrl"] is { Length: > 0 } configured ? configured : DefaultAddress;
                client.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
                client.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's deadlines decide
            })
            .AddResilienceHandler("wecom", (pipeline, context) =>
            {
                var configuration = context.ServiceProvider.GetRequiredService<IConfiguration>();
                // Seconds in production; tests shorten the first pause to keep the suite quick.
                var delay = TimeSpan.FromMilliseconds(configuration.GetValue("WeCom:RetryDelayMilliseconds", 1000));
                pipeline.AddTimeout(TimeSpan.FromSeconds(60));
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 3,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = delay,
                    ShouldHandle = async args => args.Outcome switch
                    {
                        { Exception: HttpRequestException or TimeoutRejectedException } => true,
                        { Result: { IsSuccessStatusCode: true } response } => await IsFrequencyLimitedAsync(response, args.Context.CancellationToken),
                        _ => HttpClientResiliencePredicates.IsTransient(args.Outcome),
                    },
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(15));
            });
        return services;
    }

    /// WeCom says "too often" in the body of an HTTP 200. The body is read as bytes from the buffer
    /// (never as the content's stream, which is cached and would be left at its end), so the caller
    /// still reads it whole.
    private static async ValueTask<bool> IsFrequencyLimitedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await response.Content.LoadIntoBufferAsync(ct);
        try
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct));
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("errcode", out var code)
                   && code.TryGetInt32(out var errCode) && errCode is 45009 or 45011 or 45033;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
