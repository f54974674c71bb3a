using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Platform.Security;

namespace Renhe.Platform.Notifications;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("platform_notification");
        b.Property(x => x.TextKey).HasMaxLength(100);
        b.Property(x => x.Link).HasMaxLength(500);
        b.Property(x => x.Args).HasMaxLength(2000).HasConversion(
            v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
            v => JsonSerializer.Deserialize<List<string>>(v, (JsonSerializerOptions?)null) ?? new List<string>(),
            new ValueComparer<List<string>>((a, c) => a!.SequenceEqual(c!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s)),
                v => v.ToList()));
        // The bell counts unread ones on every navigation.
        b.HasIndex(x => new { x.RecipientUserId, x.ReadAt });
        b.HasIndex(x => new { x.RecipientUserId, x.CreatedAt });
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.RecipientUserId).OnDelete(DeleteBehavior.Cascade);
    }
}
