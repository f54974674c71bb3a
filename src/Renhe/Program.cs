using Renhe;
using Renhe.Modules.Commission;
using Renhe.Modules.Integrations;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Modules.Risk;
using Renhe.Modules.Risk.Archive;
using Renhe.Modules.Sales;
using Renhe.Platform;
using Renhe.Platform.Backup;
using Renhe.Platform.Data;
using Renhe.Platform.Hosting;
using Renhe.Platform.Setup;

var command = CommandLine.Parse(args);
if (command.Verb == "help" || args.Contains("--help"))
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}
// Verifying an evidence package needs neither database nor configuration: it runs anywhere the
// package is, for whoever received it.
if (command.Verb == "verify-evidence")
    return Renhe.Modules.Risk.Evidence.EvidenceCommands.VerifyEvidence(command.HostArgs, Console.Out);
// The program's own files (appsettings.json, and wwwroot with the stylesheets and scripts once
// published) travel with it, while the working directory may be anywhere: a systemd unit without
// one, or the repository root under `dotnet run` (see Renhe.csproj). The default content root is the
// working directory, where a published Renhe served every asset as an empty 200. Only the data
// folder stays relative to the working directory (DataDir).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = command.ConfigurationArgs, ContentRootPath = AppContext.BaseDirectory,
});
builder.Configuration.AddInMemoryCollection(command.Settings);
// Backup and restore need only the configuration: a refused restore must not leave a data folder behind.
if (command.Verb is "backup" or "restore")
    return await BackupCommands.RunAsync(command.Verb, command.HostArgs, builder.Configuration, Console.Out, Console.Error);

builder.AddRenhe();

var app = builder.Build();

switch (command.Verb)
{
    case "migrate":
        await DatabaseSetup.MigrateAsync(app.Services);
        Console.WriteLine("Database is up to date.");
        return 0;
    case "import-chats":
        await DatabaseSetup.MigrateAsync(app.Services);
        return await ArchiveCommands.ImportChatsAsync(app.Services, command.HostArgs.FirstOrDefault(), Console.Out);
    case "import-calls":
        await DatabaseSetup.MigrateAsync(app.Services);
        return await ArchiveCommands.ImportCallsAsync(app.Services, command.HostArgs.FirstOrDefault(), command.HostArgs.Skip(1).FirstOrDefault(), Console.Out);
    case "verify-archive":
        await DatabaseSetup.MigrateAsync(app.Services);
        return await ArchiveCommands.VerifyArchiveAsync(app.Services, Console.Out);
    case null:
        break;
    default:
        Console.Error.WriteLine($"Unknown command '{command.Verb}'. {CommandLine.Usage}");
        return 2;
}

await app.InitialiseAsync();
var api = app.UsePlatform();
api.MapOrg();
api.MapRisk();
api.MapSales();
api.MapCommission();
api.MapIntegrations();
await app.RunAsync();
return 0;

public partial class Program;
