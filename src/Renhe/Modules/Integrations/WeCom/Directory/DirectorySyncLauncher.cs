using System.Globalization;

namespace Renhe.Modules.Integrations.WeCom.Directory;

/// Starts a directory sync or customer import in the background and returns its run at once; the
/// page and the API follow its progress on the run row. The work gets a scope of its own (the
/// request or circuit that asked may end first) and the asker's language for its messages.
/// A run cut short by a stopping instance is marked interrupted when the next one starts.
public sealed class DirectorySyncLauncher(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, ILogger<DirectorySyncLauncher> log)
{
    public async Task<Guid> StartAsync(DirectorySyncService service, DirectorySyncKind kind, string? startedBy, CancellationToken ct)
    {
        var id = await service.CreateRunAsync(kind, startedBy, ct);
        var culture = CultureInfo.CurrentUICulture;
        _ = Task.Run(async () =>
        {
            CultureInfo.CurrentUICulture = culture;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DirectorySyncService>().RunAsync(id, lifetime.ApplicationStopping);
            }
            catch (Exception e)
            {
                log.LogError(e, "WeCom directory run {Run} stopped", id);
            }
        }, CancellationToken.None);
        return id;
    }
}
