using Renhe;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Modules.Risk;
using Renhe.Modules.Risk.Archive;
using Renhe.Modules.Sales;
using Renhe.Platform;
using Renhe.Platform.Data;
using Renhe.Platform.Hosting;
using Renhe.Platform.Setup;

var command = CommandLine.Parse(args);
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = command.HostArgs });
// The settings file travels with the program: the working directory may be anywhere (see Renhe.csproj).
// Inserted first, so environment variables and the command line still override it.
var settingsFile = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
{
    Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"), Optional = true,
};
settingsFile.ResolveFileProvider();
builder.Configuration.Sources.Insert(0, settingsFile);
builder.Configuration.AddInMemoryCollection(command.Settings);

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
        Console.Error.WriteLine($"Unknown command '{command.Verb}'. Commands: migrate, import-chats <file.jsonl>, import-calls <file.csv> [time zone], verify-archive. Options: --demo, --data-dir <dir>, --urls <url>.");
        return 2;
}

await app.InitialiseAsync();
var api = app.UsePlatform();
api.MapOrg();
api.MapRisk();
api.MapSales();
await app.RunAsync();
return 0;

public partial class Program;
