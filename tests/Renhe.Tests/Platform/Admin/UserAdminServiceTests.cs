using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Platform.Admin;
using Renhe.Platform.Security;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Admin;

/// A Blazor circuit keeps one scope (one UserManager, one context) for as long as the tab is open;
/// these tests stand one long-lived scope in for it and change the account from another scope meanwhile.
[Trait("Category", "Integration")]
public sealed class UserAdminServiceTests(SqliteRenheFactory factory) : IClassFixture<SqliteRenheFactory>
{
    [Fact]
    public async Task Unlock_works_for_an_account_the_same_scope_loaded_before_it_was_locked()
    {
        await using var circuit = factory.Services.CreateAsyncScope();
        var admin = circuit.ServiceProvider.GetRequiredService<UserAdminService>();
        var finance = (await admin.ListAsync(TestContext.Current.CancellationToken)).Single(u => u.UserName == "finance");
        // Loads (and tracks) the account in the long-lived scope.
        await admin.SetRolesAsync(finance.Id, [Roles.Finance], TestContext.Current.CancellationToken);

        await using (var elsewhere = factory.Services.CreateAsyncScope())
        {
            var users = elsewhere.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByNameAsync("finance"))!;
            for (var i = 0; i < 5; i++) await users.AccessFailedAsync(user);
            Assert.True(await users.IsLockedOutAsync(user));
        }

        await admin.UnlockAsync(finance.Id, TestContext.Current.CancellationToken);

        await using var check = factory.Services.CreateAsyncScope();
        var stored = (await check.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync("finance"))!;
        Assert.Null(stored.LockoutEnd);
        Assert.Equal(0, stored.AccessFailedCount);
    }

    [Fact]
    public async Task Roles_can_be_changed_for_an_account_changed_elsewhere_since_the_scope_loaded_it()
    {
        await using var circuit = factory.Services.CreateAsyncScope();
        var admin = circuit.ServiceProvider.GetRequiredService<UserAdminService>();
        var lisi = (await admin.ListAsync(TestContext.Current.CancellationToken)).Single(u => u.UserName == "lisi");
        await admin.SetRolesAsync(lisi.Id, [Roles.Salesperson], TestContext.Current.CancellationToken);

        await using (var elsewhere = factory.Services.CreateAsyncScope())
        {
            var users = elsewhere.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByNameAsync("lisi"))!;
            user.DisplayName = "李四（销售）";
            Assert.True((await users.UpdateAsync(user)).Succeeded);
        }

        await admin.SetRolesAsync(lisi.Id, [Roles.Salesperson, Roles.CsAgent], TestContext.Current.CancellationToken);

        var after = (await admin.ListAsync(TestContext.Current.CancellationToken)).Single(u => u.UserName == "lisi");
        Assert.Equal([Roles.CsAgent, Roles.Salesperson], after.Roles);
        Assert.Equal("李四（销售）", after.DisplayName);
    }
}
