using System.Net;
using Microsoft.AspNetCore.Http;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Hosting;

/// Behind a TLS-terminating proxy Renhe learns the user's scheme from X-Forwarded-Proto, but only
/// when the connection comes from a proxy it was told about (ForwardedHeaders:KnownProxies /
/// KnownNetworks, loopback always): anyone else could otherwise claim https or another address.
[Trait("Category", "Integration")]
public sealed class ForwardedHeadersTests(ProxiedRenheFactory factory) : IClassFixture<ProxiedRenheFactory>
{
    [Theory]
    [InlineData("10.20.0.6", true)] // listed in KnownProxies
    [InlineData("10.30.4.1", true)] // inside a KnownNetworks range
    [InlineData("127.0.0.1", true)] // nginx on the same machine needs no setting
    [InlineData("10.20.0.7", false)]
    [InlineData("203.0.113.9", false)]
    public async Task The_sign_in_redirect_follows_the_forwarded_scheme_only_from_a_known_proxy(string connectionFrom, bool believed)
    {
        var context = await factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/sales/customers";
            c.Request.Host = new HostString("renhe.example.com");
            c.Request.Headers["X-Forwarded-Proto"] = "https";
            c.Request.Headers["X-Forwarded-For"] = "198.51.100.7";
            c.Connection.RemoteIpAddress = IPAddress.Parse(connectionFrom);
        }, TestContext.Current.CancellationToken);

        Assert.Equal(StatusCodes.Status302Found, context.Response.StatusCode);
        Assert.StartsWith((believed ? "https" : "http") + "://renhe.example.com/account/login?",
            context.Response.Headers.Location.ToString(), StringComparison.Ordinal);
    }
}

/// The demo on SQLite, behind proxies configured both ways the settings may be written: a
/// comma-separated value and a list.
public sealed class ProxiedRenheFactory : RenheFactory
{
    public override string ProviderName => "Sqlite";

    protected override IEnumerable<KeyValuePair<string, string>> DatabaseSettings() =>
    [
        new("Database:Provider", "Sqlite"),
        new("ForwardedHeaders:KnownProxies", "10.20.0.5, 10.20.0.6"),
        new("ForwardedHeaders:KnownNetworks:0", "10.30.0.0/16"),
    ];
}
