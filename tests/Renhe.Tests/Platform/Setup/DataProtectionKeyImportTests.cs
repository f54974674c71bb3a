using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Platform.Data;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Setup;

/// The key ring moved from the keys folder into the database: an installation upgraded from a
/// version that kept key files still reads what those keys protected (sign-in cookies, refresh
/// tokens), and every instance on the database reads the same ring.
[Trait("Category", "Integration")]
public sealed class DataProtectionKeyImportTests
{
    [Fact]
    public async Task Key_files_left_by_an_earlier_version_are_copied_in_and_still_unprotect_what_they_protected()
    {
        var ct = TestContext.Current.CancellationToken;
        var keys = Directory.CreateTempSubdirectory("renhe-keys-").FullName;
        // What the earlier version did: the ring in files, under the application's name.
        var earlier = DataProtectionProvider.Create(new DirectoryInfo(keys), b => b.SetApplicationName("Renhe"));
        var cookie = earlier.CreateProtector("sign-in").Protect("张三 signed in");

        await using var fresh = new SqliteRenheFactory();
        await using var upgraded = fresh.WithWebHostBuilder(b => b.UseSetting("Keys:Dir", keys));
        var provider = upgraded.Services.GetRequiredService<IDataProtectionProvider>();

        Assert.Equal("张三 signed in", provider.CreateProtector("sign-in").Unprotect(cookie));
        await using var scope = upgraded.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        var stored = Assert.Single(await db.DataProtectionKeys.AsNoTracking().ToListAsync(ct));
        Assert.StartsWith("key-", stored.FriendlyName);
        // Its creation is in the audit log, its material is not.
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.Entity == "platform_data_protection_key").ToListAsync(ct);
        Assert.NotEmpty(audit);
        Assert.All(audit, a => Assert.DoesNotContain("<masterKey", a.Changes ?? ""));
    }
}
