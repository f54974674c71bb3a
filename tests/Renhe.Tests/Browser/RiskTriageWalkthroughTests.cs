using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Renhe.Modules.Risk.Evidence;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// The auditor's day in the demo: signed in with the second factor, lands on the alert queue
/// (pseudonyms, no names), opens one of 小李's diversion alerts and reads why, reveals who it is
/// with a reason, opens a case from it, and downloads the case's evidence package, which verifies
/// with nothing but the package. Then the queue on a phone, and the rules with a backtest.
[Trait("Category", "Browser")]
public sealed class RiskTriageWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private static string? _auditorKey;

    private async Task<string> AuditorKeyAsync()
    {
        if (_auditorKey is not null) return _auditorKey;
        using var http = new HttpClient { BaseAddress = app.RequireApp() };
        var token = await (await http.PostAsJsonAsync("/api/auth/token", new { userName = "auditor", password = DemoAppFixture.DemoPassword }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        var setup = await (await http.PostAsync("/api/auth/totp/setup", null)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var key = setup.GetProperty("sharedKey").GetString()!;
        (await http.PostAsJsonAsync("/api/auth/totp/enable", new { code = Infrastructure.TotpCodes.For(key) })).EnsureSuccessStatusCode();
        return _auditorKey = key;
    }

    private async Task<IPage> AuditorAsync(int width, int height)
    {
        var key = await AuditorKeyAsync();
        var page = await app.SignInAsync("auditor", width, height, expectHome: false);
        await page.Locator("#code").FillAsync(Infrastructure.TotpCodes.For(key));
        await page.GetByTestId("login-2fa-submit").ClickAsync();
        await DemoAppFixture.ExpectHomeAsync(page, "auditor");
        return page;
    }

    [Fact]
    public async Task The_auditor_triages_an_alert_opens_a_case_and_exports_a_package_that_verifies()
    {
        var page = await AuditorAsync(1366, 900);
        try
        {
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            var table = page.GetByTestId("alerts-table");
            await Expect(table).ToContainTextAsync("跑单相关敏感词");
            await Expect(table).ToContainTextAsync("员工-");
            await Expect(table).Not.ToContainTextAsync("李晓");
            await Expect(page.GetByTestId("risk-scores")).ToContainTextAsync("分");
            await DemoAppFixture.ScreenshotAsync(page, "risk-1-queue", fullPage: true);

            await table.Locator("tr", new() { HasText = "跑单相关敏感词" }).First.GetByTestId("alert-link").ClickAsync();
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(page.GetByTestId("alert-explanation")).ToContainTextAsync("敏感词命中");
            await Expect(page.GetByTestId("alert-explanation")).ToContainTextAsync("窗口");
            await Expect(page.GetByTestId("alert-records")).ToContainTextAsync("揭示身份后显示");
            await Expect(page.Locator("body")).Not.ToContainTextAsync("李晓");
            await DemoAppFixture.ScreenshotAsync(page, "risk-2-alert", fullPage: true);

            await page.Locator("[data-testid='reveal-reason'] input, input[data-testid='reveal-reason']").First.FillAsync("核实私单线索，按制度复核");
            await page.GetByTestId("reveal").ClickAsync();
            await Expect(page.GetByTestId("revealed-person")).ToContainTextAsync("李晓");
            await Expect(page.GetByTestId("record-link").First).ToBeVisibleAsync();
            await DemoAppFixture.ScreenshotAsync(page, "risk-3-revealed", fullPage: true);

            await page.GetByTestId("escalate").ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/risk/cases/", StringComparison.Ordinal));
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(page.GetByTestId("case-evidence")).ToContainTextAsync("沟通存档");
            await DemoAppFixture.ScreenshotAsync(page, "risk-4-case", fullPage: true);

            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("case-export").ClickAsync());
            var path = Path.Combine(DemoAppFixture.OutputDirectory, "risk-case-package.zip");
            await download.SaveAsAsync(path);
            await using var zip = File.OpenRead(path);
            var verification = EvidenceVerifier.Verify(zip);
            Assert.True(verification.Verified, string.Join("\n", verification.Checks));

            await page.GotoAsync("/risk/rules?rule=keyword-diversion");
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(page.GetByTestId("backtest-result")).ToContainTextAsync("近 90 天", new() { Timeout = 30_000 });
            await DemoAppFixture.ScreenshotAsync(page, "risk-5-rules-backtest", fullPage: true);

            await page.SetViewportSizeAsync(390, 844);
            await page.GotoAsync("/risk/alerts");
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(page.GetByTestId("list-card").First).ToBeVisibleAsync();
            await DemoAppFixture.ScreenshotAsync(page, "risk-6-queue-phone", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(page, "risk-triage");
            throw;
        }
    }
}
