using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Integrations.WeCom.Api;
using Renhe.Modules.Integrations.WeCom.Directory;
using Renhe.Modules.Integrations.WeCom.Messages;
using Renhe.Modules.Integrations.WeCom.Settings;
using Renhe.Platform.Jobs;
using Renhe.Platform.Localization;
using Renhe.Platform.Security;
using Renhe.Platform.Ui;

namespace Renhe.Modules.Integrations;

/// Renhe's side of outside systems. WeCom today: its callback (mapped with the archive it feeds),
/// the outbound API client and the app settings.
public static class IntegrationsModule
{
    public static IServiceCollection AddIntegrations(this IServiceCollection services)
    {
        services.AddPermissions(IntegrationsPermissions.All);
        services.AddModuleStrings<IntegrationsStrings>();
        services.AddWeComClient();
        services.AddScoped<WeComSettingsService>();
        services.AddScoped<WeComDirectoryService>();
        services.AddScoped<DirectorySyncService>();
        services.AddSingleton<DirectorySyncLauncher>();
        services.AddScoped<Demo.DemoWeComDirectorySeeder>();
        services.AddNavItems(
            new NavItem("Nav.WeComSettings", "/integrations/wecom/settings", MudBlazor.Icons.Material.Filled.Hub, IntegrationsPermissions.WeComManage, 940),
            new NavItem("Nav.WeComDirectory", "/integrations/wecom/directory", MudBlazor.Icons.Material.Filled.ContactPhone, IntegrationsPermissions.WeComManage, 941),
            new NavItem("Nav.WeComMessages", "/integrations/wecom/messages", MudBlazor.Icons.Material.Filled.MarkChatRead, IntegrationsPermissions.WeComManage, 942));
        services.AddScoped<WorkMessageSender>();
        services.AddScoped<WorkMessageService>();
        services.AddJob<WorkMessageJob>(WorkMessageJob.Name, "Jobs.Integrations.WeComMessages", JobSchedule.Every(TimeSpan.FromMinutes(1)));
        return services;
    }

    public static void MapIntegrations(this IEndpointRouteBuilder api)
    {
        var integrations = api.MapGroup("/integrations").WithTags("Integrations");
        integrations.MapWeComSettings();
        integrations.MapWeComDirectory();
        integrations.MapWorkMessages();
    }

    public static void ConfigureModel(ModelBuilder builder)
    {
        builder.ApplyConfiguration(new WeComSettingsConfiguration());
        builder.ApplyConfiguration(new WeComAccessTokenConfiguration());
        builder.ApplyConfiguration(new WeComDirectoryMemberConfiguration());
        builder.ApplyConfiguration(new WeComDirectorySyncConfiguration());
        builder.ApplyConfiguration(new WeComSharedContactConfiguration());
        builder.ApplyConfiguration(new WorkMessageConfiguration());
        builder.ApplyConfiguration(new WorkMessagePreferenceConfiguration());
    }
}
