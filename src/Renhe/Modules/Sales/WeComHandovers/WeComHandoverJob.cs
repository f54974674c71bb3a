using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Integrations.WeCom.Api;
using Renhe.Modules.Integrations.WeCom.Settings;
using Renhe.Platform.Data;
using Renhe.Platform.Jobs;

namespace Renhe.Modules.Sales.WeComHandovers;

/// Carries queued handovers to WeCom and brings their results back. Sends the queued rows grouped
/// by (kind, handover user, takeover user, message) in calls of at most <see cref="BatchSize"/>
/// customers, records WeCom's answer per customer, then asks transfer_result (page by page) for the
/// rows that wait for one until each settles; a refused in-service handover gives the customer
/// back to its former owner. A frequency limit (45009) stops the run and leaves the rest for the
/// next minute; any other WeCom error fails the rows of that call with its errcode. When WeCom is
/// not configured nothing is sent and the rows wait.
public sealed class WeComHandoverSender(IDbContextFactory<AppDbContext> dbFactory, WeComSettingsService settings, WeComClient wecom,
    ILogger<WeComHandoverSender> log)
{
    public const int BatchSize = 100;
    /// Rows looked at per run; a larger backlog goes out over the following minutes.
    public const int MaxPerRun = 2000;
    /// Guards against a cursor that never ends.
    private const int MaxPages = 100;

    /// Sends and polls what is due at <paramref name="now"/>; the number of rows that were sent or settled.
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (await settings.AppAsync(ct) is null) return 0;
        var (sent, limited) = await SendQueuedAsync(now, ct);
        if (limited) return sent;
        return sent + await PollAsync(now, ct);
    }

    private async Task<(int Count, bool Limited)> SendQueuedAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var queued = await db.WeComHandovers.Where(h => h.State == HandoverState.Queued)
            .OrderBy(h => h.QueuedAt).ThenBy(h => h.Id).Take(MaxPerRun).ToListAsync(ct);
        var count = 0;
        foreach (var group in queued.GroupBy(h => (h.Kind, Handover: h.HandoverUserId!, Takeover: h.TakeoverUserId!, h.Message)))
        {
            foreach (var chunk in group.Chunk(BatchSize))
            {
                var ids = chunk.Select(h => h.ExternalUserId!).Distinct(StringComparer.Ordinal).ToList();
                IReadOnlyList<WeComCustomerResult> results;
                try
                {
                    results = group.Key.Kind == HandoverKind.Resigned
                        ? await wecom.TransferResignedCustomersAsync(group.Key.Handover, group.Key.Takeover, ids, ct)
                        : await wecom.TransferCustomersAsync(group.Key.Handover, group.Key.Takeover, ids, group.Key.Message, ct);
                }
                catch (WeComException e) when (e.IsFrequencyLimit)
                {
                    log.LogInformation("WeCom frequency limit while handing over customers; {Count} rows wait for the next run", queued.Count(h => h.State == HandoverState.Queued));
                    return (count, true);
                }
                catch (WeComException e)
                {
                    log.LogWarning("WeCom refused a handover call ({Api}, errcode {ErrCode}) for {Count} customers", e.Api, e.ErrCode, chunk.Length);
                    foreach (var row in chunk) row.RecordCallFailed(e.ErrCode, e.ErrMsg, now);
                    await db.SaveChangesAsync(ct);
                    count += chunk.Length;
                    continue;
                }
                var errors = results.GroupBy(r => r.ExternalUserId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().ErrCode, StringComparer.Ordinal);
                foreach (var row in chunk)
                {
                    var errCode = errors.GetValueOrDefault(row.ExternalUserId!);
                    row.RecordSent(errCode, null, now);
                }
                // Saved per call: a crash later in the run does not send these customers again.
                await db.SaveChangesAsync(ct);
                count += chunk.Length;
            }
        }
        return (count, false);
    }

    private async Task<int> PollAsync(DateTimeOffset now, CancellationToken ct)
    {
        List<(HandoverKind Kind, string Handover, string Takeover)> pairs;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            pairs = (await db.WeComHandovers.AsNoTracking()
                    .Where(h => (h.State == HandoverState.Sent || h.State == HandoverState.Waiting) && h.NextCheckAt <= now)
                    .Select(h => new { h.Kind, h.HandoverUserId, h.TakeoverUserId }).Distinct().ToListAsync(ct))
                .Select(p => (p.Kind, p.HandoverUserId!, p.TakeoverUserId!)).ToList();
        }
        var settled = 0;
        foreach (var (kind, handover, takeover) in pairs)
        {
            var statuses = new Dictionary<string, WeComTransferStatusItem>(StringComparer.Ordinal);
            try
            {
                string? cursor = null;
                for (var page = 0; page < MaxPages; page++)
                {
                    var result = kind == HandoverKind.Resigned
                        ? await wecom.ResignedTransferResultAsync(handover, takeover, cursor, ct)
                        : await wecom.TransferResultAsync(handover, takeover, cursor, ct);
                    foreach (var item in result.Customers) statuses[item.ExternalUserId] = item;
                    cursor = result.NextCursor;
                    if (string.IsNullOrEmpty(cursor)) break;
                }
            }
            catch (WeComException e) when (e.IsFrequencyLimit)
            {
                log.LogInformation("WeCom frequency limit while polling handover results; the rest waits for the next run");
                return settled;
            }
            catch (WeComException e)
            {
                // Asked again at the next check; the rows keep what they know.
                log.LogWarning("WeCom refused a handover result call ({Api}, errcode {ErrCode})", e.Api, e.ErrCode);
            }
            settled += await ApplyAsync(kind, handover, takeover, statuses, now, ct);
        }
        return settled;
    }

    private async Task<int> ApplyAsync(HandoverKind kind, string handover, string takeover, Dictionary<string, WeComTransferStatusItem> statuses,
        DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.WeComHandovers.Where(h => h.Kind == kind && h.HandoverUserId == handover && h.TakeoverUserId == takeover
            && (h.State == HandoverState.Sent || h.State == HandoverState.Waiting) && h.NextCheckAt <= now).ToListAsync(ct);
        var settled = 0;
        foreach (var row in rows)
        {
            if (statuses.TryGetValue(row.ExternalUserId!, out var item))
            {
                if (!row.RecordStatus(item.Status, item.TakeoverTime, now)) continue;
                settled++;
                await WeComHandoverOutbox.ReturnIfRefusedAsync(db, row, now, ct);
            }
            else
            {
                row.RecheckLater(now);
            }
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The transfer_fail callback settled one of them meanwhile: the next run reads them again.
            log.LogInformation("Handover rows changed while applying WeCom's results; left for the next run");
            return 0;
        }
        return settled;
    }
}

/// The handover outbox as a job, every minute: a customer's WeCom handover follows its custody
/// change in Renhe within about a minute, and results are asked for until each settles.
public sealed class WeComHandoverJob(WeComHandoverSender sender) : IJob
{
    public const string Name = "sales.wecom-handover";

    public async Task<JobResult> RunAsync(JobContext context, CancellationToken ct) =>
        new("Jobs.Result.HandoversSettled", await sender.RunAsync(context.Now, ct));
}
