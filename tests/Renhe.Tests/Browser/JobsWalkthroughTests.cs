using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// The administrator's 定时任务 page in the demo: every module's jobs with their schedules in words,
/// and a job started by hand whose run appears in its history with the result; then on a phone.
[Trait("Category", "Browser")]
public sealed class JobsWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task Administrator_reads_the_jobs_and_runs_the_pool_return_by_hand()
    {
        var page = await app.SignInAsync("admin", 1366, 900, expectHome: false);
        try
        {
            await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
            await page.GotoAsync("/platform/jobs");
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            var table = page.GetByTestId("jobs-table");
            // Pool return, departure inheritance, the morning task reminder, WeCom work messages, lifecycle, the archive's digest and retention, the commission close reminder, the risk alert pass and the WeCom handover.
            await Expect(table.Locator("tbody tr")).ToHaveCountAsync(10);
            await Expect(table).ToContainTextAsync("自动回公海");
            await Expect(table).ToContainTextAsync("每天 00:05（各分公司当地时间）");
            await Expect(table).ToContainTextAsync("补跑");

            await page.GetByTestId("job-run-sales.pool-return").ClickAsync();
            var runs = page.GetByTestId("job-runs");
            await Expect(page.GetByTestId("job-runs-title")).ToContainTextAsync("自动回公海");
            await Expect(runs.Locator("tbody tr").First).ToContainTextAsync("admin 手动运行");
            await Expect(runs.Locator("tbody tr").First).ToContainTextAsync("位客户回到公海", new() { Timeout = 20_000 });
            await Expect(runs.Locator("tbody tr").First.GetByTestId("job-status")).ToHaveTextAsync("成功");
            await DemoAppFixture.ScreenshotAsync(page, "jobs-admin", fullPage: true);

            await page.SetViewportSizeAsync(390, 844);
            await page.ReloadAsync();
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(page.GetByTestId("list-card")).ToHaveCountAsync(10);
            await DemoAppFixture.ScreenshotAsync(page, "jobs-admin-phone", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(page, "jobs-admin");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
