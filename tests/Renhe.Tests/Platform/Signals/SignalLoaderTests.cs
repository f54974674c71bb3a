using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Platform.Data;
using Renhe.Platform.Signals;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Signals;

/// The application's sources through the loader: one source per kind, all of them called, one order.
public abstract class SignalLoaderSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Every_signal_kind_has_exactly_one_registered_source()
    {
        var sources = Factory.Services.GetServices<ISignalSource>().ToList();
        var kinds = sources.SelectMany(s => s.Kinds).ToList();
        string[] declared =
        [
            SignalKinds.FollowUpOwn, SignalKinds.FollowUpOther, SignalKinds.OrderEffective, SignalKinds.KeywordHit, SignalKinds.MessageRecall,
            SignalKinds.CustomerDeleted, SignalKinds.CustomerView, SignalKinds.PhoneReveal, SignalKinds.ExportRequest, SignalKinds.Resignation,
            SignalKinds.LastWorkingDay, SignalKinds.Probation, SignalKinds.Transfer, SignalKinds.CustodyChange, SignalKinds.Conversion,
            SignalKinds.ConversionBaseline, SignalKinds.Repurchase,
        ];
        Assert.Equal(declared.Order(), SignalLoader.DeclaredKinds.Order());
        Assert.All(declared, k => Assert.Single(kinds, k));
        using var scope = Factory.Services.CreateScope();
        Assert.Equal(declared.Order(), scope.ServiceProvider.GetRequiredService<SignalLoader>().Kinds.Order());
    }

    [Fact]
    public async Task The_loader_returns_every_sources_signals_in_one_total_order()
    {
        var lisi = await Factory.ClientForAsync("lisi");
        var before = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var customer = (await (await lisi.PostAsJsonAsync("/api/sales/customers",
            new { name = "加载器客户", phone = "134" + Random.Shared.Next(10_000_000, 99_999_999) }, Http.Json, Ct)).ReadAsync<IdResponse>(HttpStatusCode.Created)).Id;
        (await lisi.GetAsync($"/api/sales/customers/{customer}", Ct)).EnsureSuccessStatusCode();
        (await lisi.PostAsJsonAsync("/api/sales/follow-ups", new { customerId = customer, kind = "Call", at = before, notes = "加载器跟进" }, Http.Json, Ct))
            .EnsureSuccessStatusCode();
        var to = DateTimeOffset.UtcNow.AddSeconds(1);

        await using var scope = Factory.Services.CreateAsyncScope();
        var loader = scope.ServiceProvider.GetRequiredService<SignalLoader>();
        Guid lisiId;
        await using (var db = Factory.OpenDb())
            lisiId = await db.Users.Where(u => u.UserName == "lisi").Select(u => u.EmployeeId!.Value).SingleAsync(Ct);
        var people = new HashSet<Guid> { lisiId };
        var signals = await loader.LoadAsync(before, to, people, Ct);

        // The customer entered (custody), opened (audit) and followed (sales): three sources, one list.
        Assert.Equal([SignalKinds.CustomerView, SignalKinds.CustodyChange, SignalKinds.FollowUpOwn], signals.Select(s => s.Kind).Order(StringComparer.Ordinal));
        var union = new List<Signal>();
        await using (var db = Factory.OpenDb())
            foreach (var source in scope.ServiceProvider.GetServices<ISignalSource>())
                union.AddRange(await source.LoadAsync(db, before, to, people, Ct));
        union.Sort(SignalLoader.Compare);
        Assert.Equal(union, signals);
        Assert.True(signals.Zip(signals.Skip(1)).All(p => SignalLoader.Compare(p.First, p.Second) <= 0));
        Assert.Empty(await loader.LoadAsync(before, to, new HashSet<Guid>(), Ct));
    }

    public sealed record IdResponse(Guid Id);
}

[Trait("Category", "Integration")]
public sealed class SqliteSignalLoaderTests(SqliteRenheFactory factory) : SignalLoaderSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresSignalLoaderTests(PostgresRenheFactory factory) : SignalLoaderSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;

/// The rules the loader holds every set of sources to.
[Trait("Category", "Unit")]
public sealed class SignalLoaderRulesTests
{
    private sealed class Source(string[] kinds, params Signal[] signals) : ISignalSource
    {
        public IReadOnlyList<string> Kinds => kinds;

        public Task<IReadOnlyList<Signal>> LoadAsync(AppDbContext db, DateTimeOffset from, DateTimeOffset to, IReadOnlySet<Guid>? people, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<Signal>>(signals);
    }

    private static readonly Source All = new([.. SignalLoader.DeclaredKinds]);

    [Fact]
    public void A_kind_with_two_sources_or_none_is_refused()
    {
        Assert.Same(All, Assert.Single(SignalLoader.EnsureOneSourcePerKind([All])));
        var twice = Assert.Throws<InvalidOperationException>(() => SignalLoader.EnsureOneSourcePerKind([All, new Source([SignalKinds.KeywordHit])]));
        Assert.Contains(SignalKinds.KeywordHit, twice.Message);
        var missing = Assert.Throws<InvalidOperationException>(() =>
            SignalLoader.EnsureOneSourcePerKind([new Source([.. SignalLoader.DeclaredKinds.Where(k => k != SignalKinds.Transfer)])]));
        Assert.Contains(SignalKinds.Transfer, missing.Message);
    }

    [Fact]
    public void Signals_order_by_time_kind_person_and_record_whatever_order_they_came_in()
    {
        var t = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        var (a, b) = (new Guid("00000000-0000-0000-0000-000000000001"), new Guid("00000000-0000-0000-0000-000000000002"));
        Signal[] ordered =
        [
            new(SignalKinds.KeywordHit, b, t.AddHours(-8).ToOffset(TimeSpan.FromHours(8)), new SignalRef(SignalRecordTypes.Archive, "9")),
            new(SignalKinds.FollowUpOther, b, t, new SignalRef(SignalRecordTypes.FollowUp, "x")),
            new(SignalKinds.KeywordHit, a, t, new SignalRef(SignalRecordTypes.Archive, "10"), Category: "abuse"),
            new(SignalKinds.KeywordHit, a, t, new SignalRef(SignalRecordTypes.Archive, "10"), Category: "private_deal"),
            new(SignalKinds.KeywordHit, a, t, new SignalRef(SignalRecordTypes.Archive, "11")),
            new(SignalKinds.KeywordHit, b, t, new SignalRef(SignalRecordTypes.Archive, "1")),
        ];
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var random = new Random(seed);
            var shuffled = ordered.OrderBy(_ => random.Next()).ToList();
            shuffled.Sort(SignalLoader.Compare);
            Assert.Equal(ordered, shuffled);
        }
    }
}
