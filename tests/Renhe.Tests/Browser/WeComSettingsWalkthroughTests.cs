using Microsoft.Playwright;
using Renhe.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// The demo application with WeCom's API on loopback in place of qyapi.weixin.qq.com, for
/// walkthroughs that configure WeCom and watch Renhe call it.
public sealed class WeComDemoAppFixture : DemoAppFixture
{
    public WeComFakeServer WeCom { get; private set; } = null!;

    protected override string LogName => "wecom-demo-app";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Jobs:Enabled"] = "false", ["Demo:SalesActivity"] = "false",
        ["WeCom:ApiBaseUrl"] = WeCom.BaseUrl, ["WeCom:RetryDelayMilliseconds"] = "20",
    };

    public override async ValueTask InitializeAsync()
    {
        WeCom = await WeComFakeServer.StartAsync();
        WeCom.Departments.Add((2, "销售一部", 1, 2));
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await WeCom.DisposeAsync();
    }
}

/// An administrator connects Renhe to WeCom: the page says nothing is sent while WeCom is not
/// configured, takes the corp id, agent id and secret (shown never again), and the connection
/// check reaches WeCom and says how many departments the app sees.
[Trait("Category", "Browser")]
public sealed class WeComSettingsWalkthroughTests(WeComDemoAppFixture app) : IClassFixture<WeComDemoAppFixture>
{
    [Fact]
    public async Task Administrator_enters_the_app_settings_and_checks_the_connection()
    {
        app.RequireBrowser();
        var page = await app.SignInAsync("admin", 1280, 900);
        try
        {
            await page.GotoAsync("/integrations/wecom/settings");
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("企业微信设置");
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(page.GetByTestId("wecom-not-configured")).ToContainTextAsync("尚未配置企业微信");
            await DemoAppFixture.ScreenshotAsync(page, "wecom-settings-empty", fullPage: true);

            await page.Locator("[data-testid='corp-id'] input, input[data-testid='corp-id']").First.FillAsync(WeComFakeServer.CorpId);
            await page.Locator("[data-testid='agent-id'] input, input[data-testid='agent-id']").First.FillAsync(WeComFakeServer.AgentId.ToString());
            await page.Locator("[data-testid='secret'] input, input[data-testid='secret']").First.FillAsync(WeComFakeServer.Secret);
            await page.GetByTestId("settings-save").ClickAsync();
            await Expect(page.GetByTestId("wecom-configured")).ToContainTextAsync("已配置");
            await Expect(page.Locator("[data-testid='secret'] input, input[data-testid='secret']").First).ToHaveValueAsync("");

            await page.GetByTestId("settings-check-button").ClickAsync();
            await Expect(page.GetByTestId("settings-check")).ToContainTextAsync("连接成功：应用可见 2 个部门");
            Assert.Contains(app.WeCom.Requests, r => r.Path == "/cgi-bin/gettoken" && r.Query["corpsecret"] == WeComFakeServer.Secret);
            await DemoAppFixture.ScreenshotAsync(page, "wecom-settings-connected", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(page, "wecom-settings");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
