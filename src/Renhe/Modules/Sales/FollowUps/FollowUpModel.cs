using Microsoft.EntityFrameworkCore;

namespace Renhe.Modules.Sales.FollowUps;

internal static class FollowUpModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<FollowUpComment>(b =>
        {
            b.ToTable("sales_follow_up_comment");
            b.Property(x => x.Text).HasMaxLength(1000);
            b.Property(x => x.ByName).HasMaxLength(256);
            b.HasIndex(x => new { x.FollowUpId, x.At });
            b.HasOne<FollowUp>().WithMany().HasForeignKey(x => x.FollowUpId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
