using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Formatting;
using Renhe.Platform.Time;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using Renhe.Platform.Approvals;
using Renhe.Platform.Audit;
using Renhe.Platform.Data;
using Renhe.Platform.Localization;
using Renhe.Platform.Problems;
using Renhe.Platform.Security;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Sales.Orders;

/// Orders. Who may do what:
/// - read orders within the scope of sales.order.read (a salesperson their own, a manager the
///   team's, finance, the owner and administrators all); others' orders are "not found";
/// - create orders for customers within their sales.customer.read scope, and edit, submit and
///   withdraw their own orders (sales.order.create); a draft or a returned order is editable;
/// - record refunds and cancellations of effective orders (sales.order.refund, finance);
/// - approve through the approval engine (销售主管 → 财务), see <see cref="OrderApprovalHandler"/>.
/// Prices come from the price list and are copied into the lines on submission; the discount is
/// checked against the person's limit (ADR 0011). Edits carry the version read (409 when stale).
public sealed class OrderService(
    InputValidator validator,
    IDbContextFactory<AppDbContext> dbFactory, CurrentUser currentUser, ApprovalService approvals, AuditService audit,
    TimeProvider clock, BranchCalendar calendar, IStringLocalizer<Strings> l)
{
    public async Task<IReadOnlyList<OrderListItem>> ListAsync(OrderStatus? status, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ListQuery(db, access, SalesPermissions.OrderRead, status).Take(500).ToListAsync(ct);
    }

    private static IQueryable<OrderListItem> ListQuery(AppDbContext db, UserAccess access, string permission, OrderStatus? status)
    {
        var query = db.Orders.AsNoTracking().VisibleTo(access, permission);
        if (status is { } s) query = query.Where(o => o.Status == s);
        return query.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .Select(o => new OrderListItem(o.Id, o.Number, o.CustomerId, o.Customer!.Name, o.SalespersonId, o.Salesperson!.Name, o.Status, o.TotalFen,
                o.TotalFen - (db.OrderAdjustments.Where(a => a.OrderId == o.Id).Sum(a => (long?)a.AmountFen) ?? 0),
                o.Lines.Count, o.IsRepurchase, o.CreatedAt, o.SubmittedAt, o.EffectiveAt));
    }

    public async Task<OrderView> DetailAsync(Guid id, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var o = await db.Orders.AsNoTracking().Include(x => x.Lines).Include(x => x.Customer).Include(x => x.Salesperson)
                    .VisibleTo(access, SalesPermissions.OrderRead).SingleOrDefaultAsync(x => x.Id == id, ct)
                ?? throw new NotFoundException();
        var adjustments = await db.OrderAdjustments.AsNoTracking().Where(a => a.OrderId == id).OrderBy(a => a.At)
            .Select(a => new OrderAdjustmentView(a.Id, a.Kind, a.AmountFen, a.Reason, a.ByName, a.At)).ToListAsync(ct);
        var adjusted = adjustments.Sum(a => a.AmountFen);
        var (approvalStatus, steps, actions) = await ApprovalHistoryAsync(db, o.ApprovalRequestId, ct);
        var mine = access.EmployeeId == o.SalespersonId && access.Has(SalesPermissions.OrderCreate);
        var canRefund = o.Status == OrderStatus.Effective && o.TotalFen - adjusted > 0
                        && access.Has(SalesPermissions.OrderRefund) && await db.Orders.VisibleTo(access, SalesPermissions.OrderRefund).AnyAsync(x => x.Id == id, ct);
        return new OrderView(o.Id, o.Number, o.CustomerId, o.Customer!.Name, o.Customer.Company, o.SalespersonId, o.Salesperson!.Name, o.Status,
            o.ListTotalFen, o.DiscountFen, o.TotalFen, adjusted, o.TotalFen - adjusted, o.Note, o.IsRepurchase, o.CreatedAt, o.SubmittedAt, o.EffectiveAt,
            o.Lines.OrderBy(x => x.Id).Select(x => new OrderLineView(x.Id, x.ProductId, x.ProductName, x.UnitPriceFen, x.Quantity, x.AmountFen)).ToList(),
            adjustments, o.ApprovalRequestId, approvalStatus, steps, actions, o.Version,
            mine && o.Status is OrderStatus.Draft or OrderStatus.Returned,
            mine && o.Status is OrderStatus.Submitted or OrderStatus.Returned, canRefund);
    }

    /// The order behind an approval request, for the approval dialog. Who sees it: whoever sees the
    /// request (ApprovalService.GetAsync, 404 otherwise) and either sees the order as the order page
    /// does (sales.order.read within its scope) or is an approver on that request — someone must be
    /// able to see what they are asked to decide, also when the step was delegated to them from
    /// outside the order's team. That second way is never silent: it is recorded as a read of the
    /// order in the audit log.
    public async Task<OrderApprovalView> ApprovalViewAsync(Guid requestId, CancellationToken ct)
    {
        var request = await approvals.GetAsync(requestId, ct);
        if (request.RequestType != OrderApprovalHandler.Type) throw new NotFoundException();
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var orders = db.Orders.AsNoTracking().Include(x => x.Lines).Include(x => x.Customer).Include(x => x.Salesperson);
        var o = await orders.VisibleTo(access, SalesPermissions.OrderRead).SingleOrDefaultAsync(x => x.Id == request.SubjectId, ct);
        if (o is null)
        {
            if (!await approvals.IsApproverAsync(requestId, ct)) throw new NotFoundException();
            o = await orders.SingleOrDefaultAsync(x => x.Id == request.SubjectId, ct) ?? throw new NotFoundException();
            await audit.RecordReadAsync("sales.order", o.Id.ToString(), JsonSerializer.Serialize(new { approvalRequest = requestId, reason = "approver" }), ct);
        }
        var customerVisible = await db.Customers.VisibleTo(access, SalesPermissions.CustomerRead).AnyAsync(c => c.Id == o.CustomerId && c.DeletedAt == null, ct);
        decimal? limit = null;
        long? limitFen = null;
        if (o.DiscountFen > 0)
        {
            limit = await DiscountLimitService.LimitForAsync(db, o.SalespersonId, ct);
            limitFen = OrderRules.MaxDiscountFen(o.ListTotalFen, limit.Value);
        }
        return new OrderApprovalView(o.Id, o.Number, o.Status, o.CustomerId, o.Customer!.Name, o.Customer.Company,
            customerVisible ? $"/sales/customers/{o.CustomerId}" : null, o.Salesperson!.Name,
            o.Lines.OrderBy(x => x.Id).Select(x => new OrderLineView(x.Id, x.ProductId, x.ProductName, x.UnitPriceFen, x.Quantity, x.AmountFen)).ToList(),
            o.ListTotalFen, o.DiscountFen, OrderRules.DiscountPercent(o.ListTotalFen, o.DiscountFen), o.TotalFen, limit, limitFen, o.Note);
    }

    /// The engine's record of the order's approval, shown to everyone who may see the order (the
    /// engine's own page shows it only to the people on the request).
    private async Task<(ApprovalStatus?, IReadOnlyList<ApprovalStepView>, IReadOnlyList<ApprovalActionView>)> ApprovalHistoryAsync(
        AppDbContext db, Guid? requestId, CancellationToken ct)
    {
        if (requestId is not { } rid || await approvals.ProgressAsync(db, rid, ct) is not { } progress) return (null, [], []);
        return (progress.Status, progress.Steps, progress.Actions);
    }

    /// Customers the caller may write an order for: their customers (a manager: the team's).
    public async Task<IReadOnlyList<OrderCustomer>> CustomersAsync(CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Customers.AsNoTracking().Where(c => c.DeletedAt == null).VisibleTo(access, SalesPermissions.CustomerRead)
            .OrderBy(c => c.Name).Take(1000)
            .Select(c => new OrderCustomer(c.Id, c.Name, c.Company, c.PhoneIndex != null || c.WeComExternalId != null, c.Region)).ToListAsync(ct);
    }

    public async Task<Guid> CreateAsync(OrderInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        var access = await currentUser.AccessAsync(ct);
        if (access.EmployeeId is not { } me) throw new DomainException("Sales.Order.NeedsEmployee");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var order = new Order { SalespersonId = me, CreatedAt = now, Status = OrderStatus.Draft };
        await ApplyAsync(db, access, order, input, ct);
        db.Orders.Add(order);
        // The number counts the day's orders; two drafts at the same moment may pick the same one,
        // and the unique index sends the second round again.
        for (var attempt = 0; ; attempt++)
        {
            order.Number = await NextNumberAsync(db, now, await calendar.CompanyZoneAsync(ct), ct);
            try
            {
                await db.SaveChangesAsync(ct);
                return order.Id;
            }
            catch (DbUpdateException) when (attempt < 4)
            {
            }
        }
    }

    /// SO-yyyyMMdd-nnnn, the day in the company's zone, where it keeps its books.
    internal static async Task<string> NextNumberAsync(AppDbContext db, DateTimeOffset now, TimeZoneInfo companyZone, CancellationToken ct)
    {
        var day = BranchCalendar.DayOf(now, companyZone).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var prefix = $"SO-{day}-";
        var last = await db.Orders.Where(o => o.Number.StartsWith(prefix)).OrderByDescending(o => o.Number).Select(o => o.Number).FirstOrDefaultAsync(ct);
        var next = last is null ? 1 : int.Parse(last[prefix.Length..], CultureInfo.InvariantCulture) + 1;
        return prefix + next.ToString("D4", CultureInfo.InvariantCulture);
    }

    public async Task UpdateAsync(Guid id, OrderInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        if (input.Version is not { } version) throw new DomainException("Validation.Required", "version") { Field = "version" };
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var order = await OwnAsync(db, access, id, ct);
        db.ExpectVersion(order, version);
        if (order.Version != version) throw Stale();
        if (order.Status is not (OrderStatus.Draft or OrderStatus.Returned)) throw new DomainException("Sales.Order.NotEditable") { StatusCode = StatusCodes.Status409Conflict };
        db.OrderLines.RemoveRange(order.Lines);
        order.Lines = [];
        await ApplyAsync(db, access, order, input, ct);
        // New lines carry their own ids, so EF would take them for existing rows: say they are new.
        foreach (var line in order.Lines) db.OrderLines.Add(line);
        db.MarkChanged(order);
        await SaveAsync(db, ct);
    }

    /// Shape and scope of a draft (OrderRules.ShapeProblems); the other rules (the customer's data,
    /// the discount limit, stock) wait for submission, so a draft can be half done.
    private static async Task ApplyAsync(AppDbContext db, UserAccess access, Order order, OrderInput input, CancellationToken ct)
    {
        var customerId = input.CustomerId!.Value;
        if (!await db.Customers.Where(c => c.DeletedAt == null).VisibleTo(access, SalesPermissions.CustomerRead).AnyAsync(c => c.Id == customerId, ct))
            throw new DomainException("Sales.Order.UnknownCustomer") { Field = "customerId" };
        long discount = 0;
        if (input.Discount is { } d)
        {
            if (d < 0) throw new DomainException("Sales.Order.DiscountNegative") { Field = "discount" };
            discount = OrderRules.ToFen(d) ?? throw new DomainException("Sales.Order.DiscountFen") { Field = "discount" };
        }
        var lines = input.Lines ?? [];
        if (lines.Count > FieldLimits.OrderLines) throw new DomainException("Sales.Order.TooManyLines", FieldLimits.OrderLines) { Field = "lines" };
        var ids = lines.Select(x => x.ProductId!.Value).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var priced = new List<PricedLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (!products.TryGetValue(lines[i].ProductId!.Value, out var p) || !p.Active)
                throw new DomainException("Sales.Order.UnknownProduct") { Field = $"lines[{i}].productId" };
            priced.Add(new PricedLine(p.Id, p.Name, p.PriceFen, p.Active, p.TrackStock, p.Stock, lines[i].Quantity));
        }
        if (OrderRules.ShapeProblems(priced, discount) is [var first, ..])
            throw new DomainException(first.Key, first.Args) { Field = first.Field };
        order.Lines.AddRange(priced.Select(p => new OrderLine
        {
            OrderId = order.Id, ProductId = p.ProductId, ProductName = p.ProductName, UnitPriceFen = p.UnitPriceFen, Quantity = p.Quantity,
            AmountFen = OrderRules.LineAmount(p.UnitPriceFen, p.Quantity),
        }));
        order.CustomerId = customerId;
        order.DiscountFen = discount;
        order.ListTotalFen = order.Lines.Sum(x => x.AmountFen);
        order.TotalFen = OrderRules.Total(order.ListTotalFen, discount);
        order.Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
    }

    /// Checks the order against the rules, copies today's prices into its lines and sends it into
    /// approval (again from the first step when it had been returned).
    public async Task SubmitAsync(Guid id, Guid version, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        OrderStatus previous;
        string title;
        decimal amount;
        Guid? requestId;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var order = await OwnAsync(db, access, id, ct);
            db.ExpectVersion(order, version);
            if (order.Version != version) throw Stale();
            if (order.Status is not (OrderStatus.Draft or OrderStatus.Returned)) throw new DomainException("Sales.Order.NotEditable") { StatusCode = StatusCodes.Status409Conflict };
            var customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == order.CustomerId, ct);
            var ids = order.Lines.Select(x => x.ProductId).Distinct().ToList();
            var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
            var lines = order.Lines.OrderBy(x => x.Id).ToList();
            var priced = lines.Select(x =>
            {
                var p = products[x.ProductId];
                return new PricedLine(p.Id, p.Name, p.PriceFen, p.Active, p.TrackStock, p.Stock, x.Quantity);
            }).ToList();
            var limit = await DiscountLimitService.LimitForAsync(db, order.SalespersonId, ct);
            var problems = OrderRules.Check(new OrderCheck(customer.Name, customer.PhoneIndex != null || customer.WeComExternalId != null,
                customer.Region, priced, order.DiscountFen, limit));
            if (problems.Count > 0)
            {
                var first = problems[0];
                throw new DomainException(first.Key, first.Args) { Field = first.Field };
            }
            foreach (var (line, p) in lines.Zip(priced))
            {
                line.ProductName = p.ProductName;
                line.UnitPriceFen = p.UnitPriceFen;
                line.AmountFen = OrderRules.LineAmount(p.UnitPriceFen, line.Quantity);
            }
            order.ListTotalFen = lines.Sum(x => x.AmountFen);
            order.TotalFen = OrderRules.Total(order.ListTotalFen, order.DiscountFen);
            previous = order.Status;
            order.Status = OrderStatus.Submitted;
            order.SubmittedAt = clock.GetUtcNow();
            await SaveAsync(db, ct);
            title = OrderRules.ApprovalTitle(order.Number, customer.Name, order.TotalFen);
            amount = MoneyFormat.ToYuan(order.TotalFen);
            requestId = previous == OrderStatus.Returned ? order.ApprovalRequestId : null;
        }

        // The engine runs in its own transaction; if it refuses (no flow, say), the order goes back
        // to what it was, so nothing of the refused submission stays.
        try
        {
            if (requestId is { } rid)
            {
                var requestVersion = await RequestVersionAsync(rid, ct);
                await approvals.ResubmitAsync(rid, new ApprovalActionInput { Version = requestVersion }, ct, amount, title);
            }
            else
            {
                var newId = await approvals.SubmitAsync(OrderApprovalHandler.Type, id, title, amount, ct);
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                await db.Orders.Where(o => o.Id == id).ExecuteUpdateAsync(s => s.SetProperty(o => o.ApprovalRequestId, newId), ct);
            }
        }
        catch
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await db.Orders.Where(o => o.Id == id && o.Status == OrderStatus.Submitted)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, previous).SetProperty(o => o.SubmittedAt, (DateTimeOffset?)null), ct);
            throw;
        }
    }

    /// Takes a submitted or returned order back out of approval; it ends as withdrawn.
    public async Task WithdrawAsync(Guid id, Guid version, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        Guid requestId;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var order = await OwnAsync(db, access, id, ct);
            if (order.Version != version) throw Stale();
            if (order.Status is not (OrderStatus.Submitted or OrderStatus.Returned) || order.ApprovalRequestId is not { } rid)
                throw new DomainException("Sales.Order.NotWithdrawable") { StatusCode = StatusCodes.Status409Conflict };
            requestId = rid;
        }
        await approvals.WithdrawAsync(requestId, new ApprovalActionInput { Version = await RequestVersionAsync(requestId, ct) }, ct);
    }

    private async Task<Guid> RequestVersionAsync(Guid requestId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ApprovalRequests.Where(r => r.Id == requestId).Select(r => r.Version).SingleAsync(ct);
    }

    /// A refund of part of what is left of an effective order.
    public Task RefundAsync(Guid id, OrderAdjustmentInput input, CancellationToken ct) => AdjustAsync(id, input, OrderAdjustmentKind.Refund, ct);

    /// Cancels what is left of an effective order; it no longer counts.
    public Task CancelAsync(Guid id, OrderAdjustmentInput input, CancellationToken ct) => AdjustAsync(id, input, OrderAdjustmentKind.Cancellation, ct);

    private async Task AdjustAsync(Guid id, OrderAdjustmentInput input, OrderAdjustmentKind kind, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var order = await db.Orders.VisibleTo(access, SalesPermissions.OrderRefund).SingleOrDefaultAsync(o => o.Id == id, ct);
        if (order is null)
        {
            if (await db.Orders.VisibleTo(access, SalesPermissions.OrderRead).AnyAsync(o => o.Id == id, ct))
                throw new DomainException("Error.Forbidden") { StatusCode = StatusCodes.Status403Forbidden };
            throw new NotFoundException();
        }
        db.ExpectVersion(order, input.Version!.Value);
        if (order.Version != input.Version) throw Stale();
        if (order.Status != OrderStatus.Effective) throw new DomainException("Sales.Order.NotEffective") { StatusCode = StatusCodes.Status409Conflict };
        var reason = input.Reason!.Trim();
        if (reason.Length == 0) throw new DomainException("Sales.Order.ReasonRequired") { Field = "reason" };
        var remaining = order.TotalFen - (await db.OrderAdjustments.Where(a => a.OrderId == id).SumAsync(a => (long?)a.AmountFen, ct) ?? 0);
        long amount;
        if (kind == OrderAdjustmentKind.Refund)
        {
            if (input.Amount is not { } yuan || yuan <= 0 || OrderRules.ToFen(yuan) is not { } fen)
                throw new DomainException("Sales.Order.RefundAmount") { Field = "amount" };
            if (fen > remaining) throw new DomainException("Sales.Order.RefundAboveRemaining", MoneyFormat.Format(fen), MoneyFormat.Format(remaining)) { Field = "amount" };
            amount = fen;
        }
        else
        {
            amount = remaining;
            order.Status = OrderStatus.Cancelled;
        }
        db.OrderAdjustments.Add(new OrderAdjustment
        {
            OrderId = id, Kind = kind, AmountFen = amount, Reason = reason, ByUserId = access.UserId, ByName = await ByAsync(db, access, ct), At = clock.GetUtcNow(),
        });
        db.MarkChanged(order);
        await SaveAsync(db, ct);
    }

    public async Task<byte[]> ExportAsync(OrderStatus? status, TimeZoneInfo zone, CancellationToken ct)
    {
        var access = await currentUser.AccessAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await ListQuery(db, access, SalesPermissions.OrderExport, status).ToListAsync(ct);
        string At(DateTimeOffset? t) => t is { } v ? TimeZoneInfo.ConvertTime(v, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";
        var sheet = rows.Select(o => new Dictionary<string, object?>
        {
            [l["Sales.Order.Number"]] = o.Number,
            [l["Sales.Order.Customer"]] = o.CustomerName,
            [l["Sales.Order.Salesperson"]] = o.SalespersonName,
            [l["Sales.Order.Status"]] = l["OrderStatus." + o.Status].Value,
            [l["Sales.Order.Total"]] = MoneyFormat.ToYuan(o.TotalFen),
            [l["Sales.Order.Net"]] = MoneyFormat.ToYuan(o.NetFen),
            [l["Sales.Order.Repurchase"]] = o.IsRepurchase ? l["Common.Yes"].Value : l["Common.No"].Value,
            [l["Sales.Order.CreatedAt"]] = At(o.CreatedAt),
            [l["Sales.Order.EffectiveAt"]] = At(o.EffectiveAt),
        }).ToList();
        if (sheet.Count == 0) sheet.Add(new Dictionary<string, object?> { [l["Sales.Order.Number"]] = null, [l["Sales.Order.Customer"]] = null });
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheet, sheetName: l["Sales.Orders.Title"], cancellationToken: ct);
        await audit.RecordAsync(AuditAction.Export, "sales.order", null, JsonSerializer.Serialize(new { status, rows = rows.Count }), ct);
        return stream.ToArray();
    }

    // ---- helpers ----

    /// The caller's own order; someone else's within the read scope is a refusal, the rest "not found".
    private static async Task<Order> OwnAsync(AppDbContext db, UserAccess access, Guid id, CancellationToken ct)
    {
        var order = await db.Orders.Include(o => o.Lines).VisibleTo(access, SalesPermissions.OrderRead).SingleOrDefaultAsync(o => o.Id == id, ct)
                    ?? throw new NotFoundException();
        if (order.SalespersonId != access.EmployeeId || !access.Has(SalesPermissions.OrderCreate))
            throw new DomainException("Sales.Order.OnlyOwner") { StatusCode = StatusCodes.Status403Forbidden };
        return order;
    }

    private static async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Stale();
        }
    }

    private static DomainException Stale() => new("Sales.Order.Stale") { StatusCode = StatusCodes.Status409Conflict };

    private async Task<string?> ByAsync(AppDbContext db, UserAccess access, CancellationToken ct) =>
        access.EmployeeId is { } e
            ? await db.Employees.Where(x => x.Id == e).Select(x => x.Name).FirstOrDefaultAsync(ct) ?? currentUser.UserName
            : currentUser.UserName;
}
