using Renhe.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Renhe.Platform.Approvals;

internal sealed class ApprovalFlowConfiguration : IEntityTypeConfiguration<ApprovalFlow>
{
    public void Configure(EntityTypeBuilder<ApprovalFlow> b)
    {
        b.ToTable("platform_approval_flow");
        b.Property(x => x.RequestType).HasMaxLength(50);
        b.Property(x => x.Name).HasMaxLength(100);
        // Steps as a JSON document in one column: read and written as a whole, never queried
        // into, identical on both databases.
        JsonListColumn.Configure(b.Property(x => x.Steps));
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.RequestType).IsUnique();
    }
}
