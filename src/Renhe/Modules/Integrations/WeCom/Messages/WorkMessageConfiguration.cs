using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Platform.Notifications;
using Renhe.Platform.Security;

namespace Renhe.Modules.Integrations.WeCom.Messages;

internal sealed class WorkMessageConfiguration : IEntityTypeConfiguration<WorkMessage>
{
    public void Configure(EntityTypeBuilder<WorkMessage> b)
    {
        b.ToTable("integrations_wecom_message");
        b.Property(x => x.RecipientName).HasMaxLength(100);
        b.Property(x => x.WeComUserId).HasMaxLength(64);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        // WeCom's limits: a text card's title 128 bytes, its description 512, its link 2048.
        b.Property(x => x.Title).HasMaxLength(128);
        b.Property(x => x.Description).HasMaxLength(512);
        b.Property(x => x.Url).HasMaxLength(2048);
        b.Property(x => x.ReasonKey).HasMaxLength(100);
        b.Property(x => x.ReasonText).HasMaxLength(500);
        b.Property(x => x.MsgId).HasMaxLength(128);
        b.HasIndex(x => x.NotificationId).IsUnique();
        // The sender's pass: pending rows whose pause is over.
        b.HasIndex(x => new { x.State, x.NextAttemptAt });
        b.HasIndex(x => x.CreatedAt);
        b.HasOne<Notification>().WithMany().HasForeignKey(x => x.NotificationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.RecipientUserId).OnDelete(DeleteBehavior.Cascade);
    }
}
