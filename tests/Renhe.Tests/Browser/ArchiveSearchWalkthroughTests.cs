using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// An auditor searches the archive for 私单 in the demo application: messages arrive through the
/// batch API with a bearer token (as an integration would send them), the hits come back with the
/// term highlighted, and the conversation around one opens beside the results.
[Trait("Category", "Browser")]
public sealed class ArchiveSearchWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task Auditor_searches_a_two_character_term_and_sees_highlighted_hits_and_the_conversation()
    {
        app.RequireBrowser();
        var ct = TestContext.Current.CancellationToken;
        using (var http = new HttpClient { BaseAddress = app.BaseUrl })
        {
            var token = await (await http.PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = DemoAppFixture.DemoPassword }, ct))
                .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(ct);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
            var at = new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
            string[] texts = ["王总您好，上次说的那批货还要吗？", "要的，公司价格有点高", "这单我们走私单，比公司便宜两成", "怎么付款？", "转我个人账户就行，加我私人微信", "咱们私-单的事别跟别人说"];
            var items = texts.Select((t, i) => new
            {
                channel = "email", sourceId = $"browser-search-{i}", employee = "xiaoli",
                counterpart = "wmWangZong", time = at.AddMinutes(i * 3), content = t,
            });
            (await http.PostAsJsonAsync("/api/risk/messages:batch", new { items }, ct)).EnsureSuccessStatusCode();
        }

        var page = await app.SignInAsync("auditor", 1280, 800);
        try
        {
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "沟通存档检索" })).ToBeVisibleAsync();
            await page.GotoAsync("/risk/archive/search");
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            // The search lights its own menu entry, not 沟通存档 above it as well.
            await Expect(page.Locator(".mud-nav-link.active")).ToHaveCountAsync(1);
            await Expect(page.Locator(".mud-nav-link.active")).ToContainTextAsync("沟通存档检索");
            await page.Locator("input[data-testid='search-q'], [data-testid='search-q'] input").First.FillAsync("私单");
            await page.GetByTestId("search-submit").ClickAsync();
            // 私单 is also the name of a lexicon category, whose words the page searches as well;
            // the term as typed is one click away.
            await page.GetByTestId("search-term-only").ClickAsync();

            await Expect(page.GetByTestId("search-hit")).ToHaveCountAsync(2);
            await Expect(page.GetByTestId("search-total")).ToContainTextAsync("2");
            // Newest first: the evasive 私-单 is found and highlighted whole.
            await Expect(page.GetByTestId("search-hit").First.GetByTestId("mark-keyword")).ToHaveTextAsync("私-单");
            await Expect(page.GetByTestId("search-hit").Nth(1).GetByTestId("mark-keyword")).ToHaveTextAsync("私单");

            await page.GetByTestId("search-hit").Nth(1).GetByTestId("open-context").ClickAsync();
            await Expect(page.GetByTestId("context-message")).ToHaveCountAsync(6);
            await Expect(page.GetByTestId("context-panel")).ToContainTextAsync("怎么付款？");
            await DemoAppFixture.ScreenshotAsync(page, "archive-search", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(page, "archive-search");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
