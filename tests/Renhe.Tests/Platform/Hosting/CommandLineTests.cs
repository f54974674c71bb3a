using Renhe.Platform.Hosting;

namespace Renhe.Tests.Platform.Hosting;

[Trait("Category", "Unit")]
public sealed class CommandLineTests
{
    [Theory]
    [InlineData(new string[0], null, "", null, null)]
    [InlineData(new[] { "--demo" }, null, "", "true", null)]
    [InlineData(new[] { "migrate" }, "migrate", "", null, null)]
    [InlineData(new[] { "migrate", "--data-dir", "/srv/renhe" }, "migrate", "", null, "/srv/renhe")]
    [InlineData(new[] { "--demo", "--urls", "http://0.0.0.0:8080" }, null, "--urls http://0.0.0.0:8080", "true", null)]
    [InlineData(new[] { "--data-dir=/tmp/x", "--demo" }, null, "", "true", "/tmp/x")]
    public void Splits_verb_own_switches_and_host_arguments(string[] args, string? verb, string hostArgs, string? demo, string? dataDir)
    {
        var parsed = CommandLine.Parse(args);
        Assert.Equal(verb, parsed.Verb);
        Assert.Equal(hostArgs, string.Join(' ', parsed.HostArgs));
        Assert.Equal(demo, parsed.Settings.GetValueOrDefault("Demo:Enabled"));
        Assert.Equal(dataDir, parsed.Settings.GetValueOrDefault("DataDir"));
    }

    [Theory]
    [InlineData(new[] { "restore", "/srv/backups/renhe.zip", "--Database:Provider=Postgres", "--data-dir", "/srv/new" },
        "/srv/backups/renhe.zip", "--Database:Provider=Postgres")]
    [InlineData(new[] { "import-calls", "/tmp/calls.csv", "UTC", "--urls", "http://0.0.0.0:8080" }, "/tmp/calls.csv UTC", "--urls http://0.0.0.0:8080")]
    [InlineData(new[] { "--urls", "http://0.0.0.0:8080", "--demo" }, "", "--urls http://0.0.0.0:8080")]
    public void A_verbs_file_names_stay_out_of_the_configuration(string[] args, string verbArguments, string configurationArgs)
    {
        var parsed = CommandLine.Parse(args);
        Assert.Equal(verbArguments, string.Join(' ', parsed.HostArgs.Where(a => !parsed.ConfigurationArgs.Contains(a))));
        Assert.Equal(configurationArgs, string.Join(' ', parsed.ConfigurationArgs));
    }
}
