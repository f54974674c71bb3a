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
}
