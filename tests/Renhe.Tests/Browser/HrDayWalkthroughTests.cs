using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// HR's day in the demo, as 陈静 lives it: she narrows 员工 to one department's active staff (the
/// address keeps the filters), opens 审批中心, where 张三's request to change his bank account waits
/// with every other request, reveals the account he has and the one he asks for (each reveal
/// audited), approves it, and finds the new account on his record. On a phone the employee list is
/// one card per person. Screenshots of every step land in artifacts/TestResults/screenshots.
[Trait("Category", "Browser")]
public sealed partial class HrDayWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private const string NewAccount = "6217000012345678901";

    [Fact]
    public async Task Hr_filters_the_employees_and_approves_a_bank_account_change_in_the_approval_center()
    {
        var page = await SignedInAsync();
        try
        {
            // 员工, narrowed to the active staff of 客服部.
            await OpenAsync(page, "/org/employees");
            var rows = page.GetByTestId("employees-table").Locator("tbody tr");
            await Expect(rows).ToHaveCountAsync(42);
            await DemoAppFixture.ScreenshotAsync(page, "hr-day-1-employees");

            await page.GetByTestId("department-filter").ClickAsync();
            await page.Locator(".mud-popover-open").GetByRole(AriaRole.Option, new() { Name = "客服部" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(DepartmentInAddress());
            await Expect(rows).ToHaveCountAsync(8);
            await page.GetByTestId("status-filter").ClickAsync();
            await page.Locator(".mud-popover-open").GetByRole(AriaRole.Option, new() { Name = "在职", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("status=Active"));
            await Expect(page.GetByTestId("employee-count")).ToHaveTextAsync("共 8 人");
            foreach (var department in await page.GetByTestId("row-department").AllInnerTextsAsync()) Assert.Equal("客服部", department.Trim());
            foreach (var status in await page.GetByTestId("row-status").AllInnerTextsAsync()) Assert.Equal("在职", status.Trim());
            await DemoAppFixture.ScreenshotAsync(page, "hr-day-2-employees-filtered");

            // The address is the filter: opened again with hire dates added, the list is narrowed by them too.
            var hired = (await page.GetByTestId("row-hire-date").AllInnerTextsAsync()).Select(d => d.Trim()).Order(StringComparer.Ordinal).ToList();
            var (from, to) = (hired[1], hired[^2]);
            await OpenAsync(page, $"{page.Url}&hiredFrom={from}&hiredTo={to}");
            var inRange = hired.Count(d => string.CompareOrdinal(d, from) >= 0 && string.CompareOrdinal(d, to) <= 0);
            await Expect(page.GetByTestId("employee-count")).ToHaveTextAsync($"共 {inRange} 人");
            await Expect(page.GetByTestId("status-filter")).ToHaveValueAsync("在职");
            await DemoAppFixture.ScreenshotAsync(page, "hr-day-3-employees-by-hire-date");

            // 审批中心: 张三's request waits there, not on a page of its own.
            await OpenAsync(page, "/platform/approvals");
            var card = page.GetByTestId("inbox-list").GetByTestId("approval-card").Filter(new() { HasText = "资料变更：张三 · 银行账号" });
            await Expect(card).ToHaveCountAsync(1);
            await DemoAppFixture.ScreenshotAsync(page, "hr-day-4-approval-inbox");

            await card.ClickAsync();
            var subject = page.GetByTestId("profile-change-subject");
            await Expect(subject.GetByTestId("subject-field")).ToHaveTextAsync("申请修改银行账号");
            await Expect(subject.GetByTestId("subject-new-value")).ToHaveTextAsync("***************8901");
            await Expect(subject.GetByTestId("subject-old-value")).ToHaveTextAsync(new Regex(@"^\*+\d{4}$"));
            await Expect(subject).ToContainTextAsync("工资卡换成建设银行");
            await DemoAppFixture.ScreenshotAsync(page, "hr-day-5-approval-masked");

            await subject.GetByTestId("reveal-old").ClickAsync();
            await Expect(subject.GetByTestId("subject-old-value")).ToHaveTextAsync(new Regex(@"^622202\d{10}$"));
            await subject.GetByTestId("reveal-new").ClickAsync();
            await Expect(subject.GetByTestId("subject-new-value")).ToHaveTextAsync(NewAccount);
            await DemoAppFixture.ScreenshotAsync(page, "hr-day-6-approval-revealed");

            await page.GetByTestId("approve").ClickAsync();
            await Expect(page.GetByText("已同意。")).ToBeVisibleAsync();
            await Expect(card).ToHaveCountAsync(0);
            await DemoAppFixture.ScreenshotAsync(page, "hr-day-7-approved");

            // 资料变更记录 is a record now: no approve or reject of its own, each row opens its approval.
            await OpenAsync(page, "/org/change-requests");
            await page.GetByText("全部", new() { Exact = true }).ClickAsync();
            var row = page.GetByTestId("requests-table").Locator("tbody tr").Filter(new() { HasText = "张三" });
            await Expect(row).ToContainTextAsync("已通过");
            await Expect(page.GetByTestId("approve")).ToHaveCountAsync(0);
            await row.GetByTestId("open-approval").ClickAsync();
            await Expect(page.GetByTestId("detail-status")).ToHaveTextAsync("已通过");
            await Expect(page.GetByTestId("profile-change-subject").GetByTestId("subject-new-value")).ToHaveTextAsync("***************8901");
            await DemoAppFixture.ScreenshotAsync(page, "hr-day-8-change-record");

            // 张三's record holds the new account.
            await OpenAsync(page, "/org/employees?search=张三");
            await page.GetByTestId("employees-table").GetByRole(AriaRole.Link, new() { Name = "张三", Exact = true }).ClickAsync();
            await page.WaitForURLAsync(EmployeeUrl());
            await WaitForInteractiveAsync(page);
            var account = page.GetByTestId("field-BankAccount");
            await Expect(account.GetByTestId("masked-BankAccount")).ToHaveTextAsync("***************8901");
            await account.GetByTestId("reveal-BankAccount").ClickAsync();
            await Expect(account.GetByTestId("revealed-value")).ToHaveTextAsync(NewAccount);
            await DemoAppFixture.ScreenshotAsync(page, "hr-day-9-record-updated", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(page, "hr-day");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task On_a_phone_the_employee_list_is_one_card_per_person()
    {
        var page = await SignedInAsync(390, 844);
        try
        {
            await OpenAsync(page, "/org/employees");
            var cards = page.GetByTestId("employee-card");
            await Expect(cards).ToHaveCountAsync(30);
            await Expect(page.GetByTestId("employees-table")).ToBeHiddenAsync();
            var lisi = cards.Filter(new() { HasText = "李四" });
            await Expect(lisi).ToContainTextAsync("E0006");
            await Expect(lisi).ToContainTextAsync("销售部");
            await Expect(lisi.GetByTestId("employee-card-status")).ToHaveTextAsync("试用期");
            await DemoAppFixture.ScreenshotAsync(page, "hr-day-phone-employees");
            // Thirty at a time; the rest on request.
            await page.GetByTestId("more-employees").ClickAsync();
            await Expect(cards).ToHaveCountAsync(42);

            // Back on a desk, the same address is a table again.
            await page.SetViewportSizeAsync(1280, 800);
            await Expect(page.GetByTestId("employees-table")).ToBeVisibleAsync();
            await Expect(cards.First).ToBeHiddenAsync();
        }
        catch
        {
            await app.RecordFailureAsync(page, "hr-day-phone");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// Signed in through the form. Where a role lands after signing in is not this test's business:
    /// it waits to leave the sign-in page and goes on by address.
    private async Task<IPage> SignedInAsync(int width = 1280, int height = 800)
    {
        var page = await app.SignInAsync("hr", width, height, expectHome: false);
        await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/account/login", StringComparison.Ordinal));
        return page;
    }

    private static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await WaitForInteractiveAsync(page);
    }

    /// Pages are prerendered and clicks do nothing until the circuit is connected; the pages mark
    /// their root with data-interactive="true" once they render interactively.
    private static Task WaitForInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive='true']").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    [GeneratedRegex(@"/org/employees\?.*departmentId=[0-9a-f-]{36}")]
    private static partial Regex DepartmentInAddress();

    [GeneratedRegex(@"/org/employees/[0-9a-f-]{36}$")]
    private static partial Regex EmployeeUrl();
}
