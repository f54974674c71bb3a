using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// The organisation pages as two demo people use them: HR walks from the org chart to a record,
/// reveals an ID card number (audited) and reads the job history; a salesperson sees colleagues
/// only as directory cards and their own record with the ID number masked. Screenshots of every
/// step (and of the salesperson's pages at phone size) land in artifacts/TestResults/screenshots.
[Trait("Category", "Browser")]
public sealed partial class OrgChartWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private const string Password = "Renhe@2026";

    [Fact]
    public async Task Hr_opens_a_salesperson_from_the_org_chart_reveals_the_ID_number_and_sees_the_promotion()
    {
        var page = await SignedInPageAsync("hr");
        try
        {
            await OpenAsync(page, "/org/chart");
            await Expect(page.GetByTestId("org-chart")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("dept-销售部")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("headcount-销售部")).ToHaveTextAsync("9 人"); // ten, less 赵磊 who left last month (离职继承 demo)
            await DemoAppFixture.ScreenshotAsync(page, "org-hr-1-chart", fullPage: true);

            await page.GetByTestId("dept-销售部").ClickAsync();
            await Expect(page.GetByTestId("panel-title")).ToHaveTextAsync("销售部");
            await Expect(page.GetByTestId("directory-row")).ToHaveCountAsync(9);
            await DemoAppFixture.ScreenshotAsync(page, "org-hr-2-sales-people", fullPage: true);

            await page.GetByTestId("directory-row").Filter(new() { HasText = "张三" }).GetByTestId("directory-name").ClickAsync();
            await page.WaitForURLAsync(EmployeeUrl());
            await WaitForInteractiveAsync(page);
            await Expect(page.GetByTestId("employee-name")).ToHaveTextAsync("张三");
            var idCard = page.GetByTestId("field-IdCardNumber");
            await Expect(idCard.GetByTestId("masked-IdCardNumber")).ToContainTextAsync("*");
            await DemoAppFixture.ScreenshotAsync(page, "org-hr-3-zhangsan", fullPage: true);

            await idCard.GetByTestId("reveal-IdCardNumber").ClickAsync();
            await Expect(idCard.GetByTestId("revealed-value")).ToHaveTextAsync(IdCardNumber());
            await DemoAppFixture.ScreenshotAsync(page, "org-hr-4-id-revealed", fullPage: true);

            await page.GetByRole(AriaRole.Tab, new() { Name = "任职记录" }).ClickAsync();
            var promotion = page.GetByTestId("history-entry").Filter(new() { Has = page.GetByTestId("history-kind").GetByText("晋升") });
            await Expect(promotion).ToHaveCountAsync(1);
            await Expect(promotion).ToContainTextAsync("高级销售");
            await DemoAppFixture.ScreenshotAsync(page, "org-hr-5-history", fullPage: true);

            // Without a second factor the export is greyed out, and the page says why and where to enrol.
            await page.GotoAsync("/org/employees");
            await Expect(page.GetByTestId("employees-table")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("export-employees")).ToBeDisabledAsync();
            var why = page.GetByTestId("export-needs-second-factor");
            await Expect(why).ToContainTextAsync("两步验证");
            await Expect(why.GetByRole(AriaRole.Link, new() { Name = "账户安全" })).ToHaveAttributeAsync("href", "/account/security");
            await DemoAppFixture.ScreenshotAsync(page, "org-hr-6-employees-export-needs-second-factor");
        }
        catch
        {
            await RecordFailureAsync(page, "org-hr");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Salesperson_sees_a_colleague_as_a_directory_card_and_their_own_ID_number_masked()
    {
        var page = await SignedInPageAsync("zhangsan");
        try
        {
            await OpenAsync(page, "/org/chart");
            await page.GetByTestId("dept-销售部").ClickAsync();
            await Expect(page.GetByTestId("directory-row")).ToHaveCountAsync(9);
            await DemoAppFixture.ScreenshotAsync(page, "org-zhangsan-1-sales-people", fullPage: true);

            // 孙丽 works in customer service: outside a salesperson's own record, so only her card.
            await page.GetByTestId("dept-客服部").ClickAsync();
            await Expect(page.GetByTestId("panel-title")).ToHaveTextAsync("客服部");
            await page.GetByTestId("directory-row").Filter(new() { HasText = "孙丽" }).GetByTestId("directory-name").ClickAsync();
            await page.WaitForURLAsync(EmployeeUrl());
            await WaitForInteractiveAsync(page);
            await Expect(page.GetByTestId("directory-card")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("employee-name")).ToHaveTextAsync("孙丽");
            await Expect(page.GetByTestId("card-department")).ToHaveTextAsync("客服部");
            await Expect(page.GetByTestId("card-phone")).ToHaveTextAsync(new Regex(@"^0\d{2,3}-\d{7,8}$"));
            await Expect(page.GetByTestId("reveal-IdCardNumber")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("field-IdCardNumber")).ToHaveCountAsync(0);
            await Expect(page.GetByText("身份证号")).ToHaveCountAsync(0);
            await DemoAppFixture.ScreenshotAsync(page, "org-zhangsan-2-colleague-card", fullPage: true);

            await OpenAsync(page, "/org/me");
            await Expect(page.GetByTestId("employee-name")).ToHaveTextAsync("张三");
            await Expect(page.GetByTestId("masked-IdCardNumber")).ToHaveTextAsync(MaskedIdCardNumber());
            await Expect(page.GetByTestId("reveal-IdCardNumber")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("my-request")).ToContainTextAsync("待审核");
            await DemoAppFixture.ScreenshotAsync(page, "org-zhangsan-3-my-profile", fullPage: true);

            // Salespeople live on their phones. Pages are loaded again at the new size, as a phone would.
            await page.SetViewportSizeAsync(390, 844);
            await OpenAsync(page, "/org/me");
            await Expect(page.GetByTestId("masked-IdCardNumber")).ToHaveTextAsync(MaskedIdCardNumber());
            await DemoAppFixture.ScreenshotAsync(page, "org-zhangsan-4-my-profile-phone", fullPage: true);
            await OpenAsync(page, "/org/chart");
            await page.GetByTestId("dept-销售部").ClickAsync();
            await Expect(page.GetByTestId("directory-row")).ToHaveCountAsync(9);
            await DemoAppFixture.ScreenshotAsync(page, "org-zhangsan-5-chart-phone", fullPage: true);
        }
        catch
        {
            await RecordFailureAsync(page, "org-zhangsan");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [GeneratedRegex(@"/org/employees/[0-9a-f-]{36}$")]
    private static partial Regex EmployeeUrl();

    [GeneratedRegex(@"^\d{17}[\dX]$")]
    private static partial Regex IdCardNumber();

    [GeneratedRegex(@"^\d{6}\*+[\dX]{4}$")]
    private static partial Regex MaskedIdCardNumber();

    /// A fresh Chinese context per test (no cookies carried over), signed in through the real form.
    [Fact]
    public async Task Hr_enters_one_employee_by_hand_and_lands_on_the_new_record()
    {
        var page = await SignedInPageAsync("hr");
        try
        {
            await page.GotoAsync("/org/employees");
            await Expect(page.GetByTestId("employees-table")).ToBeVisibleAsync();
            await page.GetByTestId("new-employee").ClickAsync();
            var number = "E8" + Random.Shared.Next(100, 999);
            await page.Locator("[data-testid='employee-number-input'] input, input[data-testid='employee-number-input']").First.FillAsync(number);
            await page.Locator("[data-testid='employee-name-input'] input, input[data-testid='employee-name-input']").First.FillAsync("手工录入");
            await page.GetByTestId("employee-department").ClickAsync();
            await page.Locator(".mud-popover-open").GetByRole(AriaRole.Option, new() { Name = "运营部", Exact = true }).ClickAsync();
            // The list closes before saving: a click while it is still open lands on its overlay.
            await Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
            await DemoAppFixture.ScreenshotAsync(page, "org-hr-7-new-employee");
            await page.GetByTestId("dialog-save").ClickAsync();

            await page.WaitForURLAsync(EmployeeUrl());
            await Expect(page.GetByTestId("employee-name")).ToHaveTextAsync("手工录入");
            await Expect(page.GetByText(number).First).ToBeVisibleAsync();
            await DemoAppFixture.ScreenshotAsync(page, "org-hr-8-new-employee-record");
        }
        catch
        {
            await RecordFailureAsync(page, "org-hr-new-employee");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private async Task<IPage> SignedInPageAsync(string account)
    {
        var context = await app.RequireBrowser().NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl.ToString(),
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.Locator("#userName").FillAsync(account);
        await page.Locator("#password").FillAsync(Password);
        await page.GetByTestId("login-submit").ClickAsync();
        await DemoAppFixture.ExpectHomeAsync(page, account);
        return page;
    }

    private static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await WaitForInteractiveAsync(page);
    }

    /// The pages are prerendered and clicks do nothing until the circuit is connected; each
    /// organisation page marks its root with data-interactive="true" once it renders interactively.
    private static Task WaitForInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// Best effort, so the original failure is what the report shows.
    private async Task RecordFailureAsync(IPage page, string name)
    {
        try { await DemoAppFixture.ScreenshotAsync(page, $"{name}-failure", fullPage: true); }
        catch (PlaywrightException) { }
        var log = app.AppOutput;
        TestContext.Current.TestOutputHelper?.WriteLine($"page: {page.Url}\napplication output (tail):\n{log[Math.Max(0, log.Length - 4000)..]}");
    }
}
