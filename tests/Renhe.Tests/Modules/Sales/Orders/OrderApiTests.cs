using Renhe.Modules.Sales.Customers;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Sales;
using Renhe.Modules.Sales.Orders;
using Renhe.Platform.Approvals;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Orders;

/// Orders through HTTP with the demo company, on SQLite and on PostgreSQL: 张三 writes and submits,
/// 张经理 (sales manager) then 刘芳 (finance) approve through the approval engine, finance refunds
/// and cancels; each role sees only its scope; refusals store nothing.
public abstract class OrderApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private const string Orders = "/api/sales/orders";
    private const string Approvals = "/api/platform/approvals";

    [Fact]
    public async Task An_order_walks_sales_manager_then_finance_and_makes_the_customer_ordered_then_repurchase()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var customer = await NewCustomerAsync(zhangsan, "订单客户甲");
        var saas = await ProductIdAsync("SAAS-PRO");
        // 2 年 × ¥9,800 = ¥19,600, ¥1,600 off (8.2 %, within 张三's 10 %).
        var id = await CreateOrderAsync(zhangsan, customer, [(saas, 2)], discount: 1600m, note: "年付");
        var draft = await DetailAsync(zhangsan, id);
        Assert.Equal((OrderStatus.Draft, 1_960_000L, 160_000L, 1_800_000L), (draft.Status, draft.ListTotalFen, draft.DiscountFen, draft.TotalFen));
        Assert.Matches(@"^SO-\d{8}-\d{4}$", draft.Number);
        Assert.True(draft.CanEdit);

        await SubmitAsync(zhangsan, id);
        var submitted = await DetailAsync(zhangsan, id);
        Assert.Equal(OrderStatus.Submitted, submitted.Status);
        Assert.False(submitted.CanEdit);
        Assert.Equal(["销售主管审批", "财务审批"], submitted.ApprovalSteps.Select(s => s.Name));
        Assert.Equal(["张志强"], submitted.ApprovalSteps[0].ApproverNames);

        // The approvals centre links the request to the order page.
        var salesmgr = await Factory.ClientForAsync("salesmgr");
        var inbox = await (await salesmgr.GetAsync($"{Approvals}/inbox")).ReadAsync<List<ApprovalListItem>>();
        var item = inbox.Single(r => r.Id == submitted.ApprovalRequestId);
        Assert.Equal("销售订单", item.TypeName);
        Assert.Equal(18_000m, item.Amount);
        Assert.Equal($"/sales/orders/{id}", (await ApprovalAsync(salesmgr, item.Id)).SubjectLink);
        await ApproveAsync(salesmgr, item.Id);
        Assert.Equal(OrderStatus.Submitted, (await DetailAsync(zhangsan, id)).Status);

        var finance = await Factory.ClientForAsync("finance");
        await ApproveAsync(finance, item.Id);
        var effective = await DetailAsync(zhangsan, id);
        Assert.Equal(OrderStatus.Effective, effective.Status);
        Assert.NotNull(effective.EffectiveAt);
        Assert.False(effective.IsRepurchase);
        Assert.All(effective.ApprovalSteps, s => Assert.Equal(StepState.Done, s.State));
        Assert.Equal(["Submitted", "Approved", "Approved"], effective.ApprovalActions.Select(a => a.Kind.ToString()));
        var stage = await CustomerAsync(zhangsan, customer);
        Assert.Equal(CustomerStage.Ordered, stage.Stage);
        var change = stage.Timeline.First(t => t.Kind == "Stage");
        Assert.Equal((CustomerStage.Ordered, "刘芳"), (change.ToStage!.Value, change.ByName!));

        // The second effective order of the customer is a repurchase.
        var second = await CreateOrderAsync(zhangsan, customer, [(await ProductIdAsync("TRN-CAMP"), 1)]);
        await SubmitAsync(zhangsan, second);
        await ApproveAllAsync(second);
        var again = await DetailAsync(zhangsan, second);
        Assert.True(again.IsRepurchase);
        Assert.Equal(CustomerStage.Repurchase, (await CustomerAsync(zhangsan, customer)).Stage);
    }

    [Fact]
    public async Task A_lost_customer_who_orders_is_ordered_again_and_a_repurchase_customer_never_moves_back()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var lost = await NewCustomerAsync(zhangsan, "流失又回来");
        var version = (await CustomerAsync(zhangsan, lost)).Version;
        (await zhangsan.PostAsJsonAsync($"/api/sales/customers/{lost}/stage", new { stage = "Lost", version, lostReason = "选择了竞品" })).EnsureSuccessStatusCode();
        var order = await CreateOrderAsync(zhangsan, lost, [(await ProductIdAsync("SAAS-BASIC"), 1)]);
        await SubmitAsync(zhangsan, order);
        await ApproveAllAsync(order);
        Assert.Equal(CustomerStage.Ordered, (await CustomerAsync(zhangsan, lost)).Stage);

        // Two effective orders make a repurchase customer; a refund or a third order never moves it back.
        var loyal = await NewCustomerAsync(zhangsan, "已是复购");
        foreach (var _ in Enumerable.Range(0, 3))
        {
            order = await CreateOrderAsync(zhangsan, loyal, [(await ProductIdAsync("SAAS-BASIC"), 1)]);
            await SubmitAsync(zhangsan, order);
            await ApproveAllAsync(order);
        }
        var detail = await CustomerAsync(zhangsan, loyal);
        Assert.Equal(CustomerStage.Repurchase, detail.Stage);
        Assert.Equal([CustomerStage.Repurchase, CustomerStage.Ordered, CustomerStage.Lead],
            detail.Timeline.Where(t => t.Kind == "Stage").Select(t => t.ToStage!.Value));
    }

    [Fact]
    public async Task Submission_refusals_are_told_in_words_naming_the_field_and_leave_the_draft_as_it_was()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var customer = await NewCustomerAsync(zhangsan, "校验客户");
        var saas = await ProductIdAsync("SAAS-PRO");

        // ¥9,800 at 张三's 10 %: ¥980 allowed, ¥1,000 refused.
        var greedy = await CreateOrderAsync(zhangsan, customer, [(saas, 1)], discount: 1000m);
        Assert.Equal(("折扣 ¥1,000.00 超出你的权限：最多原价的 10%，即 ¥980.00。", "discount"), await RefusedSubmitAsync(zhangsan, greedy));

        var noRegion = await NewCustomerAsync(zhangsan, "没地区", region: null);
        var incomplete = await CreateOrderAsync(zhangsan, noRegion, [(saas, 1)]);
        Assert.Equal(("客户「没地区」缺少地区，请先补全客户资料。", "customerId"), await RefusedSubmitAsync(zhangsan, incomplete));

        var kit = await NewProductAsync(trackStock: true, stock: 1);
        var tooMany = await CreateOrderAsync(zhangsan, customer, [(kit, 2)]);
        var (title, field) = await RefusedSubmitAsync(zhangsan, tooMany);
        Assert.Equal(("库存不足：剩余 1，需要 2。", "lines[0].quantity"), (title[(title.IndexOf('」') + 1)..], field));

        // A product taken off the price list after the draft was saved.
        var gone = await NewProductAsync();
        var stale = await CreateOrderAsync(zhangsan, customer, [(gone, 1)]);
        await SetProductActiveAsync(gone, false);
        Assert.Equal("lines[0].productId", (await RefusedSubmitAsync(zhangsan, stale)).Field);

        await using var db = Factory.OpenDb();
        var ids = new[] { greedy, incomplete, tooMany, stale };
        Assert.All(await db.Orders.Where(o => ids.Contains(o.Id)).ToListAsync(), o => Assert.Equal(OrderStatus.Draft, o.Status));
        Assert.False(await db.ApprovalRequests.AnyAsync(r => ids.Contains(r.SubjectId)));
        Assert.Equal(1, await db.Products.Where(p => p.Id == kit).Select(p => p.Stock).SingleAsync());
    }

    [Fact]
    public async Task Bad_drafts_are_refused_with_400_naming_the_field_and_nothing_is_stored()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var customer = await NewCustomerAsync(zhangsan, "草稿客户");
        var saas = await ProductIdAsync("SAAS-PRO");
        await using var db = Factory.OpenDb();
        var before = await db.Orders.CountAsync();

        async Task<string> Field(object body) =>
            (await (await zhangsan.PostAsJsonAsync(Orders, body)).ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys.Single();
        Assert.Equal("lines[0].quantity", await Field(new { customerId = customer, lines = new[] { new { productId = saas, quantity = 0 } } }));
        Assert.Equal("discount", await Field(new { customerId = customer, lines = new[] { new { productId = saas, quantity = 1 } }, discount = -5 }));
        Assert.Equal("discount", await Field(new { customerId = customer, lines = new[] { new { productId = saas, quantity = 1 } }, discount = 1.005 }));
        Assert.Equal("lines[0].productId", await Field(new { customerId = customer, lines = new[] { new { productId = Guid.NewGuid(), quantity = 1 } } }));
        // What an outside probe stored as drafts: an order of nothing, a discount of ¥10^13 against
        // ¥9,800, a quantity of int.MaxValue, and fifty lines adding up to billions.
        Assert.Equal("lines", await Field(new { customerId = customer, lines = Array.Empty<object>() }));
        Assert.Equal("discount", await Field(new { customerId = customer, lines = new[] { new { productId = saas, quantity = 1 } }, discount = 10_000_000_000_000m }));
        var overTotal = await (await zhangsan.PostAsJsonAsync(Orders, new { customerId = customer, lines = new[] { new { productId = saas, quantity = 1 } }, discount = 9_800.01m }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(("折扣 ¥9,800.01 超过了原价合计 ¥9,800.00。", "discount"), (overTotal.Title, overTotal.Errors!.Keys.Single()));
        Assert.Equal("lines[0].quantity", await Field(new { customerId = customer, lines = new[] { new { productId = saas, quantity = int.MaxValue } } }));
        var huge = await (await zhangsan.PostAsJsonAsync(Orders, new { customerId = customer, lines = Enumerable.Repeat(new { productId = saas, quantity = 100_000 }, 50) }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("lines", huge.Errors!.Keys.Single());
        Assert.Contains("¥100,000,000.00", huge.Title);
        // 李四's customer is not 张三's to sell to.
        var lisi = await Factory.ClientForAsync("lisi");
        var theirs = await NewCustomerAsync(lisi, "李四的客户");
        Assert.Equal("customerId", await Field(new { customerId = theirs, lines = Array.Empty<object>() }));
        Assert.Equal(HttpStatusCode.BadRequest, (await zhangsan.PostAsJsonAsync(Orders, new { lines = Array.Empty<object>() })).StatusCode);
        Assert.Equal(before, await db.Orders.CountAsync());

        // Finance reads orders but does not write them.
        var finance = await Factory.ClientForAsync("finance");
        Assert.Equal(HttpStatusCode.Forbidden, (await finance.PostAsJsonAsync(Orders, new { customerId = customer, lines = Array.Empty<object>() })).StatusCode);
    }

    [Fact]
    public async Task Each_role_sees_its_scope_and_only_the_salesperson_changes_an_order()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var customer = await NewCustomerAsync(zhangsan, "范围客户");
        var id = await CreateOrderAsync(zhangsan, customer, [(await ProductIdAsync("SVC-SETUP"), 1)]);
        var version = (await DetailAsync(zhangsan, id)).Version;

        var lisi = await Factory.ClientForAsync("lisi");
        Assert.Equal(HttpStatusCode.NotFound, (await lisi.GetAsync($"{Orders}/{id}")).StatusCode);
        Assert.DoesNotContain(await ListAsync(lisi), o => o.Id == id);
        Assert.Equal(HttpStatusCode.NotFound, (await lisi.PutJsonAsync($"{Orders}/{id}", new { customerId = customer, lines = Array.Empty<object>(), version })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lisi.PostAsJsonAsync($"{Orders}/{id}/submit", new { version })).StatusCode);

        var salesmgr = await Factory.ClientForAsync("salesmgr");
        Assert.Contains(await ListAsync(salesmgr), o => o.Id == id);
        Assert.Equal(HttpStatusCode.Forbidden, (await salesmgr.PostAsJsonAsync($"{Orders}/{id}/submit", new { version })).StatusCode);
        foreach (var who in new[] { "finance", "admin", "owner" })
            Assert.Contains(await ListAsync(await Factory.ClientForAsync(who)), o => o.Id == id);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Factory.ClientForAsync("hr")).GetAsync(Orders)).StatusCode);

        // Optimistic concurrency: an edit with the version read before another edit is refused.
        var edit = new { customerId = customer, lines = new[] { new { productId = await ProductIdAsync("SVC-SETUP"), quantity = 2 } }, version };
        (await zhangsan.PutJsonAsync($"{Orders}/{id}", edit)).EnsureSuccessStatusCode();
        Assert.Equal("该订单刚刚已被修改，请刷新后再试。", (await (await zhangsan.PutJsonAsync($"{Orders}/{id}", edit)).ProblemAsync(HttpStatusCode.Conflict)).Title);
        Assert.Equal(1_000_000, (await DetailAsync(zhangsan, id)).TotalFen);

        var drafts = await (await zhangsan.GetAsync($"{Orders}?status=Draft")).ReadAsync<List<OrderListItem>>();
        Assert.All(drafts, o => Assert.Equal(OrderStatus.Draft, o.Status));
        Assert.Contains(drafts, o => o.Id == id);
    }

    [Fact]
    public async Task A_returned_order_is_edited_and_resubmitted_and_a_rejection_keeps_its_reason()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var customer = await NewCustomerAsync(zhangsan, "退回客户");
        var saas = await ProductIdAsync("SAAS-PRO");
        var id = await CreateOrderAsync(zhangsan, customer, [(saas, 1)]);
        await SubmitAsync(zhangsan, id);
        var salesmgr = await Factory.ClientForAsync("salesmgr");
        var requestId = (await DetailAsync(zhangsan, id)).ApprovalRequestId!.Value;
        (await salesmgr.PostAsJsonAsync($"{Approvals}/{requestId}/return",
            new { version = (await ApprovalAsync(salesmgr, requestId)).Version, comment = "数量改成 3 年" })).EnsureSuccessStatusCode();

        var returned = await DetailAsync(zhangsan, id);
        Assert.Equal(OrderStatus.Returned, returned.Status);
        Assert.True(returned.CanEdit);
        Assert.Equal("数量改成 3 年", returned.ApprovalActions.Last().Comment);
        (await zhangsan.PutJsonAsync($"{Orders}/{id}", new { customerId = customer, lines = new[] { new { productId = saas, quantity = 3 } }, version = returned.Version }))
            .EnsureSuccessStatusCode();
        await SubmitAsync(zhangsan, id);
        var resubmitted = await DetailAsync(zhangsan, id);
        Assert.Equal((OrderStatus.Submitted, requestId, 2_940_000L), (resubmitted.Status, resubmitted.ApprovalRequestId!.Value, resubmitted.TotalFen));
        Assert.Equal(29_400m, (await ApprovalAsync(salesmgr, requestId)).Amount);

        (await salesmgr.PostAsJsonAsync($"{Approvals}/{requestId}/reject",
            new { version = (await ApprovalAsync(salesmgr, requestId)).Version, comment = "客户预算未确认" })).EnsureSuccessStatusCode();
        var rejected = await DetailAsync(zhangsan, id);
        Assert.Equal(OrderStatus.Rejected, rejected.Status);
        Assert.False(rejected.CanEdit);
        Assert.Equal("客户预算未确认", rejected.ApprovalActions.Last().Comment);
        Assert.Equal(HttpStatusCode.Conflict, (await zhangsan.PostAsJsonAsync($"{Orders}/{id}/submit", new { version = rejected.Version })).StatusCode);
        Assert.Equal(CustomerStage.Lead, (await CustomerAsync(zhangsan, customer)).Stage);
    }

    [Fact]
    public async Task A_returned_order_sent_on_from_the_approvals_centre_is_not_approved_unchecked()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var customer = await NewCustomerAsync(zhangsan, "绕过客户");
        var id = await CreateOrderAsync(zhangsan, customer, [(await ProductIdAsync("SAAS-BASIC"), 1)]);
        await SubmitAsync(zhangsan, id);
        var requestId = (await DetailAsync(zhangsan, id)).ApprovalRequestId!.Value;
        var salesmgr = await Factory.ClientForAsync("salesmgr");
        (await salesmgr.PostAsJsonAsync($"{Approvals}/{requestId}/return",
            new { version = (await ApprovalAsync(salesmgr, requestId)).Version, comment = "改一下" })).EnsureSuccessStatusCode();
        (await zhangsan.PostAsJsonAsync($"{Approvals}/{requestId}/resubmit",
            new { version = (await ApprovalAsync(zhangsan, requestId)).Version })).EnsureSuccessStatusCode();
        await ApproveAsync(salesmgr, requestId);

        var finance = await Factory.ClientForAsync("finance");
        var refused = await finance.PostAsJsonAsync($"{Approvals}/{requestId}/approve", new { version = (await ApprovalAsync(finance, requestId)).Version });
        Assert.StartsWith("该订单被退回后未在订单页重新提交", (await refused.ProblemAsync(HttpStatusCode.Conflict)).Title);
        Assert.Equal(OrderStatus.Returned, (await DetailAsync(zhangsan, id)).Status);
        Assert.Equal(ApprovalStatus.Pending, (await ApprovalAsync(finance, requestId)).Status);
    }

    [Fact]
    public async Task A_submitted_order_can_be_withdrawn_by_its_salesperson()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var customer = await NewCustomerAsync(zhangsan, "撤回客户");
        var id = await CreateOrderAsync(zhangsan, customer, [(await ProductIdAsync("SAAS-BASIC"), 1)]);
        await SubmitAsync(zhangsan, id);
        var detail = await DetailAsync(zhangsan, id);
        Assert.True(detail.CanWithdraw);
        (await zhangsan.PostAsJsonAsync($"{Orders}/{id}/withdraw", new { version = detail.Version })).EnsureSuccessStatusCode();
        Assert.Equal(OrderStatus.Withdrawn, (await DetailAsync(zhangsan, id)).Status);
        var salesmgr = await Factory.ClientForAsync("salesmgr");
        Assert.DoesNotContain(await (await salesmgr.GetAsync($"{Approvals}/inbox")).ReadAsync<List<ApprovalListItem>>(), r => r.Id == detail.ApprovalRequestId);
    }

    [Fact]
    public async Task Finance_refunds_part_of_an_effective_order_and_cancels_the_rest()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var customer = await NewCustomerAsync(zhangsan, "退款客户");
        var id = await CreateOrderAsync(zhangsan, customer, [(await ProductIdAsync("SAAS-BASIC"), 1)]);   // ¥3,980
        var finance = await Factory.ClientForAsync("finance");
        Assert.Equal(HttpStatusCode.Conflict, (await finance.PostAsJsonAsync($"{Orders}/{id}/refund",
            new { version = (await DetailAsync(zhangsan, id)).Version, amount = 10, reason = "试试" })).StatusCode);
        await SubmitAsync(zhangsan, id);
        await ApproveAllAsync(id);

        var effective = await DetailAsync(finance, id);
        Assert.True(effective.CanRefund);
        Assert.False((await DetailAsync(zhangsan, id)).CanRefund);
        Assert.Equal(HttpStatusCode.Forbidden, (await zhangsan.PostAsJsonAsync($"{Orders}/{id}/refund", new { version = effective.Version, amount = 10, reason = "x" })).StatusCode);
        var tooMuch = await finance.PostAsJsonAsync($"{Orders}/{id}/refund", new { version = effective.Version, amount = 4000, reason = "全退" });
        var problem = await tooMuch.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("退款 ¥4,000.00 超过了订单剩余金额 ¥3,980.00。", problem.Title);
        Assert.Contains("amount", problem.Errors!.Keys);

        (await finance.PostAsJsonAsync($"{Orders}/{id}/refund", new { version = effective.Version, amount = 980, reason = "少开一个账号" })).EnsureSuccessStatusCode();
        var refunded = await DetailAsync(finance, id);
        Assert.Equal((OrderStatus.Effective, 98_000L, 300_000L), (refunded.Status, refunded.AdjustedFen, refunded.NetFen));
        Assert.Equal(HttpStatusCode.Conflict, (await finance.PostAsJsonAsync($"{Orders}/{id}/cancel", new { version = effective.Version, reason = "旧版本" })).StatusCode);

        (await finance.PostAsJsonAsync($"{Orders}/{id}/cancel", new { version = refunded.Version, reason = "客户取消合作" })).EnsureSuccessStatusCode();
        var cancelled = await DetailAsync(zhangsan, id);
        Assert.Equal((OrderStatus.Cancelled, 0L), (cancelled.Status, cancelled.NetFen));
        Assert.Equal([(OrderAdjustmentKind.Refund, 98_000L, "刘芳"), (OrderAdjustmentKind.Cancellation, 300_000L, "刘芳")],
            cancelled.Adjustments.Select(a => (a.Kind, a.AmountFen, a.ByName!)));
        Assert.Equal(0, (await ListAsync(zhangsan)).Single(o => o.Id == id).NetFen);
        Assert.Equal(HttpStatusCode.Conflict, (await finance.PostAsJsonAsync($"{Orders}/{id}/refund", new { version = cancelled.Version, amount = 1, reason = "再退" })).StatusCode);
    }

    [Fact]
    public async Task A_sales_manager_may_give_20_percent_and_an_override_changes_one_persons_limit()
    {
        var salesmgr = await Factory.ClientForAsync("salesmgr");
        Assert.Equal(20m, (await (await salesmgr.GetAsync("/api/sales/discount-limits/mine")).ReadAsync<LimitResponse>()).MaxPercent);
        // A manager enters a customer for themselves by naming the owner; left blank, the assignment rules decide.
        Guid managerId;
        await using (var people = Factory.OpenDb())
            managerId = await people.Employees.Where(e => e.Name == "张志强").Select(e => e.Id).SingleAsync(TestContext.Current.CancellationToken);
        var customer = await NewCustomerAsync(salesmgr, "主管客户", ownerId: managerId);
        var id = await CreateOrderAsync(salesmgr, customer, [(await ProductIdAsync("SAAS-BASIC"), 1)], discount: 796m);   // 20 % of ¥3,980
        await SubmitAsync(salesmgr, id);
        Assert.Equal(OrderStatus.Submitted, (await DetailAsync(salesmgr, id)).Status);

        var admin = await Factory.ClientForAsync("admin");
        await using var db = Factory.OpenDb();
        var zhangsanId = await db.Employees.Where(e => e.Name == "张三").Select(e => e.Id).SingleAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await salesmgr.PutJsonAsync("/api/sales/discount-limits", new { employeeId = zhangsanId, maxPercent = 50 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutJsonAsync("/api/sales/discount-limits", new { employeeId = zhangsanId, maxPercent = 101 })).StatusCode);
        (await admin.PutJsonAsync("/api/sales/discount-limits", new { employeeId = zhangsanId, maxPercent = 5 })).EnsureSuccessStatusCode();
        try
        {
            var zhangsan = await Factory.ClientForAsync("zhangsan");
            Assert.Equal(5m, (await (await zhangsan.GetAsync("/api/sales/discount-limits/mine")).ReadAsync<LimitResponse>()).MaxPercent);
            var mine = await NewCustomerAsync(zhangsan, "覆盖客户");
            var order = await CreateOrderAsync(zhangsan, mine, [(await ProductIdAsync("SAAS-BASIC"), 1)], discount: 300m);   // 7.5 %
            Assert.Equal("discount", (await RefusedSubmitAsync(zhangsan, order)).Field);
        }
        finally
        {
            var limits = await (await admin.GetAsync("/api/sales/discount-limits")).ReadAsync<List<DiscountLimitView>>();
            (await admin.DeleteAsync($"/api/sales/discount-limits/{limits.Single(l => l.EmployeeId == zhangsanId).Id}")).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Two_simultaneous_final_approvals_make_the_order_effective_once_and_take_stock_once()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var customer = await NewCustomerAsync(zhangsan, "并发客户");
        var kit = await NewProductAsync(trackStock: true, stock: 5);
        var id = await CreateOrderAsync(zhangsan, customer, [(kit, 2)]);
        await SubmitAsync(zhangsan, id);
        var requestId = (await DetailAsync(zhangsan, id)).ApprovalRequestId!.Value;
        var salesmgr = await Factory.ClientForAsync("salesmgr");
        await ApproveAsync(salesmgr, requestId);

        var first = await Factory.ClientForAsync("finance");
        var second = await Factory.ClientForAsync("finance");
        var version = (await ApprovalAsync(first, requestId)).Version;
        var responses = await Task.WhenAll(
            first.PostAsJsonAsync($"{Approvals}/{requestId}/approve", new { version }),
            second.PostAsJsonAsync($"{Approvals}/{requestId}/approve", new { version }));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);

        await using var db = Factory.OpenDb();
        Assert.Equal(3, await db.Products.Where(p => p.Id == kit).Select(p => p.Stock).SingleAsync());
        Assert.Equal(OrderStatus.Effective, (await db.Orders.SingleAsync(o => o.Id == id)).Status);
        Assert.Equal(1, await db.StageChanges.CountAsync(s => s.CustomerId == customer && s.ToStage == CustomerStage.Ordered));
        Assert.Equal(2, await db.ApprovalActions.CountAsync(a => a.RequestId == requestId && a.Kind == ApprovalActionKind.Approved));
    }

    [Fact]
    public async Task Finance_keeps_the_price_list_and_salespeople_only_read_it()
    {
        var zhangsan = await Factory.ClientForAsync("zhangsan");
        var list = await (await zhangsan.GetAsync("/api/sales/products")).ReadAsync<List<ProductView>>();
        Assert.Equal(Renhe.Modules.Sales.Demo.DemoProductSeeder.Seeds.Select(s => s.Code).Order(), list.Where(p => Renhe.Modules.Sales.Demo.DemoProductSeeder.Seeds.Any(s => s.Code == p.Code)).Select(p => p.Code).Order());
        Assert.True(list.Single(p => p.Code == "HW-LIVEKIT").TrackStock);
        Assert.Equal(HttpStatusCode.Forbidden, (await zhangsan.PostAsJsonAsync("/api/sales/products", new { code = "X1", name = "x", unit = "个", price = 1 })).StatusCode);

        var finance = await Factory.ClientForAsync("finance");
        var bad = await finance.PostAsJsonAsync("/api/sales/products", new { code = "BAD-PRICE", name = "坏价格", unit = "个", price = 1.001 });
        Assert.Contains("price", (await bad.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        var dup = await finance.PostAsJsonAsync("/api/sales/products", new { code = "saas-pro", name = "重复", unit = "年", price = 1 });
        Assert.Equal("编码 SAAS-PRO 已被使用。", (await dup.ProblemAsync(HttpStatusCode.Conflict)).Title);

        var id = await NewProductAsync();
        var product = (await (await finance.GetAsync("/api/sales/products")).ReadAsync<List<ProductView>>()).Single(p => p.Id == id);
        await SetProductActiveAsync(id, false);
        Assert.DoesNotContain(await (await zhangsan.GetAsync("/api/sales/products")).ReadAsync<List<ProductView>>(), p => p.Id == id);
        Assert.Contains(await (await finance.GetAsync("/api/sales/products?includeInactive=true")).ReadAsync<List<ProductView>>(), p => p.Id == id && !p.Active);
        var stale = await finance.PutJsonAsync($"/api/sales/products/{id}", new { product.Code, product.Name, product.Unit, price = 1, active = true, version = product.Version });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var export = await finance.GetAsync("/api/sales/products/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await finance.GetAsync($"{Orders}/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await zhangsan.GetAsync($"{Orders}/export")).StatusCode);
    }

    // ---- helpers ----

    public sealed record LimitResponse(decimal MaxPercent);

    private sealed record Created(Guid Id);

    private static int _seq = Random.Shared.Next(1000, 9000);

    private static async Task<Guid> NewCustomerAsync(HttpClient client, string name, string? region = "广东", Guid? ownerId = null)
    {
        var phone = $"139{Interlocked.Increment(ref _seq) % 10000:D4}{Random.Shared.Next(1000, 9999)}";
        var response = await client.PostAsJsonAsync("/api/sales/customers", new { name, phone, region, ownerId });
        return (await response.ReadAsync<Created>(HttpStatusCode.Created)).Id;
    }

    private async Task<Guid> NewProductAsync(bool trackStock = false, int stock = 0)
    {
        var finance = await Factory.ClientForAsync("finance");
        var code = "T-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var response = await finance.PostAsJsonAsync("/api/sales/products", new { code, name = "测试设备" + code, unit = "套", price = 1000, trackStock, stock });
        return (await response.ReadAsync<Created>(HttpStatusCode.Created)).Id;
    }

    private async Task SetProductActiveAsync(Guid id, bool active)
    {
        var finance = await Factory.ClientForAsync("finance");
        var p = (await (await finance.GetAsync("/api/sales/products?includeInactive=true")).ReadAsync<List<ProductView>>()).Single(x => x.Id == id);
        (await finance.PutJsonAsync($"/api/sales/products/{id}", new { p.Code, p.Name, p.Unit, price = p.PriceFen / 100m, p.TrackStock, p.Stock, active, version = p.Version }))
            .EnsureSuccessStatusCode();
    }

    private async Task<Guid> ProductIdAsync(string code)
    {
        await using var db = Factory.OpenDb();
        return await db.Products.Where(p => p.Code == code).Select(p => p.Id).SingleAsync();
    }

    private static async Task<Guid> CreateOrderAsync(HttpClient client, Guid customer, (Guid Product, int Quantity)[] lines, decimal? discount = null, string? note = null)
    {
        var response = await client.PostAsJsonAsync(Orders, new
        {
            customerId = customer, lines = lines.Select(l => new { productId = l.Product, quantity = l.Quantity }).ToArray(), discount, note,
        });
        return (await response.ReadAsync<Created>(HttpStatusCode.Created)).Id;
    }

    private static async Task SubmitAsync(HttpClient client, Guid id)
    {
        var response = await client.PostAsJsonAsync($"{Orders}/{id}/submit", new { version = (await DetailAsync(client, id)).Version });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<(string Title, string Field)> RefusedSubmitAsync(HttpClient client, Guid id)
    {
        var problem = await (await client.PostAsJsonAsync($"{Orders}/{id}/submit", new { version = (await DetailAsync(client, id)).Version }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        return (problem.Title, problem.Errors!.Keys.Single());
    }

    private async Task ApproveAllAsync(Guid orderId)
    {
        var zhangsanView = await DetailAsync(await Factory.ClientForAsync("finance"), orderId);
        var requestId = zhangsanView.ApprovalRequestId!.Value;
        await ApproveAsync(await Factory.ClientForAsync("salesmgr"), requestId);
        await ApproveAsync(await Factory.ClientForAsync("finance"), requestId);
    }

    private static async Task ApproveAsync(HttpClient client, Guid requestId)
    {
        var response = await client.PostAsJsonAsync($"{Approvals}/{requestId}/approve", new { version = (await ApprovalAsync(client, requestId)).Version });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<ApprovalDetail> ApprovalAsync(HttpClient client, Guid requestId) =>
        await (await client.GetAsync($"{Approvals}/{requestId}")).ReadAsync<ApprovalDetail>();

    private static async Task<OrderView> DetailAsync(HttpClient client, Guid id) => await (await client.GetAsync($"{Orders}/{id}")).ReadAsync<OrderView>();

    private static async Task<List<OrderListItem>> ListAsync(HttpClient client) => await (await client.GetAsync(Orders)).ReadAsync<List<OrderListItem>>();

    private static async Task<CustomerView> CustomerAsync(HttpClient client, Guid id) =>
        await (await client.GetAsync($"/api/sales/customers/{id}")).ReadAsync<CustomerView>();
}

[Trait("Category", "Integration")]
public sealed class SqliteOrderApiTests(SqliteRenheFactory factory) : OrderApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresOrderApiTests(PostgresRenheFactory factory) : OrderApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
