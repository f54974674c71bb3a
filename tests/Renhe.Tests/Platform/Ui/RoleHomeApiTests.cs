using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Security;
using Renhe.Platform.Ui.Homes;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Ui;

/// After signing in, "/" sends each person to their role's own page; a person with several roles
/// chooses, and the remembered choice wins while it is still theirs. Each suite has its own
/// database because it gives and takes roles.
public abstract class RoleHomeApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    [Theory]
    [InlineData("xiaoli", "/sales/today")]
    [InlineData("zhangsan", "/sales/today")]
    [InlineData("salesmgr", "/sales/team")]
    [InlineData("owner", "/sales/month")]
    [InlineData("hr", "/org/employees")]
    [InlineData("finance", "/platform/approvals")]
    [InlineData("auditor", "/risk/alerts")]
    [InlineData("admin", "/platform/users")]
    public async Task Each_role_lands_on_its_own_page(string account, string home)
    {
        var (client, cookie) = await SignInAsync(account);
        var response = await GetAsync(client, cookie, "/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(home, Path(response));
        // The page it lands on opens for them.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, cookie, home)).StatusCode);
    }

    [Fact]
    public async Task A_role_no_module_serves_yet_is_welcomed_by_name()
    {
        var (client, cookie) = await SignInAsync("cssup");
        var response = await GetAsync(client, cookie, "/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("欢迎，赵敏", html);
        Assert.DoesNotContain("home-chooser", html);
    }

    [Fact]
    public async Task Someone_with_two_roles_chooses_and_the_remembered_choice_holds_while_it_is_theirs()
    {
        var userId = await UserIdAsync("salesmgr");
        await AddRoleAsync(userId, Roles.Auditor);
        try
        {
            var (client, cookie) = await SignInAsync("salesmgr");
            var chooser = await GetAsync(client, cookie, "/");
            Assert.Equal(HttpStatusCode.OK, chooser.StatusCode);
            var html = await chooser.Content.ReadAsStringAsync();
            Assert.Contains("从哪里开始？", html);
            Assert.Contains("data-href=\"/sales/team\"", html);
            Assert.Contains("data-href=\"/risk/alerts\"", html);

            // The choice made on that page is kept with the account.
            await RememberAsync(userId, "/risk/alerts");
            var remembered = await GetAsync(client, cookie, "/");
            Assert.Equal(HttpStatusCode.Redirect, remembered.StatusCode);
            Assert.Equal("/risk/alerts", Path(remembered));
            // /home/choose always asks, and marks the current one.
            var again = await (await GetAsync(client, cookie, "/home/choose")).Content.ReadAsStringAsync();
            Assert.Contains("当前首页", again);

            // Without the auditor role the remembered page is no longer theirs: their one home again.
            await RemoveRoleAsync(userId, Roles.Auditor);
            var fallback = await GetAsync(client, cookie, "/");
            Assert.Equal(HttpStatusCode.Redirect, fallback.StatusCode);
            Assert.Equal("/sales/team", Path(fallback));
        }
        finally
        {
            await RemoveRoleAsync(userId, Roles.Auditor);
            await RememberAsync(userId, null);
        }
    }

    private async Task<(HttpClient, string)> SignInAsync(string account)
    {
        var client = Factory.CreateAnonymousClient();
        return (client, await FormSignIn.CookieAsync(client, account, RenheFactory.DemoPassword));
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string cookie, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return client.SendAsync(request);
    }

    private static string Path(HttpResponseMessage response) =>
        response.Headers.Location is { IsAbsoluteUri: true } absolute ? absolute.AbsolutePath : response.Headers.Location!.OriginalString;

    private async Task<Guid> UserIdAsync(string userName)
    {
        await using var db = Factory.OpenDb();
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
    }

    private async Task AddRoleAsync(Guid userId, string role)
    {
        await using var db = Factory.OpenDb();
        var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).SingleAsync();
        db.UserRoles.Add(new AppUserRole { UserId = userId, RoleId = roleId });
        await db.SaveChangesAsync();
        AccessService.Invalidate();
    }

    private async Task RemoveRoleAsync(Guid userId, string role)
    {
        await using var db = Factory.OpenDb();
        var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).SingleAsync();
        await db.UserRoles.Where(ur => ur.UserId == userId && ur.RoleId == roleId).ExecuteDeleteAsync();
        AccessService.Invalidate();
    }

    /// What the chooser stores when "remember" is ticked.
    private async Task RememberAsync(Guid userId, string? href)
    {
        await using var db = Factory.OpenDb();
        await db.UserClaims.Where(c => c.UserId == userId && c.ClaimType == HomeService.ChoiceClaim).ExecuteDeleteAsync();
        if (href is not null) db.UserClaims.Add(new IdentityUserClaim<Guid> { UserId = userId, ClaimType = HomeService.ChoiceClaim, ClaimValue = href });
        await db.SaveChangesAsync();
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteRoleHomeApiTests(SqliteRenheFactory factory) : RoleHomeApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresRoleHomeApiTests(PostgresRenheFactory factory) : RoleHomeApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
