using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;

namespace Renhe.Platform.Setup;

/// Installations from before the key ring moved into the database kept it as key-*.xml files in
/// the keys folder. Copying them in once, before anything is protected, keeps people signed in and
/// their refresh tokens valid across the upgrade.
public static class DataProtectionKeyImport
{
    public static async Task<int> ImportAsync(IServiceProvider services, string keysDirectory, CancellationToken ct)
    {
        if (!Directory.Exists(keysDirectory)) return 0;
        var files = Directory.GetFiles(keysDirectory, "key-*.xml");
        if (files.Length == 0) return 0;
        await using var scope = services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        if (await db.DataProtectionKeys.AnyAsync(ct)) return 0;
        foreach (var file in files)
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = Path.GetFileNameWithoutExtension(file), Xml = await File.ReadAllTextAsync(file, ct) });
        await db.SaveChangesAsync(ct);
        return files.Length;
    }
}
