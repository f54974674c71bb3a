using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Renhe.Platform.Jobs;

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> b)
    {
        b.ToTable("platform_job_run");
        b.Property(x => x.JobName).HasMaxLength(64);
        b.Property(x => x.Occurrence).HasMaxLength(64);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Instance).HasMaxLength(128);
        b.Property(x => x.ResultKey).HasMaxLength(100);
        b.Property(x => x.Error).HasMaxLength(JobRun.MaxErrorLength);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.Duration);
        // The claim: one run per occurrence of a job, whichever instance stores it first.
        b.HasIndex(x => new { x.JobName, x.Occurrence }).IsUnique();
        // The page's latest runs and the scheduler's retries and take-overs.
        b.HasIndex(x => new { x.JobName, x.DueAt });
        b.HasIndex(x => x.Status);
    }
}

internal sealed class JobStateConfiguration : IEntityTypeConfiguration<JobState>
{
    public void Configure(EntityTypeBuilder<JobState> b)
    {
        b.ToTable("platform_job");
        b.HasKey(x => x.JobName);
        b.Property(x => x.JobName).HasMaxLength(64);
    }
}
