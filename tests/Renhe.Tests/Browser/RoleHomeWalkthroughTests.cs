using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// The owner's first page, a person with two roles choosing (and being remembered), and the sales
/// manager's board on a phone in English.
[Trait("Category", "Browser")]
public sealed class RoleHomeWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task The_owner_lands_on_the_month_drills_into_a_team_and_reads_targets_and_the_archive()
    {
        var page = await app.SignInAsync("owner");
        try
        {
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("本月销售");
            await Expect(page.GetByTestId("month-net")).ToContainTextAsync("¥");
            await Expect(page.GetByTestId("month-target")).ToContainTextAsync("目标 ¥");
            await Expect(page.GetByTestId("month-waiting")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "客户", Exact = true })).ToBeVisibleAsync();
            await DemoAppFixture.ScreenshotAsync(page, "owner-1-month", fullPage: true);

            // The team's figures open its board, with the same team chosen.
            var team = page.GetByTestId("month-team").Filter(new() { HasText = "销售部" });
            var teamText = await team.InnerTextAsync();
            await team.ClickAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/sales/team");
            await Expect(page.GetByTestId("team-summary")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("team-department")).ToContainTextAsync("销售部");
            await DemoAppFixture.ScreenshotAsync(page, "owner-2-team", fullPage: true);
            Assert.Contains("¥", teamText);

            await page.GotoAsync("/sales/targets");
            await Expect(page.GetByTestId("targets-read-only")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("targets-publish")).ToHaveCountAsync(0);
            await DemoAppFixture.ScreenshotAsync(page, "owner-3-targets-read-only", fullPage: true);

            await page.GotoAsync("/risk/archive");
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("沟通存档");
            await DemoAppFixture.ScreenshotAsync(page, "owner-4-archive");
        }
        catch
        {
            await app.RecordFailureAsync(page, "owner-day");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Someone_with_two_roles_chooses_a_home_once_and_is_sent_there_next_time()
    {
        app.RequireBrowser();
        var ct = TestContext.Current.CancellationToken;
        using (var http = new HttpClient { BaseAddress = app.BaseUrl })
        {
            // Creating an account needs the administrator's second factor: enrol one, as an administrator would.
            async Task SignInAsync(string? totp)
            {
                var token = await (await http.PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = DemoAppFixture.DemoPassword, totp }, ct))
                    .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(ct);
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
            }
            await SignInAsync(null);
            var setup = await (await http.PostAsync("/api/auth/totp/setup", null, ct)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(ct);
            var key = setup.GetProperty("sharedKey").GetString()!;
            (await http.PostAsJsonAsync("/api/auth/totp/enable", new { code = Infrastructure.TotpCodes.For(key) }, ct)).EnsureSuccessStatusCode();
            await SignInAsync(Infrastructure.TotpCodes.For(key));
            (await http.PostAsJsonAsync("/api/platform/users", new
            {
                userName = "duo", displayName = "双角色", password = DemoAppFixture.DemoPassword, roles = new[] { "sales_manager", "auditor" },
            }, ct)).EnsureSuccessStatusCode();
        }

        var page = await app.SignInAsync("duo", expectHome: false);
        try
        {
            var chooser = page.GetByTestId("home-chooser");
            await Expect(chooser).ToHaveAttributeAsync("data-interactive", "true");
            await Expect(page.GetByTestId("home-choose-title")).ToHaveTextAsync("从哪里开始？");
            await Expect(page.GetByTestId("home-choice")).ToHaveCountAsync(2);
            await DemoAppFixture.ScreenshotAsync(page, "home-1-choose");
            await page.Locator("[data-testid='home-choice'][data-href='/risk/alerts']").ClickAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/risk/alerts");

            // Next sign-in goes straight there.
            await page.GetByTestId("sign-out").ClickAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login");
            await page.Locator("#userName").FillAsync("duo");
            await page.Locator("#password").FillAsync(DemoAppFixture.DemoPassword);
            await page.GetByTestId("login-submit").ClickAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/risk/alerts");

            // The menu under the name changes it.
            await DemoAppFixture.OpenMenuAsync(page, "current-user", "change-home");
            await page.GetByTestId("change-home").ClickAsync();
            await Expect(page.Locator("[data-testid='home-choice'][data-href='/risk/alerts']")).ToContainTextAsync("当前首页");
            await DemoAppFixture.ScreenshotAsync(page, "home-2-change");
        }
        catch
        {
            await app.RecordFailureAsync(page, "home-choose");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task On_a_phone_in_English_the_top_bar_stays_on_one_line_and_the_board_reads_clearly()
    {
        var page = await app.SignInAsync("salesmgr", 390, 844);
        try
        {
            await DemoAppFixture.OpenMenuAsync(page, "language-menu", "lang-en");
            await page.GetByTestId("lang-en").ClickAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("Team dashboard");

            // One line: the bar is as tall as a dense app bar, the name is cut rather than wrapped.
            // Measured once the circuit is up: before that, the prerendered bar is replaced under us.
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

            // One line: the bar is as tall as a dense app bar, the name is cut rather than wrapped.
            var bar = await DemoAppFixture.BoxAsync(page.Locator(".mud-appbar"));
            Assert.True(bar.Height <= 56, $"top bar is {bar.Height}px high");
            var name = await DemoAppFixture.BoxAsync(page.GetByTestId("current-user"));
            Assert.True(name.Height < 30, $"the name takes {name.Height}px: it wrapped");
            await Expect(page.GetByTestId("sign-out-icon")).ToBeVisibleAsync();

            // Each funnel label ends before its bar starts.
            var rows = page.GetByTestId("team-funnel").Locator("> div");
            await Expect(rows.First.Locator(".mud-progress-linear")).ToBeVisibleAsync();
            for (var i = 0; i < await rows.CountAsync(); i++)
            {
                var label = await DemoAppFixture.BoxAsync(rows.Nth(i).Locator(".mud-typography").First);
                var barBox = await DemoAppFixture.BoxAsync(rows.Nth(i).Locator(".mud-progress-linear"));
                Assert.True(label.X + label.Width <= barBox.X + 0.5, $"funnel label {i} overlaps its bar");
            }

            // Chart axis text reads at about 10 px or more after the chart is scaled to the phone.
            var box = await DemoAppFixture.BoxAsync(page.GetByTestId("team-chart").Locator("svg text").First);
            Assert.True(box.Height >= 9.5, $"chart text is {box.Height}px high");
            await DemoAppFixture.ScreenshotAsync(page, "team-board-phone-en", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(page, "team-board-phone-en");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
