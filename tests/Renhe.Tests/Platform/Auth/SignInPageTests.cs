using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Auth;

/// The browser's way in: the sign-in form (cookie), language switching and the page guard,
/// exercised through HTTP as a browser would post them.
[Trait("Category", "Integration")]
public sealed class SignInPageTests(SqliteRenheFactory factory) : IClassFixture<SqliteRenheFactory>
{
    [Fact]
    public async Task Demo_sign_in_page_lists_the_accounts_and_their_password()
    {
        var html = await factory.CreateAnonymousClient().GetStringAsync("/account/login");
        Assert.Contains("data-testid=\"demo-accounts\"", html);
        foreach (var name in new[] { "admin", "owner", "hr", "finance", "salesmgr", "zhangsan", "lisi", "xiaoli", "cssup", "csagent", "auditor" })
            Assert.Contains($"<code>{name}</code>", html);
        Assert.Contains("Renhe@2026", html);
        Assert.Contains("销售主管", html);
    }

    [Fact]
    public async Task Signing_in_with_the_form_sets_the_cookie_and_opens_the_home_page()
    {
        var client = factory.CreateAnonymousClient();
        var response = await PostLoginAsync(client, "salesmgr", RenheFactory.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.AbsolutePath);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("renhe.auth=", StringComparison.Ordinal));

        // "/" sends the sales manager on to his own home, 团队看板, where the top bar names him as HR does.
        var home = new HttpRequestMessage(HttpMethod.Get, "/");
        home.Headers.Add("Cookie", cookie.Split(';')[0]);
        var forwarded = await client.SendAsync(home);
        Assert.Equal(HttpStatusCode.Redirect, forwarded.StatusCode);
        Assert.Equal("/sales/team", forwarded.Headers.Location!.OriginalString.StartsWith('/') ? forwarded.Headers.Location.OriginalString : forwarded.Headers.Location.AbsolutePath);
        var team = new HttpRequestMessage(HttpMethod.Get, "/sales/team");
        team.Headers.Add("Cookie", cookie.Split(';')[0]);
        var page = await client.SendAsync(team);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("团队看板", html);
        Assert.Contains("张志强", html);
    }

    [Fact]
    public async Task A_wrong_password_on_the_form_says_so_and_sets_no_cookie()
    {
        var client = factory.CreateAnonymousClient();
        var response = await PostLoginAsync(client, "zhangsan", "not-the-password1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("用户名或密码错误。", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("renhe.auth=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Five_wrong_passwords_on_the_form_lock_the_account()
    {
        await factory.CreateUserAsync("formlock", "salesperson");
        var client = factory.CreateAnonymousClient();
        for (var i = 0; i < 5; i++) await PostLoginAsync(client, "formlock", "not-it-" + i);
        var response = await PostLoginAsync(client, "formlock", RenheFactory.DemoPassword);
        Assert.Contains("账户已暂时锁定", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("renhe.auth=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_sign_in_page_speaks_english_when_asked()
    {
        var html = await factory.CreateAnonymousClient("en").GetStringAsync("/account/login");
        Assert.Contains("Sign in", html);
        Assert.Contains("<html lang=\"en\"", html);
    }

    [Fact]
    public async Task An_account_without_roles_is_refused_every_page()
    {
        await factory.CreateUserAsync("norole");
        var client = factory.CreateAnonymousClient();
        var login = await PostLoginAsync(client, "norole", RenheFactory.DemoPassword);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("renhe.auth=", StringComparison.Ordinal)).Split(';')[0];
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookie);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task The_sign_in_cookie_cannot_change_data_through_the_api()
    {
        var client = factory.CreateAnonymousClient();
        var login = await PostLoginAsync(client, "hr", RenheFactory.DemoPassword);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("renhe.auth=", StringComparison.Ordinal)).Split(';')[0];
        var read = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        read.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(read)).StatusCode);
        // A forged cross-site POST would carry the cookie too: it is not enough to change anything.
        var write = new HttpRequestMessage(HttpMethod.Put, "/api/me/culture") { Content = JsonContent.Create(new { culture = "en" }) };
        write.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(write)).StatusCode);
    }

    [Theory]
    [InlineData("foo", "/")]
    [InlineData("//evil.example/x", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/org/chart", "/org/chart")]
    public async Task The_language_switch_returns_only_to_local_pages(string returnUrl, string expected)
    {
        var response = await factory.CreateAnonymousClient().GetAsync($"/culture?culture=en&returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    private static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string userName, string password) =>
        FormSignIn.PostAsync(client, userName, password);
}
