using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// The sales manager opens 分配规则, adds a rule for 华东 manufacturing leads to 销售部 and tries it:
/// a 华东 manufacturer would go to the first salesperson in turn, a 华北 one to the pool.
[Trait("Category", "Browser")]
public sealed class AssignmentRulesWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task Manager_adds_a_rule_and_previews_who_would_get_a_customer()
    {
        app.RequireBrowser();
        var page = await app.SignInAsync("salesmgr", 1280, 900);
        try
        {
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "分配规则" })).ToBeVisibleAsync();
            await page.GotoAsync("/sales/assignment-rules");
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(page.GetByTestId("assignment-title")).ToHaveTextAsync("分配规则");

            await page.GetByTestId("rule-new").ClickAsync();
            // The name and the team are marked as needed; saving without a name says so under the field, not in a banner.
            await DemoAppFixture.ExpectRequiredMarkAsync(page, "rule-name");
            await DemoAppFixture.ExpectRequiredMarkAsync(page, "rule-team");
            await page.GetByTestId("rule-save").ClickAsync();
            await Expect(DemoAppFixture.FieldOf(page, "rule-name")).ToContainTextAsync("规则名称不能为空。");
            await Expect(page.GetByTestId("rule-error")).ToHaveCountAsync(0);
            await DemoAppFixture.ScreenshotAsync(page, "assignment-rule-required");
            await page.Locator("[data-testid='rule-name'] input, input[data-testid='rule-name']").First.FillAsync("华东制造业线索");
            await page.Locator("[data-testid='rule-region'] input, input[data-testid='rule-region']").First.FillAsync("华东");
            await page.Locator("[data-testid='rule-industry'] input, input[data-testid='rule-industry']").First.FillAsync("制造");
            await DemoAppFixture.ScreenshotAsync(page, "assignment-rule-form");
            await page.GetByTestId("rule-save").ClickAsync();
            await Expect(page.GetByTestId("rule-form")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("rules-table")).ToContainTextAsync("华东制造业线索");
            await Expect(page.GetByTestId("rules-table")).ToContainTextAsync("销售部");

            await page.Locator("[data-testid='try-region'] input, input[data-testid='try-region']").First.FillAsync("华东");
            await page.Locator("[data-testid='try-industry'] input, input[data-testid='try-industry']").First.FillAsync("制造");
            await page.GetByTestId("try-run").ClickAsync();
            await Expect(page.GetByTestId("try-result")).ToContainTextAsync("将分配给 张三（规则「华东制造业线索」）");
            await DemoAppFixture.ScreenshotAsync(page, "assignment-rules-preview", fullPage: true);

            await page.Locator("[data-testid='try-region'] input, input[data-testid='try-region']").First.FillAsync("华北");
            await page.GetByTestId("try-run").ClickAsync();
            await Expect(page.GetByTestId("try-result")).ToContainTextAsync("没有匹配的规则：将进入公海");
        }
        catch
        {
            await app.RecordFailureAsync(page, "assignment-rules");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// The same manager's other customer pages: the import preview names a bad row, the list offers
    /// 申请导出, a team customer's actions offer a transfer request.
    [Fact]
    public async Task Manager_sees_the_import_preview_the_export_request_and_the_transfer_dialog()
    {
        app.RequireBrowser();
        var page = await app.SignInAsync("salesmgr", 1280, 900);
        try
        {
            await page.GotoAsync("/sales/customers");
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(page.GetByTestId("export-request")).ToBeVisibleAsync();
            // The picture once the team's customers are listed, not while the table is still loading.
            await page.GetByTestId("customer-link").First.WaitForAsync();
            await DemoAppFixture.ScreenshotAsync(page, "customer-list-export-import");

            await page.GetByTestId("import-customers").ClickAsync();
            await Expect(page.GetByTestId("import-title")).ToHaveTextAsync("导入客户");
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            var file = new FilePayload
            {
                Name = "客户.csv", MimeType = "text/csv",
                Buffer = System.Text.Encoding.UTF8.GetBytes("姓名,公司,手机,地区,行业,来源,负责人\n陈先生,某公司,13912345678,华东,制造,展会,李四\n,无名公司,12345,,,,\n"),
            };
            await DemoAppFixture.PickFileAsync(page.Locator("input[type='file']").Last, file, page.GetByTestId("import-summary"));
            await Expect(page.GetByTestId("import-summary")).ToContainTextAsync("有 1 行有错误");
            await Expect(page.GetByTestId("import-row-error").First).ToContainTextAsync("缺少姓名");
            await Expect(page.GetByTestId("import-commit")).ToHaveCountAsync(0);
            await DemoAppFixture.ScreenshotAsync(page, "customer-import-preview", fullPage: true);

            await page.GotoAsync("/sales/customers");
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await page.Locator("[data-testid='customer-search'] input, input[data-testid='customer-search']").First.FillAsync("王建华");
            await page.GetByTestId("customers-table").GetByText("王建华").First.ClickAsync();
            await Expect(page.GetByTestId("customer-name")).ToHaveTextAsync("王建华");
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await page.GetByTestId("customer-actions").ClickAsync();
            await page.GetByTestId("action-transfer").ClickAsync();
            await Expect(page.GetByTestId("transfer-dialog")).ToBeVisibleAsync();
            await DemoAppFixture.ScreenshotAsync(page, "customer-transfer-dialog");
        }
        catch
        {
            await app.RecordFailureAsync(page, "customer-ownership-pages");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
