using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Platform.Security;

namespace Renhe.Modules.Integrations.WeCom.Messages;

internal sealed class WorkMessagePreferenceConfiguration : IEntityTypeConfiguration<WorkMessagePreference>
{
    public void Configure(EntityTypeBuilder<WorkMessagePreference> b)
    {
        b.ToTable("integrations_wecom_message_preference");
        b.HasKey(x => new { x.UserId, x.Kind });
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
