using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Platform.Jobs;

public static class JobEndpoints
{
    public static void MapJobs(this IEndpointRouteBuilder api)
    {
        var jobs = api.MapGroup("/platform/jobs").WithTags("Jobs");
        jobs.MapGet("", async (JobsOverview overview, CancellationToken ct) => TypedResults.Ok(await overview.ListAsync(ct)))
            .RequirePermission(PlatformPermissions.JobRead);
        jobs.MapGet("/{name}/runs", async (string name, JobsOverview overview, CancellationToken ct) =>
                TypedResults.Ok(await overview.RunsAsync(name, ct)))
            .RequirePermission(PlatformPermissions.JobRead);
        jobs.MapGet("/{name}/runs/{id:guid}", async (string name, Guid id, JobsOverview overview, CancellationToken ct) =>
                TypedResults.Ok(await overview.RunAsync(name, id, ct)))
            .RequirePermission(PlatformPermissions.JobRead);
        // Starts the job now and answers at once; the run's address tells how it went.
        jobs.MapPost("/{name}/run", async (string name, JobScheduler scheduler, CurrentUser user, CancellationToken ct) =>
            {
                var job = scheduler.Find(name) ?? throw new NotFoundException();
                var access = await user.AccessAsync(ct);
                var id = await scheduler.TriggerAsync(job, access.UserId, ct);
                return TypedResults.Accepted($"/api/platform/jobs/{job.Name}/runs/{id}", new { runId = id });
            })
            .RequirePermission(PlatformPermissions.JobRun);
    }
}
