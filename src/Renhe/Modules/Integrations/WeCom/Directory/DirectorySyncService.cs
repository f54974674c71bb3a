using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Renhe.Modules.Integrations.WeCom.Api;
using Renhe.Modules.Integrations.WeCom.Settings;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;

namespace Renhe.Modules.Integrations.WeCom.Directory;

/// The directory sync and the customer import, run in the background with their progress on a
/// <see cref="WeComDirectorySync"/> row. Both read everything from WeCom before writing anything,
/// so an errcode (60011 no privilege, 45009 too many calls…) ends the run with WeCom's words and
/// leaves the snapshot, the links and the customers as they were.
public sealed class DirectorySyncService(
    IDbContextFactory<AppDbContext> dbFactory, WeComClient client, WeComSettingsService settings, FieldCipher cipher, ContactEventLinker linker,
    AuditService audit, TimeProvider clock, IStringLocalizer<Strings> l, ILogger<DirectorySyncService> log)
{
    /// WeCom's batch/get_by_user takes at most 100 user ids per call.
    public const int UserIdsPerCall = 100;

    /// Stores a new run, refused while WeCom is not configured or another run is under way. Audited.
    public async Task<Guid> CreateRunAsync(DirectorySyncKind kind, string? startedBy, CancellationToken ct)
    {
        if (!await settings.IsConfiguredAsync(ct))
            throw new DomainException("Integrations.WeCom.Directory.NotConfigured") { StatusCode = 409 };
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var running = await db.WeComDirectorySyncs.Where(s => s.Status == DirectorySyncStatus.Running).ToListAsync(ct);
        if (running.Any(s => s.IsActive(now)))
            throw new DomainException("Integrations.WeCom.Directory.Running") { StatusCode = 409 };
        foreach (var stale in running)
            (stale.Status, stale.FinishedAt, stale.Error) = (DirectorySyncStatus.Failed, now, l["Integrations.WeCom.Directory.Interrupted"].Value);
        var run = new WeComDirectorySync { Kind = kind, StartedBy = startedBy, StartedAt = now, HeartbeatAt = now };
        db.WeComDirectorySyncs.Add(run);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditAction.Insert, "integrations_wecom_directory_sync", run.Id.ToString(), kind.ToString(), ct);
        return run.Id;
    }

    /// Does the run's work and records how it ended; never throws for WeCom's refusals.
    public async Task RunAsync(Guid runId, CancellationToken ct)
    {
        DirectorySyncKind kind;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            kind = await db.WeComDirectorySyncs.Where(s => s.Id == runId).Select(s => s.Kind).SingleAsync(ct);
        try
        {
            if (kind == DirectorySyncKind.Directory) await SyncDirectoryAsync(runId, ct);
            else await ImportCustomersAsync(runId, ct);
            await FinishAsync(runId, DirectorySyncStatus.Succeeded, null, null, ct);
        }
        catch (WeComException e)
        {
            log.LogWarning("WeCom directory run {Run} refused by WeCom: {Api} errcode {ErrCode}", runId, e.Api, e.ErrCode);
            await FinishAsync(runId, DirectorySyncStatus.Failed, e.ErrCode, l.Message(e), CancellationToken.None);
        }
        catch (WeComNotConfiguredException)
        {
            await FinishAsync(runId, DirectorySyncStatus.Failed, null, l["Integrations.WeCom.Directory.NotConfigured"], CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogError(e, "WeCom directory run {Run} failed", runId);
            await FinishAsync(runId, DirectorySyncStatus.Failed, null, l["Integrations.WeCom.Directory.Failed"], CancellationToken.None);
        }
    }

    /// Creates a run and does it here and now (what the background launcher does, awaited).
    public async Task<DirectorySyncView> RunNowAsync(DirectorySyncKind kind, string? startedBy, CancellationToken ct)
    {
        var id = await CreateRunAsync(kind, startedBy, ct);
        await RunAsync(id, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return DirectorySyncView.Of(await db.WeComDirectorySyncs.AsNoTracking().SingleAsync(s => s.Id == id, ct));
    }

    private async Task SyncDirectoryAsync(Guid runId, CancellationToken ct)
    {
        // Read: departments, then the members of each top department with its children (fetch_child=1).
        var departments = await client.ListDepartmentsAsync(ct);
        var ids = departments.Select(d => d.Id).ToHashSet();
        var roots = departments.Where(d => d.ParentId == 0 || !ids.Contains(d.ParentId)).OrderBy(d => d.Order).ThenBy(d => d.Id).ToList();
        var step = 1;
        await ProgressAsync(runId, step, roots.Count + 2, ct);
        var members = new Dictionary<string, WeComDirectoryMember>(StringComparer.Ordinal);
        var listed = new List<WeComMember>();
        foreach (var root in roots)
        {
            listed.AddRange(await client.ListMembersAsync(root.Id, ct));
            await ProgressAsync(runId, ++step, roots.Count + 2, ct);
        }
        var distinct = listed.GroupBy(m => m.UserId, StringComparer.Ordinal).Select(g => g.First()).ToList();
        var departmentNames = departments.ToDictionary(d => d.Id, d => d.Name);

        // Match, then write everything in one transaction.
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var employees = await db.Employees.ToListAsync(ct);
        var rows = await db.WeComDirectoryMembers.ToDictionaryAsync(m => m.UserId, StringComparer.Ordinal, ct);
        var candidates = employees.Select(e => new EmployeeCandidate(e.Id, e.EmployeeNumber, e.Status,
            PersonalData.NormalisePhone(cipher.Decrypt(e.PersonalPhoneCipher)), e.WeComUserId)).ToList();
        var previous = rows.Values.ToDictionary(r => r.UserId, r => new PreviousLink(r.EmployeeId, r.Match), StringComparer.Ordinal);
        var links = DirectoryMatcher.Match(distinct.Select(m => new MemberCandidate(m.UserId, PersonalData.NormalisePhone(m.Mobile))).ToList(),
            candidates, previous).ToDictionary(x => x.UserId, StringComparer.Ordinal);

        var byId = employees.ToDictionary(e => e.Id);
        var newlyLinked = 0;
        foreach (var m in distinct)
        {
            if (!rows.TryGetValue(m.UserId, out var row))
            {
                row = new WeComDirectoryMember { UserId = m.UserId };
                db.WeComDirectoryMembers.Add(row);
                rows[m.UserId] = row;
            }
            var mobile = PersonalData.NormalisePhone(m.Mobile);
            row.Name = Cut(m.Name, 64);
            row.Departments = Cut(string.Join('、', m.Departments.Select(d => departmentNames.GetValueOrDefault(d, d.ToString(CultureInfo.InvariantCulture)))), 500);
            row.Position = string.IsNullOrEmpty(m.Position) ? null : Cut(m.Position, 128);
            row.MobileIndex = string.IsNullOrEmpty(mobile) ? null : cipher.BlindIndex(mobile);
            row.MobileMasked = string.IsNullOrEmpty(mobile) ? null : Cut(PersonalData.MaskPhone(mobile), 20);
            row.Status = m.Status;
            row.Present = true;
            row.LastSeenAt = now;
            var link = links[m.UserId];
            if (link.IsNewLink && byId[link.EmployeeId!.Value] is { WeComUserId: null } employee)
            {
                employee.WeComUserId = m.UserId;
                newlyLinked++;
            }
            row.Apply(link, now);
        }
        foreach (var gone in rows.Values.Where(r => !links.ContainsKey(r.UserId))) gone.Present = false;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        var present = distinct.Select(m => m.UserId).ToHashSet(StringComparer.Ordinal);
        var unmatchedEmployees = employees.Count(e => DirectoryMatcher.IsEmployed(e.Status) && (e.WeComUserId is null || !present.Contains(e.WeComUserId)));
        await using var summary = await dbFactory.CreateDbContextAsync(ct);
        var run = await summary.WeComDirectorySyncs.SingleAsync(s => s.Id == runId, ct);
        run.Done = run.Total = roots.Count + 2;
        run.Members = distinct.Count;
        run.Linked = links.Values.Count(x => x.EmployeeId is not null);
        run.NewlyLinked = newlyLinked;
        run.UnmatchedMembers = links.Values.Count(x => x.EmployeeId is null);
        run.Ambiguous = links.Values.Count(x => x.Match == MemberMatch.Ambiguous);
        run.UnmatchedEmployees = unmatchedEmployees;
        run.HeartbeatAt = clock.GetUtcNow();
        await summary.SaveChangesAsync(ct);
    }

    private async Task ImportCustomersAsync(Guid runId, CancellationToken ct)
    {
        // Only members whose link the employee record still carries: the lead's owner is that employee.
        List<(string UserId, Guid EmployeeId)> linked;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            linked = (await db.WeComDirectoryMembers.AsNoTracking().Where(m => m.Present && m.EmployeeId != null)
                    .Join(db.Employees, m => m.EmployeeId, e => e.Id, (m, e) => new { m.UserId, e.WeComUserId, EmployeeId = e.Id })
                    .ToListAsync(ct))
                .Where(x => x.WeComUserId == x.UserId).OrderBy(x => x.UserId, StringComparer.Ordinal)
                .Select(x => (x.UserId, x.EmployeeId)).ToList();
        }
        var batches = linked.Chunk(UserIdsPerCall).Select(b => b.Select(x => x.UserId).ToList()).ToList();
        var total = batches.Count + 1;
        await ProgressAsync(runId, 0, total, ct);

        // Read every page of every batch first: a refusal half-way changes nothing.
        var items = new List<WeComContactItem>();
        for (var i = 0; i < batches.Count; i++)
        {
            string? cursor = null;
            do
            {
                var page = await client.ListExternalContactsAsync(batches[i], cursor, ct);
                items.AddRange(page.Items);
                cursor = page.NextCursor;
                await ProgressAsync(runId, i, total, ct); // a heartbeat per page
            } while (!string.IsNullOrEmpty(cursor));
            await ProgressAsync(runId, i + 1, total, ct);
        }

        // One customer per external id, owned by the member who added it first; the others are reported.
        var contacts = items.GroupBy(x => x.Contact.ExternalUserId, StringComparer.Ordinal)
            .Select(g => new
            {
                g.First().Contact,
                Followers = g.OrderBy(x => x.FollowInfo.CreatedAt).ThenBy(x => x.FollowInfo.UserId, StringComparer.Ordinal)
                    .DistinctBy(x => x.FollowInfo.UserId).Select(x => x.FollowInfo).ToList(),
            })
            .Where(c => !string.IsNullOrEmpty(c.Contact.ExternalUserId))
            .ToList();
        int created = 0, known = 0;
        var customerOf = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var chunk in contacts.Chunk(200))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            foreach (var c in chunk)
            {
                var first = c.Followers[0];
                var customer = await linker.LinkContactAsync(db,
                    new WeComContactLead(c.Contact.ExternalUserId, first.UserId, c.Contact.Name, first.State, first.CreatedAt), ct);
                if (customer is null) continue;
                customerOf[c.Contact.ExternalUserId] = customer.Id;
                if (customer.IsNew) created++;
                else known++;
            }
            await ProgressAsync(runId, batches.Count, total, ct);
        }

        var now = clock.GetUtcNow();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.WeComSharedContacts.ExecuteDeleteAsync(ct);
            foreach (var c in contacts.Where(c => c.Followers.Count > 1))
                db.WeComSharedContacts.Add(new WeComSharedContact
                {
                    ExternalUserId = c.Contact.ExternalUserId, Name = Cut(c.Contact.Name, 128),
                    FollowerUserIds = c.Followers.Select(f => f.UserId).ToList(),
                    CustomerId = customerOf.TryGetValue(c.Contact.ExternalUserId, out var id) ? id : null, SeenAt = now,
                });
            var run = await db.WeComDirectorySyncs.SingleAsync(s => s.Id == runId, ct);
            (run.Done, run.Total, run.Members) = (total, total, linked.Count);
            (run.ContactsCreated, run.ContactsKnown, run.MultiFollowed) = (created, known, contacts.Count(c => c.Followers.Count > 1));
            run.HeartbeatAt = now;
            await db.SaveChangesAsync(ct);
        }
    }

    private async Task ProgressAsync(Guid runId, int done, int total, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.WeComDirectorySyncs.Where(s => s.Id == runId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Done, done).SetProperty(s => s.Total, total).SetProperty(s => s.HeartbeatAt, clock.GetUtcNow()), ct);
    }

    private async Task FinishAsync(Guid runId, DirectorySyncStatus status, int? errCode, string? error, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.WeComDirectorySyncs.SingleAsync(s => s.Id == runId, ct);
        var now = clock.GetUtcNow();
        (run.Status, run.FinishedAt, run.HeartbeatAt, run.ErrCode) = (status, now, now, errCode);
        run.Error = error is null ? null : Cut(error, 500);
        await db.SaveChangesAsync(ct);
    }

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];
}
