using System.Net;
using Microsoft.AspNetCore.Hosting;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Setup;

/// Without --demo Renhe starts empty: no account, no built-in password; the first visit asks
/// for the administrator and the API waits for it.
[Trait("Category", "Integration")]
public sealed class FirstRunTests(FirstRunTests.EmptyFactory factory) : IClassFixture<FirstRunTests.EmptyFactory>
{
    [Fact]
    public async Task An_empty_installation_sends_pages_to_setup_and_api_calls_get_503()
    {
        var client = factory.CreateAnonymousClient();
        var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/setup", page.Headers.Location!.IsAbsoluteUri ? page.Headers.Location.AbsolutePath : page.Headers.Location.OriginalString);

        var api = await client.PostAsync("/api/auth/token", new StringContent("{\"userName\":\"admin\",\"password\":\"Renhe@2026\"}",
            System.Text.Encoding.UTF8, "application/json"));
        Assert.Contains("尚未初始化", (await api.ProblemAsync(HttpStatusCode.ServiceUnavailable)).Title);

        var login = await client.GetStringAsync("/setup");
        Assert.Contains("创建管理员", login);
        Assert.DoesNotContain("Renhe@2026", login);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    public sealed class EmptyFactory : RenheFactory
    {
        public override string ProviderName => "Sqlite";

        protected override IEnumerable<KeyValuePair<string, string>> DatabaseSettings() => [new("Database:Provider", "Sqlite")];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Demo:Enabled", "false");
        }
    }
}
