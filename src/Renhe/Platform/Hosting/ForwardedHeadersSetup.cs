using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Renhe.Platform.Hosting;

/// Behind a reverse proxy (deploy/nginx/renhe.conf) the connection comes from the proxy and the
/// user's scheme and address arrive in X-Forwarded-Proto and X-Forwarded-For. Renhe believes those
/// headers only from the proxies it is told about — loopback always, plus
/// <c>ForwardedHeaders:KnownProxies</c> (addresses) and <c>ForwardedHeaders:KnownNetworks</c>
/// (CIDR) — so a client talking to an instance directly cannot claim another address or https.
/// Each setting is a list (<c>ForwardedHeaders__KnownProxies__0=10.0.0.5</c>) or one
/// comma-separated value (<c>ForwardedHeaders__KnownProxies=10.0.0.5,10.0.0.6</c>).
public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddRenheForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = Values(configuration, "ForwardedHeaders:KnownProxies").Select(v => IPAddress.TryParse(v, out var address) ? address
            : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: '{v}' is not an IP address.")).ToList();
        var networks = Values(configuration, "ForwardedHeaders:KnownNetworks").Select(v => System.Net.IPNetwork.TryParse(v, out var network) ? network
            : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks: '{v}' is not a network in CIDR notation (10.0.0.0/24).")).ToList();
        return services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults (127.0.0.0/8 and ::1) stay: a proxy on the same machine needs no setting.
            foreach (var proxy in proxies) o.KnownProxies.Add(proxy);
            foreach (var network in networks) o.KnownIPNetworks.Add(network);
        });
    }

    private static IEnumerable<string> Values(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        IEnumerable<string?> raw = section.Value is { Length: > 0 } single ? [single] : section.GetChildren().Select(c => c.Value);
        return raw.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
