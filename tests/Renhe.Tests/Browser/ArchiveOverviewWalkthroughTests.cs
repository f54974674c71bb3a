using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// The archive's overview page in the demo: the auditor sees 小李 at the top of the flagged list,
/// verifies the chain and follows her name into the search; the administrator imports a call
/// centre's CSV and sees what was archived and what was refused.
[Trait("Category", "Browser")]
public sealed class ArchiveOverviewWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private async Task RunAsync(string user, string shot, Func<IPage, Task> steps)
    {
        var page = await app.SignInAsync(user, 1366, 900);
        try
        {
            await steps(page);
        }
        catch
        {
            await app.RecordFailureAsync(page, shot);
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public Task Auditor_sees_xiaoli_flagged_verifies_the_chain_and_opens_her_messages() => RunAsync("auditor", "archive-overview", async page =>
    {
        // Straight to the page: a click on the menu while the home page is turning interactive can be lost.
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "沟通存档", Exact = true })).ToBeVisibleAsync();
        await page.GotoAsync("/risk/archive");
        await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(page.GetByTestId("archive-stat")).ToHaveCountAsync(7);
        await Expect(page.GetByTestId("flagged-row").First).ToContainTextAsync("李晓");
        await Expect(page.GetByTestId("flagged-row").First).ToContainTextAsync("私人收款");
        // Who has not acknowledged the monitoring notice yet (the demo leaves three people out).
        await Expect(page.GetByTestId("archive-acknowledgements")).ToContainTextAsync("李四");

        await page.GetByTestId("verify-start").ClickAsync();
        await Expect(page.GetByTestId("verify-result")).ToContainTextAsync("存档完整", new() { Timeout = 60_000 });
        await DemoAppFixture.ScreenshotAsync(page, "archive-overview", fullPage: true);

        await page.GetByTestId("flagged-row").First.GetByRole(AriaRole.Link, new() { Name = "李晓" }).ClickAsync();
        await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(page.GetByTestId("search-hit").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("search-hit").First).ToContainTextAsync("李晓");
        await DemoAppFixture.ScreenshotAsync(page, "archive-search-by-employee");
    });

    [Fact]
    public Task Administrator_imports_call_records_and_sees_the_refused_row_explained() => RunAsync("admin", "archive-import", async page =>
    {
        await page.GotoAsync("/risk/archive");
        await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(page.GetByTestId("flagged-employees")).ToHaveCountAsync(0); // no risk.archive.search: no names
        await page.GetByText("通话记录（CSV / Excel）").ClickAsync();
        var csv = """
            通话ID,主叫,被叫,开始时间,通话时长(秒),方向,录音
            browser-call-1,0755-86001003,13900008888,2026-11-20 10:00:00,125,呼出,rec/a.mp3
            browser-call-2,13900008888,0755-86001003,2026-11-20 11:00:00,40,呼入,
            browser-call-3,0755-86001003,13900008888,明天,10,呼出,
            """;
        await page.Locator("[data-testid='import-panel'] input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "calls.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv),
        });
        await Expect(page.GetByTestId("archive-import-result")).ToContainTextAsync("已存档 2 条，重复 0 条，拒收 1 条");
        await Expect(page.GetByTestId("import-panel")).ToContainTextAsync("开始时间缺失或无法识别");
        await DemoAppFixture.ScreenshotAsync(page, "archive-import", fullPage: true);
    });
}
