using System.Globalization;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Renhe.Modules.Risk.Archive;
using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales.Orders;
using Renhe.Platform.Approvals;
using Renhe.Platform.Audit;
using Renhe.Platform.Security;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Platform.Audit;

/// The audit log in words (AuditDescriber, behind the audit page and its export): who by name, the
/// action and the kind of record in the reader's language, the record by name with a link to its
/// page (customer, order, employee; an approval on its subject's page), permissions by what they
/// allow; the codes and keys as stored stay beside the words, in the export too.
public abstract class AuditLogApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<IReadOnlyList<AuditEntryView>> DescribeAsync(AuditFilter filter, int pageSize = 50)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var page = await scope.ServiceProvider.GetRequiredService<AuditQuery>().PageAsync(filter, 0, pageSize, Ct);
        return await scope.ServiceProvider.GetRequiredService<AuditDescriber>().DescribeAsync(page.Items, Ct);
    }

    private async Task<(Guid Customer, Guid Order, Guid Request, string Number)> CustomerOrderAndApprovalAsync()
    {
        await using var db = Factory.OpenDb();
        var zhangsan = await db.Employees.Where(e => e.Name == "张三").Select(e => new { e.Id, e.DepartmentId }).SingleAsync(Ct);
        var user = await db.Users.Where(u => u.UserName == "zhangsan").Select(u => u.Id).SingleAsync(Ct);
        var (customer, custody, stage) = Customer.Enter(zhangsan.Id, CustodyReason.Created, null, ChangedBy.System, DateTimeOffset.UtcNow);
        customer.Name = "审计测试客户" + Guid.NewGuid().ToString("N")[..4];
        db.Customers.Add(customer);
        db.CustodyEntries.Add(custody);
        db.StageChanges.Add(stage);
        var number = "SO-AUDIT-" + Guid.NewGuid().ToString("N")[..6];
        var order = new Order { Number = number, CustomerId = customer.Id, SalespersonId = zhangsan.Id, CreatedAt = DateTimeOffset.UtcNow };
        db.Orders.Add(order);
        var request = new ApprovalRequest
        {
            RequestType = OrderApprovalHandler.Type, SubjectId = order.Id, Title = "订单 " + number, RequesterEmployeeId = zhangsan.Id,
            RequesterUserId = user, DepartmentId = zhangsan.DepartmentId, CreatedAt = DateTimeOffset.UtcNow,
        };
        db.ApprovalRequests.Add(request);
        await db.SaveChangesAsync(Ct);
        return (customer.Id, order.Id, request.Id, number);
    }

    [Fact]
    public async Task Entries_say_who_what_and_which_record_in_words_and_link_to_the_records_page()
    {
        var (customer, order, request, number) = await CustomerOrderAndApprovalAsync();

        var customerEntry = Assert.Single(await DescribeAsync(new AuditFilter(Entity: "sales_customer", EntityKey: customer.ToString())));
        Assert.Equal(("新增", "客户"), (customerEntry.Action, customerEntry.What));
        Assert.StartsWith("审计测试客户", customerEntry.Record!.Name);
        Assert.Equal($"/sales/customers/{customer}", customerEntry.Record.Link);
        Assert.Equal("系统", customerEntry.Who);

        var orderEntry = Assert.Single(await DescribeAsync(new AuditFilter(Entity: "sales_order", EntityKey: order.ToString())));
        Assert.Equal(("销售订单", number, $"/sales/orders/{order}"), (orderEntry.What, orderEntry.Record!.Name, orderEntry.Record.Link));
        // The order names its customer and salesperson by id: the log names them.
        Assert.StartsWith("张三（E", orderEntry.Values.Values.Single(v => v.Kind == "employee").Name);

        var approval = Assert.Single(await DescribeAsync(new AuditFilter(Entity: "platform_approval_request", EntityKey: request.ToString())));
        Assert.Equal(("审批申请", "订单 " + number, $"/sales/orders/{order}"), (approval.What, approval.Record!.Name, approval.Record.Link));

        // A stage change has no page of its own: it is its customer's.
        var stage = (await DescribeAsync(new AuditFilter(Entity: "sales_stage_change"), 200)).First(e => e.Row.Changes!.Contains(customer.ToString()));
        Assert.Equal(("客户阶段变更", $"/sales/customers/{customer}"), (stage.What, stage.Record!.Link));
    }

    [Fact]
    public async Task Searches_sign_ins_and_grants_name_the_people_and_permissions_they_concern()
    {
        var counterpart = "wmAl" + Guid.NewGuid().ToString("N")[..10];
        await using (var scope = Factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ArchiveService>().AppendAsync(
                [new ArchiveDraft(RecordClass.ChatMessage, "wecom-chat", counterpart, DateTimeOffset.UtcNow.AddMinutes(-1), "xiaoli", [counterpart], "您好", null, MsgType: "text")], Ct);
        var auditor = await Factory.ClientForAsync("auditor");
        (await auditor.GetAsync($"/api/risk/archive/search?counterpart={counterpart}", Ct)).EnsureSuccessStatusCode();
        Guid xiaoli, auditorUser;
        await using (var db = Factory.OpenDb())
        {
            xiaoli = (await db.Users.Where(u => u.UserName == "xiaoli").Select(u => u.EmployeeId).SingleAsync(Ct))!.Value;
            auditorUser = await db.Users.Where(u => u.UserName == "auditor").Select(u => u.Id).SingleAsync(Ct);
        }

        // The search discloses 李晓's messages: the entry about her names her, by name, with her record's page.
        var disclosed = Assert.Single(await DescribeAsync(new AuditFilter(Entity: "risk.archive.search", EntityKey: xiaoli.ToString(), UserName: "auditor"), 1));
        Assert.Equal(("周明", "查看敏感信息", "沟通存档检索"), (disclosed.Who, disclosed.Action, disclosed.What));
        Assert.Equal(("李晓（E0007）", $"/org/employees/{xiaoli}"), (disclosed.Record!.Name, disclosed.Record.Link));
        Assert.Equal("李晓（E0007）", disclosed.SubjectEmployee!.Name);

        var signIn = (await DescribeAsync(new AuditFilter(Entity: "platform.session", UserName: "auditor"), 1)).Single();
        Assert.Equal(("账号登录", "周明"), (signIn.What, signIn.Record!.Name));
        Assert.Equal(auditorUser.ToString(), signIn.Row.EntityKey);

        // The auditor role's grant of the search permission, as seeded: the role and the permission by name.
        var grant = (await DescribeAsync(new AuditFilter(Entity: "platform_role_permission"), 500))
            .Single(e => e.Row.EntityKey!.EndsWith("|risk.archive.search", StringComparison.Ordinal) && e.Row.Action == AuditAction.Insert
                         && e.Record!.Name.StartsWith("合规/审计", StringComparison.Ordinal)); // the owner holds it too
        Assert.Equal("角色权限", grant.What);
        Assert.Equal("合规/审计 · 检索并查看沟通存档内容（每次检索留痕）", grant.Record!.Name);
        Assert.Equal("检索并查看沟通存档内容（每次检索留痕）", grant.Values["risk.archive.search"].Name);

        // In English for a reader who works in English.
        var saved = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            var english = Assert.Single(await DescribeAsync(new AuditFilter(Entity: "risk.archive.search", EntityKey: xiaoli.ToString(), UserName: "auditor"), 1));
            Assert.Equal(("Sensitive read", "Archive search"), (english.Action, english.What));
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }

    [Fact]
    public async Task The_export_keeps_the_codes_beside_the_words()
    {
        var (_, order, _, number) = await CustomerOrderAndApprovalAsync();
        await Factory.CreateUserAsync("auditlog2fa", Roles.Auditor);
        var plain = await Factory.ClientForAsync("auditlog2fa");
        var setup = await (await plain.PostAsync("/api/auth/totp/setup", null, Ct)).ReadAsync<Renhe.Platform.Auth.AuthenticatorSetup>();
        (await plain.PostAsJsonAsync("/api/auth/totp/enable", new { code = TotpCodes.For(setup.SharedKey) }, Ct)).EnsureSuccessStatusCode();
        var auditor = await Factory.ClientForAsync("auditlog2fa", TotpCodes.For(setup.SharedKey));

        var bytes = await auditor.GetByteArrayAsync($"/api/platform/audit-entries/export?entity=sales_order&entityKey={order}", Ct);
        using var stream = new MemoryStream(bytes);
        var row = Assert.Single(stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>());
        Assert.Equal(("销售订单", "sales_order"), (row["对象"], row["对象代码"]));
        Assert.Equal((number, order.ToString()), (row["记录"], row["主键"]));
        Assert.Equal(("新增", "系统"), (row["操作"], row["用户"]));
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteAuditLogApiTests(SqliteRenheFactory factory) : AuditLogApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresAuditLogApiTests(PostgresRenheFactory factory) : AuditLogApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
