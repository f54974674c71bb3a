using Renhe.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renhe.Modules.Risk.Archive;
using Renhe.Modules.Risk.Demo;
using Renhe.Modules.Risk.Scanning;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Risk.Demo;

/// The demo archive seeded by --demo (the factory runs in demo mode): 小李's private-shop
/// conversations are flagged, the others' ordinary sales talk mostly is not, recalls and customer
/// deletions surround hers, the chain verifies and a second seeding stores nothing.
[Trait("Category", "Integration")]
public sealed class DemoChatTests(SqliteRenheFactory factory) : IClassFixture<SqliteRenheFactory>
{
    private static readonly string[] Watched = [LexiconCategories.PrivateDeal, LexiconCategories.PersonalPayment, LexiconCategories.RivalPlatform];

    [Fact]
    public async Task The_salespeople_have_six_months_of_chats_calls_and_contact_events()
    {
        await using var db = factory.OpenDb();
        var ct = TestContext.Current.CancellationToken;
        var demo = db.ArchivedRecords.Where(r => r.SourceId.StartsWith(DemoChatSeeder.SourcePrefix));
        Assert.InRange(await demo.CountAsync(ct), 2000, 12000);
        Assert.True(await demo.AnyAsync(r => r.Class == RecordClass.Call, ct));
        Assert.True(await demo.AnyAsync(r => r.MsgType == "file", ct));
        // Contact events keep the callback's source ids (user:customer:change:time), not the demo prefix.
        Assert.True(await db.ArchivedRecords.AnyAsync(r => r.MsgType == "add_external_contact", ct));
        Assert.False(await demo.AnyAsync(r => r.UnknownEmployee, ct));

        var salesIds = await db.Employees.Where(e => DemoChatSeeder.Salespeople.Contains(e.Name)).Select(e => e.Id).ToListAsync(ct);
        var talking = await demo.Where(r => r.EmployeeId != null).Select(r => r.EmployeeId!.Value).Distinct().ToListAsync(ct);
        Assert.Equal(salesIds.Order(), talking.Order());

        var times = await demo.Where(r => r.Class == RecordClass.ChatMessage).Select(r => r.At).ToListAsync(ct);
        var span = times.Max() - times.Min();
        Assert.InRange(span.TotalDays, 150, 180);
        var local = times.Select(t => t.ToOffset(TimeSpan.FromHours(8))).ToList();
        Assert.True(local.Count(t => t.Hour is >= 9 and < 19) > 0.8 * local.Count, "mostly in working hours, Shanghai time");
        Assert.True(local.Count(t => t.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) < 0.15 * local.Count, "mostly on weekdays");
    }

    [Fact]
    public async Task Xiaoli_is_flagged_for_private_deals_personal_payment_and_rival_platforms_and_the_others_hardly_at_all()
    {
        await using var db = factory.OpenDb();
        var ct = TestContext.Current.CancellationToken;
        var people = await db.Employees.Where(e => DemoChatSeeder.Salespeople.Contains(e.Name)).Select(e => new { e.Id, e.Name }).ToListAsync(ct);
        var hits = await (from h in db.ScanHits
                          join r in db.ArchivedRecords on h.Seq equals r.Seq
                          where r.SourceId.StartsWith(DemoChatSeeder.SourcePrefix) && Watched.Contains(h.Category)
                          select new { r.EmployeeId, h.Category }).ToListAsync(ct);
        var xiaoli = people.Single(p => p.Name == DemoChatSeeder.XiaoLi).Id;
        var hers = hits.Where(h => h.EmployeeId == xiaoli).ToList();
        foreach (var category in Watched) Assert.Contains(hers, h => h.Category == category);
        Assert.True(hers.Count >= 10, $"小李 has {hers.Count} hits");
        foreach (var other in people.Where(p => p.Id != xiaoli))
        {
            var theirs = hits.Count(h => h.EmployeeId == other.Id);
            Assert.True(theirs * 5 <= hers.Count, $"{other.Name} has {theirs} hits against 小李's {hers.Count}");
        }
    }

    [Fact]
    public async Task Recalls_and_customer_deletions_surround_xiaolis_chats()
    {
        await using var db = factory.OpenDb();
        var ct = TestContext.Current.CancellationToken;
        var xiaoli = await db.Employees.Where(e => e.Name == DemoChatSeeder.XiaoLi).Select(e => e.Id).SingleAsync(ct);
        var recalls = await db.ArchivedRecords.Where(r => r.EmployeeId == xiaoli && r.Action == "recall").ToListAsync(ct);
        Assert.InRange(recalls.Count, 2, 10);
        var recalledIds = recalls.Select(r => r.ReferencedSourceId!).ToList();
        var recalled = await db.ArchivedRecords.Where(r => recalledIds.Contains(r.SourceId)).Select(r => r.Seq).ToListAsync(ct);
        Assert.Equal(recalls.Count, recalled.Count);   // the originals are kept
        Assert.True(await db.ScanHits.CountAsync(h => recalled.Contains(h.Seq), ct) >= recalls.Count, "what she recalled was flagged");

        var events = await db.ArchivedRecords.Where(r => r.EmployeeId == xiaoli && r.Class == RecordClass.ContactEvent)
            .Select(r => new { r.MsgType, r.CounterpartExternalId }).ToListAsync(ct);
        Assert.Contains(events, e => e.MsgType == "del_external_contact");
        Assert.Contains(events, e => e.MsgType == "del_follow_user");
        // Deleted customers are ones she had steered: their chats with her carry hits.
        foreach (var deleted in events.Where(e => e.MsgType!.StartsWith("del_", StringComparison.Ordinal)))
        {
            var seqs = db.ArchivedRecords.Where(r => r.CounterpartExternalId == deleted.CounterpartExternalId).Select(r => r.Seq);
            Assert.True(await db.ScanHits.AnyAsync(h => seqs.Contains(h.Seq) && Watched.Contains(h.Category), ct));
        }
    }

    [Fact]
    public async Task The_salespeoples_chat_customers_are_their_customers_in_the_sales_module()
    {
        await using var db = factory.OpenDb();
        var ct = TestContext.Current.CancellationToken;
        var xiaoli = await db.Employees.Where(e => e.Name == DemoChatSeeder.XiaoLi).Select(e => e.Id).SingleAsync(ct);
        var hers = await db.Customers.Where(c => c.OwnerId == xiaoli).Select(c => new { c.Name, c.WeComExternalId }).ToListAsync(ct);
        Assert.NotEmpty(hers);
        Assert.All(hers, c => Assert.NotNull(c.WeComExternalId));
        foreach (var customer in hers)
        {
            // Her chats with the customer carry its external id, and call it by its name.
            var chats = await db.ArchivedRecords.Where(r => r.EmployeeId == xiaoli && r.CounterpartExternalId == customer.WeComExternalId
                                                             && r.Class == RecordClass.ChatMessage).Select(r => r.Content).ToListAsync(ct);
            Assert.NotEmpty(chats);
            Assert.Contains(chats, text => text != null && text.Contains(customer.Name[..1] + "总", StringComparison.Ordinal));
        }
        // Her flagged conversations are with customers the sales module knows.
        var flaggedWith = await (from r in db.ArchivedRecords
                                 where r.EmployeeId == xiaoli && db.ScanHits.Any(h => h.Seq == r.Seq)
                                 select r.CounterpartExternalId).Distinct().ToListAsync(ct);
        Assert.NotEmpty(flaggedWith);
        Assert.All(flaggedWith, id => Assert.Contains(hers, c => c.WeComExternalId == id));
    }

    [Fact]
    public async Task The_chain_verifies_and_seeding_again_stores_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = factory.Services.CreateAsyncScope();
        int before;
        await using (var db = factory.OpenDb()) before = await db.ArchivedRecords.CountAsync(ct);

        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<DemoChatSeeder>().SeedAsync(ct));

        // Even without the marker check, the archive's idempotency refuses every record again.
        Dictionary<string, (string, DateOnly)> people;
        await using (var db = factory.OpenDb())
            people = (await db.Employees.Where(e => DemoChatSeeder.Salespeople.Contains(e.Name))
                .Select(e => new { e.Name, e.WeComUserId, e.HireDate }).ToListAsync(ct)).ToDictionary(e => e.Name, e => (e.WeComUserId!, e.HireDate));
        var inputs = DemoChatSeeder.Generate(people, BranchCalendar.DayOf(DateTimeOffset.UtcNow, BranchCalendar.Zone(BranchCalendar.DefaultZoneId)));
        var archive = scope.ServiceProvider.GetRequiredService<ArchiveService>();
        foreach (var batch in inputs.Chunk(1000))
            Assert.All(await archive.AppendAsync(batch, ct), r => Assert.Equal(AppendStatus.Duplicate, r.Status));

        await using (var db = factory.OpenDb()) Assert.Equal(before, await db.ArchivedRecords.CountAsync(ct));
        var verification = await scope.ServiceProvider.GetRequiredService<ArchiveIntegrityService>().VerifyAsync(ct);
        Assert.True(verification.Intact, string.Join("\n", verification.Findings.Select(f => $"{f.Seq} {f.Kind}")));
        Assert.True(verification.RecordsChecked >= inputs.Count);
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        var people = new Dictionary<string, (string, DateOnly)>
        {
            ["张三"] = ("zhangsan", new DateOnly(2022, 1, 1)), ["李晓"] = ("xiaoli", new DateOnly(2026, 8, 1)),
        };
        var day = new DateOnly(2026, 11, 20);
        static string Key(object o) => o is ArchiveDraft d ? $"{d.SourceId}|{d.At:O}|{d.Content}|{d.Body}" : o.ToString()!;
        Assert.Equal(DemoChatSeeder.Generate(people, day).Select(Key), DemoChatSeeder.Generate(people, day).Select(Key));
    }
}
