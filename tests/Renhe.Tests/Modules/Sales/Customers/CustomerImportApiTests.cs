using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Renhe.Modules.Sales.Customers;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Sales.Customers;

/// 客户导入: preview with row-level reasons, all or nothing, rules for rows without an owner.
public abstract class CustomerImportApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static string Phone() => "137" + Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_preview_names_each_bad_row_with_its_reason_and_nothing_is_stored_until_the_file_is_clean()
    {
        var manager = await Factory.ClientForAsync("salesmgr");
        var existing = Phone();
        var created = await manager.PostAsJsonAsync("/api/sales/customers", new { name = "已有客户", phone = existing, ownerId = await EmployeeIdAsync("张三") });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var (p1, p2) = (Phone(), Phone());
        var csv = $"""
            姓名,公司,手机,企业微信ID,地区,行业,来源,标签,负责人(工号或姓名)
            王一,一号公司,{p1},,华东,制造,官网,重点、展会,李四
            ,无名公司,{Phone()},,,,,,
            赵三,,12345,,,,,,
            钱四,,{p1},,,,,,
            孙五,,{existing},,,,,,
            周六,,{p2},,,,,,不存在的人
            """;
        var preview = await (await ImportAsync(manager, csv, "客户.csv", dryRun: true)).ReadAsync<CustomerImportResult>();
        Assert.False(preview.Stored);
        Assert.Equal(
        [
            (3, "name", "缺少姓名"),
            (4, "phone", "手机号「12345」格式不正确"),
            (5, "phone", "手机号与第 2 行重复"),
            (6, "phone", "该手机号已是客户「已有客户」，负责人：张三。"),
            (7, "owner", "找不到负责人「不存在的人」（或不在你的范围内）"),
        ], preview.Errors.Select(e => (e.Row, e.Column, e.Message)));
        var first = preview.Rows.Single(r => r.Row == 2);
        Assert.Equal(("李四", p1[..3] + "****" + p1[^4..]), (first.OwnerName!, first.PhoneMasked!));

        var real = await ImportAsync(manager, csv, "客户.csv", dryRun: false);
        Assert.Equal(HttpStatusCode.BadRequest, real.StatusCode);
        await using var db = Factory.OpenDb();
        Assert.False(await db.Customers.AnyAsync(c => c.Name == "王一" || c.Name == "周六"));
    }

    [Fact]
    public async Task A_clean_english_workbook_is_stored_with_named_owners_and_the_rest_through_the_rules_or_the_pool()
    {
        var manager = await Factory.ClientForAsync("salesmgr");
        var region = "西南-" + Guid.NewGuid().ToString("N")[..5];
        await using (var db = Factory.OpenDb())
        {
            db.AssignmentRules.Add(new AssignmentRule
            {
                Name = "西南给李晓", Order = 1, Region = region, TargetEmployeeId = await db.Employees.Where(e => e.Name == "李晓").Select(e => e.Id).FirstAsync(),
            });
            await db.SaveChangesAsync();
        }
        var (a, b, c) = (Phone(), Phone(), Phone());
        var external = "wm" + Guid.NewGuid().ToString("N");
        var rows = new[]
        {
            new Dictionary<string, object?> { ["Name"] = "Alice Li", ["Company"] = "Acme", ["Phone"] = a, ["WeCom ID"] = external, ["Region"] = "华东", ["Tags"] = "vip, 展会", ["Owner"] = "李四" },
            new Dictionary<string, object?> { ["Name"] = "Bob Wang", ["Company"] = null, ["Phone"] = b, ["WeCom ID"] = null, ["Region"] = region, ["Tags"] = null, ["Owner"] = null },
            new Dictionary<string, object?> { ["Name"] = "Carol Xu", ["Company"] = null, ["Phone"] = c, ["WeCom ID"] = null, ["Region"] = "无规则地区", ["Tags"] = null, ["Owner"] = null },
        };
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(rows);
        var response = await ImportAsync(manager, stream.ToArray(), "customers.xlsx", dryRun: false);
        var result = await response.ReadAsync<CustomerImportResult>();
        Assert.True(result.Stored);
        Assert.Equal(3, result.Imported);

        await using var check = Factory.OpenDb();
        var stored = await check.Customers.AsNoTracking().Where(x => x.Name == "Alice Li" || x.Name == "Bob Wang" || x.Name == "Carol Xu")
            .Select(x => new { x.Name, Owner = x.Owner == null ? null : x.Owner.Name, x.Tags, x.WeComExternalId, x.PhoneMasked }).ToListAsync();
        Assert.Equal("李四", stored.Single(x => x.Name == "Alice Li").Owner);
        Assert.Equal(["vip", "展会"], stored.Single(x => x.Name == "Alice Li").Tags);
        Assert.Equal(external, stored.Single(x => x.Name == "Alice Li").WeComExternalId);
        Assert.Equal("李晓", stored.Single(x => x.Name == "Bob Wang").Owner);
        Assert.Null(stored.Single(x => x.Name == "Carol Xu").Owner);
        var bob = await check.Customers.Where(x => x.Name == "Bob Wang").Select(x => x.Id).SingleAsync();
        var custody = await check.CustodyEntries.AsNoTracking().SingleAsync(e => e.CustomerId == bob);
        Assert.Equal((CustodyReason.Assigned, "西南给李晓"), (custody.Reason, custody.Note!));

        // The same file again: every row is now a duplicate, in English for an English user.
        var english = await Factory.ClientForAsync("salesmgr", culture: "en");
        var again = await (await ImportAsync(english, stream.ToArray(), "customers.xlsx", dryRun: true)).ReadAsync<CustomerImportResult>();
        Assert.Equal(4, again.Errors.Count);
        Assert.All(again.Errors, e => Assert.Contains("already", e.Message, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Only_managers_and_administrators_import_and_a_file_without_a_name_column_is_refused()
    {
        foreach (var user in new[] { "zhangsan", "hr" })
        {
            var client = await Factory.ClientForAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await ImportAsync(client, "姓名\n某人\n", "a.csv", dryRun: true)).StatusCode);
        }
        var admin = await Factory.ClientForAsync("admin");
        var noName = await ImportAsync(admin, "公司,手机\n某公司,13800001111\n", "a.csv", dryRun: true);
        Assert.Contains("file", (await noName.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        var wrongType = await ImportAsync(admin, "姓名\n某人\n", "a.txt", dryRun: true);
        Assert.Contains("file", (await wrongType.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
    }

    private async Task<Guid> EmployeeIdAsync(string name)
    {
        await using var db = Factory.OpenDb();
        return await db.Employees.Where(e => e.Name == name).Select(e => e.Id).FirstAsync();
    }

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, string text, string fileName, bool dryRun) =>
        ImportAsync(client, Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n")), fileName, dryRun);

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, byte[] bytes, string fileName, bool dryRun)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "file", fileName);
        return client.PostAsync($"/api/sales/customers:import?dryRun={(dryRun ? "true" : "false")}", content);
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteCustomerImportApiTests(SqliteRenheFactory factory) : CustomerImportApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresCustomerImportApiTests(PostgresRenheFactory factory) : CustomerImportApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
