using System.Net;
using Microsoft.Data.Sqlite;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform;

[Trait("Category", "Integration")]
public sealed class HealthTests(SqliteRenheFactory factory) : IClassFixture<SqliteRenheFactory>
{
    [Fact]
    public async Task Health_turns_503_when_the_database_stops_answering()
    {
        var client = factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        // Replace the database file with something that is not a database.
        var dbFile = Directory.GetFiles(factory.Services.GetDataDirectory(), "renhe.db").Single();
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { dbFile, dbFile + "-wal", dbFile + "-shm" }) File.Delete(f);
        await File.WriteAllTextAsync(dbFile, new string('x', 4096));

        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }
}
