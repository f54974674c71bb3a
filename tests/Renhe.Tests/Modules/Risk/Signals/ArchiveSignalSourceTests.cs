using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Integrations.WeCom;
using Renhe.Modules.Risk.Archive;
using Renhe.Modules.Risk.Scanning;
using Renhe.Modules.Risk.Signals;
using Renhe.Platform.Signals;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Risk.Signals;

/// The archive as signals: chat messages and contact events stored through the archive service
/// as WeCom delivers them (chat-archive JSON, contact-change events), for 李四 (WeCom user lisi).
public abstract class ArchiveSignalSourceSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Long before the demo's six months of chats.
    private static readonly DateTimeOffset T0 = new(2025, 6, 2, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Hits_recalls_by_the_person_and_contact_deletions_by_either_side_become_signals()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var customer = "wmSignal" + tag;
        object Chat(string id, int minutes, string from, string to, string type, object body) => ChatArchiveMessage.Parse(JsonSerializer.SerializeToElement(
            new Dictionary<string, object>
            {
                ["msgid"] = id + tag, ["action"] = type == "revoke" ? "recall" : "send", ["from"] = from, ["tolist"] = new[] { to },
                ["msgtime"] = T0.AddMinutes(minutes).ToUnixTimeMilliseconds(), ["msgtype"] = type, [type] = body,
            }));
        object Contact(int minutes, string change, ExternalContactChange kind, string? source = null) => WeComCallbackEndpoints.ToDraft(
            new WeComExternalContactEvent("corp", T0.AddMinutes(minutes), "change_external_contact", kind, change, "lisi", customer, null, null, null, source));

        IReadOnlyList<AppendResult> stored;
        await using (var scope = Factory.Services.CreateAsyncScope())
            stored = await scope.ServiceProvider.GetRequiredService<ArchiveService>().AppendAsync(
            [
                Chat("poach-", 0, "lisi", customer, "text", new { content = "以后加我私人微信，价格好说" }),
                Chat("plain-", 1, customer, "lisi", "text", new { content = "好的，谢谢" }),
                Chat("recall-", 2, "lisi", customer, "revoke", new { pre_msgid = "poach-" + tag }),
                // The customer recalling their own message in 李四's chat is not 李四's recall.
                Chat("their-recall-", 3, customer, "lisi", "revoke", new { pre_msgid = "plain-" + tag }),
                Contact(4, ArchiveSignalSource.DeletedByEmployee, ExternalContactChange.DelExternalContact),
                Contact(5, ArchiveSignalSource.DeletedByCustomer, ExternalContactChange.DelFollowUser),
                // Removed by WeCom for a hand-over to a colleague: neither side deleted anyone.
                Contact(6, ArchiveSignalSource.DeletedByCustomer, ExternalContactChange.DelFollowUser, ArchiveSignalSource.DeletedByTransfer),
                Contact(7, "add_external_contact", ExternalContactChange.AddExternalContact),
                // Exactly at the end of the range asked for.
                Contact(8, ArchiveSignalSource.DeletedByEmployee, ExternalContactChange.DelExternalContact),
            ], Ct);
        Assert.All(stored, r => Assert.Equal(AppendStatus.Stored, r.Status));
        var seq = stored.Select(r => r.Seq!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

        await using var db = Factory.OpenDb();
        var lisi = await db.Users.Where(u => u.UserName == "lisi").Select(u => u.EmployeeId!.Value).SingleAsync(Ct);
        var hits = await db.ScanHits.Where(h => h.Seq == stored[0].Seq).Select(h => h.Category).ToListAsync(Ct);
        Assert.Contains(LexiconCategories.ContactPoaching, hits);

        SignalRef Record(int i) => new(SignalRecordTypes.Archive, seq[i]);
        var expected = hits.Select(c => new Signal(SignalKinds.KeywordHit, lisi, T0, Record(0), Category: c))
            .Append(new Signal(SignalKinds.MessageRecall, lisi, T0.AddMinutes(2), Record(2)))
            .Append(new Signal(SignalKinds.CustomerDeleted, lisi, T0.AddMinutes(4), Record(4), Category: SignalKinds.ByEmployee))
            .Append(new Signal(SignalKinds.CustomerDeleted, lisi, T0.AddMinutes(5), Record(5), Category: SignalKinds.ByCustomer))
            .ToList();
        expected.Sort(SignalLoader.Compare);
        var signals = (await new ArchiveSignalSource().LoadAsync(db, T0, T0.AddMinutes(8), new HashSet<Guid> { lisi }, Ct)).ToList();
        signals.Sort(SignalLoader.Compare);
        Assert.Equal(expected, signals);

        // [from, to): the hit exactly at `from` is in; a range starting a moment later leaves it out.
        Assert.DoesNotContain(await new ArchiveSignalSource().LoadAsync(db, T0.AddMilliseconds(1), T0.AddMinutes(9), null, Ct), s => s.Kind == SignalKinds.KeywordHit);
        Assert.Contains(await new ArchiveSignalSource().LoadAsync(db, T0, T0.AddMinutes(9), null, Ct), s => s.At == T0.AddMinutes(8));
        Assert.Empty(await new ArchiveSignalSource().LoadAsync(db, T0, T0.AddMinutes(9), new HashSet<Guid> { Guid.NewGuid() }, Ct));
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteArchiveSignalSourceTests(SqliteRenheFactory factory) : ArchiveSignalSourceSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresArchiveSignalSourceTests(PostgresRenheFactory factory) : ArchiveSignalSourceSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
