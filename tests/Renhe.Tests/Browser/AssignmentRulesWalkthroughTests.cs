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
}
