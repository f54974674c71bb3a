using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// 提成方案 in the demo application: finance, signed in with the second factor, opens the demo plan,
/// starts a new draft from the rules in force, raises the top tier and reads it back in words, is
/// told which field is wrong when the tiers stop increasing, saves, and runs the simulator over
/// the demo's orders (chart, table, progress). Screenshots go to artifacts/TestResults/screenshots.
[Trait("Category", "Browser")]
public sealed class CommissionPlanWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private static string? _financeKey;

    /// The demo finance account turns the second factor on (what editing plans needs), once per application.
    private async Task<string> FinanceKeyAsync()
    {
        if (_financeKey is not null) return _financeKey;
        using var http = new HttpClient { BaseAddress = app.RequireApp() };
        var token = await (await http.PostAsJsonAsync("/api/auth/token", new { userName = "finance", password = DemoAppFixture.DemoPassword }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        var setup = await (await http.PostAsync("/api/auth/totp/setup", null)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var key = setup.GetProperty("sharedKey").GetString()!;
        (await http.PostAsJsonAsync("/api/auth/totp/enable", new { code = Infrastructure.TotpCodes.For(key) })).EnsureSuccessStatusCode();
        return _financeKey = key;
    }

    private async Task<IPage> FinanceAsync(int width, int height)
    {
        var key = await FinanceKeyAsync();
        var page = await app.SignInAsync("finance", width, height, expectHome: false);
        await page.Locator("#code").FillAsync(Infrastructure.TotpCodes.For(key));
        await page.GetByTestId("login-2fa-submit").ClickAsync();
        await DemoAppFixture.ExpectHomeAsync(page, "finance");
        return page;
    }

    private static ILocator Field(IPage page, string testId) => page.Locator($"[data-testid='{testId}'] input, input[data-testid='{testId}']").First;

    [Fact]
    public async Task Finance_drafts_a_version_reads_it_in_words_is_told_the_wrong_field_and_simulates_it()
    {
        var page = await FinanceAsync(1280, 900);
        try
        {
            await page.GotoAsync("/commission/plans");
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("提成方案");
            await Expect(page.GetByTestId("plan-table")).ToContainTextAsync("转化率 ≥ 25 % → 4 %");
            await DemoAppFixture.ScreenshotAsync(page, "commission-plans-zh", fullPage: true);

            await page.GetByTestId("plan-link").Filter(new() { HasText = "销售部提成方案" }).First.ClickAsync();
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(page.GetByTestId("plan-applies")).ToContainTextAsync("销售部");
            await Expect(page.GetByTestId("plan-acks-summary")).ToContainTextAsync("已确认");

            await page.GetByTestId("plan-new-draft").ClickAsync();
            await Expect(page.GetByTestId("rules-preview")).ToContainTextAsync("转化率 ≥ 25 % → 4 %");
            await Field(page, "rules-tier-1-rate").FillAsync("5");
            await Field(page, "rules-tier-1-rate").BlurAsync();
            await Expect(page.GetByTestId("rules-preview")).ToContainTextAsync("转化率 ≥ 25 % → 5 %");
            await Expect(page.GetByTestId("rules-preview")).ToContainTextAsync("复购率 ≥ 30 % → 另加 1 %");
            await DemoAppFixture.ScreenshotAsync(page, "commission-plan-editor-zh", fullPage: true);

            // Tier 2 below tier 1: refused, and the message names the tier and its field.
            await Field(page, "rules-tier-1-threshold").FillAsync("15");
            await Field(page, "rules-tier-1-threshold").BlurAsync();
            await page.GetByTestId("rules-save").ClickAsync();
            await Expect(page.GetByTestId("rules-error")).ToContainTextAsync("第 2 档 · 门槛：第 2 档的门槛必须高于上一档。");
            await DemoAppFixture.ScreenshotAsync(page, "commission-plan-editor-error-zh", fullPage: true);

            await Field(page, "rules-tier-1-threshold").FillAsync("25");
            await Field(page, "rules-tier-1-threshold").BlurAsync();
            await page.GetByTestId("rules-save").ClickAsync();
            await Expect(page.GetByTestId("rules-error")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("plan-versions")).ToContainTextAsync("转化率 ≥ 25 % → 5 %");

            await page.GetByTestId("sim-run").ClickAsync();
            await Expect(page.GetByTestId("sim-summary")).ToContainTextAsync("按", new() { Timeout = 60_000 });
            await Expect(page.GetByTestId("sim-summary")).ToContainTextAsync("现行规则共");
            await Expect(page.GetByTestId("sim-chart")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("sim-diff").First).ToContainTextAsync("¥");
            await DemoAppFixture.ScreenshotAsync(page, "commission-plan-simulation-zh", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(page, "commission-plan-finance");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_plan_page_reads_on_a_phone()
    {
        var page = await FinanceAsync(390, 844);
        try
        {
            await page.GotoAsync("/commission/plans");
            await page.GetByTestId("plan-link").Filter(new() { HasText = "销售部提成方案" }).First.ClickAsync();
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(page.GetByTestId("plan-version-rules").Or(page.GetByTestId("rules-preview")).First).ToBeVisibleAsync();
            await Expect(page.Locator("[data-testid='plan-versions'][data-cards='true'], [data-testid='plan-versions'] [data-cards='true']").First).ToBeAttachedAsync();
            var box = await DemoAppFixture.BoxAsync(page.GetByTestId("plan-version"));
            Assert.True(box.Width <= 390, $"the version panel is {box.Width}px wide on a 390px screen");
            await DemoAppFixture.ScreenshotAsync(page, "commission-plan-phone-zh", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(page, "commission-plan-phone");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
