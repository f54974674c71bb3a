using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Renhe.Modules.Sales.FollowUps;

internal sealed class FollowUpCommentConfiguration : IEntityTypeConfiguration<FollowUpComment>
{
    public void Configure(EntityTypeBuilder<FollowUpComment> b)
    {
        b.ToTable("sales_follow_up_comment");
        b.Property(x => x.Text).HasMaxLength(1000);
        b.Property(x => x.ByName).HasMaxLength(256);
        b.HasIndex(x => new { x.FollowUpId, x.At });
        b.HasOne<FollowUp>().WithMany().HasForeignKey(x => x.FollowUpId).OnDelete(DeleteBehavior.Restrict);
    }
}
