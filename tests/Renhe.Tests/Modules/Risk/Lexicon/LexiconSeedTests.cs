using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Risk.Lexicon;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Risk.Lexicon;

/// A lexicon that administrators emptied stays empty: the defaults are for a new installation only.
[Trait("Category", "Integration")]
public sealed class LexiconSeedTests(SqliteRenheFactory factory) : IClassFixture<SqliteRenheFactory>
{
    [Fact]
    public async Task An_emptied_lexicon_is_not_seeded_again_and_scans_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var scanner = factory.Services.GetRequiredService<LexiconScanner>();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var lexicon = scope.ServiceProvider.GetRequiredService<LexiconService>();
            foreach (var word in (await lexicon.ListAsync(new LexiconQuery(PageSize: 500), ct)).Items) await lexicon.DeleteAsync(word.Id, ct);
        }
        Assert.Equal(0, await scanner.SeedAsync(TimeProvider.System, ct));
        await scanner.ReloadAsync(ct);
        Assert.Equal(0, scanner.Current.WordCount);
        Assert.Empty(scanner.Current.Scan("加我微信，私单"));
    }
}
