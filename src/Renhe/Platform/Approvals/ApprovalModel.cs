using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Renhe.Modules.Org.Employees;

namespace Renhe.Platform.Approvals;

internal static class ApprovalModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<ApprovalFlow>(b =>
        {
            b.ToTable("platform_approval_flow");
            b.Property(x => x.RequestType).HasMaxLength(50);
            b.Property(x => x.Name).HasMaxLength(100);
            // Steps as a JSON document in one column: read and written as a whole, never queried
            // into, identical on both databases.
            JsonList(b.Property(x => x.Steps));
            b.Property(x => x.Version).IsConcurrencyToken();
            b.HasIndex(x => x.RequestType).IsUnique();
        });
        builder.Entity<ApprovalRequest>(b =>
        {
            b.ToTable("platform_approval_request");
            b.Property(x => x.RequestType).HasMaxLength(50);
            b.Property(x => x.Title).HasMaxLength(200);
            b.Property(x => x.Amount).HasPrecision(18, 2);
            b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            JsonList(b.Property(x => x.Steps));
            b.Property(x => x.Version).IsConcurrencyToken();
            b.HasIndex(x => new { x.RequesterEmployeeId, x.Status });
            b.HasIndex(x => new { x.RequestType, x.SubjectId });
            b.HasOne<Employee>().WithMany().HasForeignKey(x => x.RequesterEmployeeId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ApprovalTask>(b =>
        {
            b.ToTable("platform_approval_task");
            b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            // The inbox: "open tasks of this employee".
            b.HasIndex(x => new { x.ApproverEmployeeId, x.Status });
            b.HasIndex(x => new { x.RequestId, x.StepIndex });
            b.HasOne<ApprovalRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Employee>().WithMany().HasForeignKey(x => x.ApproverEmployeeId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ApprovalAction>(b =>
        {
            b.ToTable("platform_approval_action");
            b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            b.Property(x => x.ByName).HasMaxLength(256);
            b.Property(x => x.Comment).HasMaxLength(500);
            b.HasIndex(x => new { x.RequestId, x.At });
            b.HasIndex(x => new { x.ByUserId, x.At });
            b.HasOne<ApprovalRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Restrict);
        });
    }

    private static void JsonList<T>(PropertyBuilder<List<T>> property) =>
        property.HasConversion(
            v => JsonSerializer.Serialize(v, Json),
            v => JsonSerializer.Deserialize<List<T>>(v, Json) ?? new List<T>(),
            new ValueComparer<List<T>>(
                (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
                v => JsonSerializer.Serialize(v, Json).GetHashCode(StringComparison.Ordinal),
                v => JsonSerializer.Deserialize<List<T>>(JsonSerializer.Serialize(v, Json), Json)!));
}
