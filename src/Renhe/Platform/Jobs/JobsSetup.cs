namespace Renhe.Platform.Jobs;

public static class JobsSetup
{
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddSingleton<JobScheduler>();
        services.AddHostedService<JobSchedulerLoop>();
        services.AddScoped<JobsOverview>();
        return services;
    }
}
