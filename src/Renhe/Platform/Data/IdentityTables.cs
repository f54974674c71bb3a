using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Security;

namespace Renhe.Platform.Data;

/// Identity's tables renamed into the platform prefix so every table name says which module owns it.
internal static class IdentityTables
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<AppUser>(b =>
        {
            b.ToTable("platform_user");
            b.Property(u => u.DisplayName).HasMaxLength(100);
            b.Property(u => u.Culture).HasMaxLength(10);
        });
        builder.Entity<AppRole>(b => b.ToTable("platform_role"));
        builder.Entity<AppUserRole>(b =>
        {
            b.ToTable("platform_user_role");
            b.HasOne<AppRole>().WithMany().HasForeignKey(ur => ur.RoleId).IsRequired();
            b.HasOne<AppUser>().WithMany(u => u.Roles).HasForeignKey(ur => ur.UserId).IsRequired();
        });
        builder.Entity<IdentityUserClaim<Guid>>(b => b.ToTable("platform_user_claim"));
        builder.Entity<IdentityUserLogin<Guid>>(b => b.ToTable("platform_user_login"));
        builder.Entity<IdentityUserToken<Guid>>(b => b.ToTable("platform_user_token"));
        builder.Entity<IdentityRoleClaim<Guid>>(b => b.ToTable("platform_role_claim"));
    }
}
