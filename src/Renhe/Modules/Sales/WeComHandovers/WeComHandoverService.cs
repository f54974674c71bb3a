using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Renhe.Platform.Data;
using Renhe.Platform.Localization;
using Renhe.Platform.Security;

namespace Renhe.Modules.Sales.WeComHandovers;

/// What people read about WeCom handovers: the customers WeCom did not hand over, for whoever may
/// read those customers (a salesperson their own, a manager the team's, the owner everyone).
public sealed class WeComHandoverService(IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser, IStringLocalizer<Strings> l)
{
    public const int MaxListed = 500;

    /// Failed takeovers (refused by the customer, the receiver at WeCom's limit, refused by WeCom),
    /// newest first; with <paramref name="originId"/> only those of one inheritance plan or transfer.
    public async Task<IReadOnlyList<FailedHandoverListItem>> ListFailedAsync(Guid? originId, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var customers = db.Customers.Where(c => c.DeletedAt == null).VisibleTo(access, SalesPermissions.CustomerRead);
        var handovers = db.WeComHandovers.AsNoTracking()
            .Where(h => h.State == HandoverState.Refused || h.State == HandoverState.TakeoverAtLimit || h.State == HandoverState.Failed);
        if (originId is { } origin) handovers = handovers.Where(h => h.OriginId == origin);
        var rows = await (from h in handovers
                          join c in customers on h.CustomerId equals c.Id
                          orderby h.SettledAt descending, h.Id descending
                          select new
                          {
                              h.Id, h.Kind, h.CustomerId, CustomerName = c.Name,
                              FromName = db.Employees.Where(e => e.Id == h.FromEmployeeId).Select(e => e.Name).FirstOrDefault(),
                              ToName = db.Employees.Where(e => e.Id == h.ToEmployeeId).Select(e => e.Name).FirstOrDefault(),
                              h.State, h.ErrCode, h.Reason, h.ReturnedToOwner, h.OriginId, h.QueuedAt, h.SettledAt,
                          }).Take(MaxListed).ToListAsync(ct);
        return rows.Select(r => new FailedHandoverListItem(r.Id, r.Kind, r.CustomerId, r.CustomerName, r.FromName ?? "—", r.ToName ?? "—", r.State,
            r.ErrCode, ReasonText(l, r.State, r.ErrCode, r.Reason, r.ReturnedToOwner), r.ReturnedToOwner, r.OriginId, r.QueuedAt, r.SettledAt)).ToList();
    }

    /// Why a handover did not happen, as the manager reads it.
    public static string ReasonText(IStringLocalizer l, HandoverState state, int? errCode, string? reason, bool returnedToOwner)
    {
        var text = state switch
        {
            HandoverState.Refused => l["Sales.Handover.Reason.Refused"].Value,
            HandoverState.TakeoverAtLimit => l["Sales.Handover.Reason.TakeoverAtLimit"].Value,
            HandoverState.Failed when errCode is { } code => WeComError(l, code, reason),
            HandoverState.Failed => l["Sales.Handover.Reason.NoRecord"].Value,
            _ => l["Sales.Handover.State." + state].Value,
        };
        return returnedToOwner ? text + l["Sales.Handover.Reason.Returned"].Value : text;
    }

    /// WeCom's errcode in the words the WeCom client uses: advice for the codes Renhe knows, WeCom's errmsg otherwise.
    private static string WeComError(IStringLocalizer l, int code, string? errMsg)
    {
        var known = l[$"WeCom.Error.{code}", code, errMsg ?? ""];
        return known.ResourceNotFound ? l["WeCom.Error.Other", code, errMsg ?? "—"].Value : known.Value;
    }
}
