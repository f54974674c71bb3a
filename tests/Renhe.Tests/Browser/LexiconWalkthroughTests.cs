using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Renhe.Tests.Browser;

/// An auditor keeps the sensitive-word lexicon in the demo application: filters by category,
/// adds a word through the dialog, and imports a file — first with a bad row, which is shown with
/// its row number and stores nothing, then corrected, after a preview.
[Trait("Category", "Browser")]
public sealed class LexiconWalkthroughTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    [Fact]
    public async Task Auditor_filters_adds_a_word_and_imports_a_file_after_a_preview()
    {
        app.RequireBrowser();
        var page = await app.SignInAsync("auditor", 1280, 900);
        try
        {
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "敏感词库" })).ToBeVisibleAsync();
            await page.GotoAsync("/risk/lexicon");
            await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("敏感词库");
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(page.GetByTestId("lexicon-row-word").First).ToBeVisibleAsync();

            // Filter by category: only 私单 words remain.
            await page.GetByTestId("category-chip").Filter(new() { HasText = "私单" }).ClickAsync();
            await Expect(page.GetByTestId("lexicon-table")).ToContainTextAsync("飞单");
            await Expect(page.GetByTestId("lexicon-table")).Not.ToContainTextAsync("拼多多");

            // Add a word in the dialog; the category defaults to the one being viewed.
            await page.GetByTestId("lexicon-add").ClickAsync();
            await page.Locator("input[data-testid='lexicon-word'], [data-testid='lexicon-word'] input").First.FillAsync("代 刷 好评");
            await page.GetByTestId("dialog-save").ClickAsync();
            await Expect(page.GetByTestId("lexicon-dialog")).ToHaveCountAsync(0);
            await page.Locator("input[data-testid='lexicon-search'], [data-testid='lexicon-search'] input").First.FillAsync("代");
            await Expect(page.GetByTestId("lexicon-row-word")).ToHaveTextAsync(["代 刷 好评"]);

            // A duplicate as the scanner reads it is refused in the dialog, naming the existing word.
            await page.GetByTestId("lexicon-add").ClickAsync();
            await page.Locator("input[data-testid='lexicon-word'], [data-testid='lexicon-word'] input").First.FillAsync("代刷好評");
            await page.GetByTestId("dialog-save").ClickAsync();
            await Expect(page.GetByTestId("dialog-error")).ToContainTextAsync("与词库中已有的“代 刷 好评”");
            await page.Keyboard.PressAsync("Escape");
            await Expect(page.GetByTestId("lexicon-dialog")).ToHaveCountAsync(0);

            // Import: a file with a bad row is previewed with the row's reason and cannot be committed.
            await page.GetByTestId("lexicon-import").ClickAsync();
            await DemoAppFixture.PickFileAsync(page.Locator("[data-testid='import-panel'] input[type='file']").Last, new FilePayload
            {
                Name = "新词.csv", MimeType = "text/csv",
                Buffer = Encoding.UTF8.GetBytes("词,分类,级别,备注\n刷单返现,私单,高,客户投诉\n单,私单,高,\n加我 VX,私加联系方式,中,\n扣扣群,contact_poaching,低,\n"),
            }, page.GetByTestId("import-file-name").Filter(new() { HasText = "新词.csv" }));
            await Expect(page.GetByTestId("import-file-name")).ToContainTextAsync("新词.csv");
            await page.GetByTestId("import-preview").ClickAsync();
            await Expect(page.GetByTestId("import-summary")).ToContainTextAsync("新词 2 个，已存在跳过 1 个，错误 1 行。");
            await Expect(page.GetByTestId("import-rows")).ToContainTextAsync("不足 2 个字");
            await Expect(page.GetByTestId("import-commit")).ToHaveCountAsync(0);
            await DemoAppFixture.ScreenshotAsync(page, "lexicon-import-preview", fullPage: true);

            // Corrected, it previews clean and imports.
            await DemoAppFixture.PickFileAsync(page.Locator("[data-testid='import-panel'] input[type='file']").Last, new FilePayload
            {
                Name = "新词2.csv", MimeType = "text/csv",
                Buffer = Encoding.UTF8.GetBytes("词,分类,级别,备注\n刷单返现,私单,高,客户投诉\n加我 VX,私加联系方式,中,\n扣扣群,contact_poaching,低,\n"),
            }, page.GetByTestId("import-file-name").Filter(new() { HasText = "新词2.csv" }));
            await Expect(page.GetByTestId("import-file-name")).ToContainTextAsync("新词2.csv");
            await page.GetByTestId("import-preview").ClickAsync();
            await Expect(page.GetByTestId("import-summary")).ToContainTextAsync("新词 2 个，已存在跳过 1 个，错误 0 行。");
            await page.GetByTestId("import-commit").ClickAsync();
            await Expect(page.GetByTestId("import-panel")).ToHaveCountAsync(0);
            await page.Locator("input[data-testid='lexicon-search'], [data-testid='lexicon-search'] input").First.FillAsync("刷单");
            await Expect(page.GetByTestId("lexicon-row-word")).ToHaveTextAsync(["刷单返现"]);
            await page.Locator("input[data-testid='lexicon-search'], [data-testid='lexicon-search'] input").First.FillAsync("");
            await page.GetByTestId("category-chip").Filter(new() { HasText = "私加联系方式" }).ClickAsync();
            await Expect(page.GetByTestId("lexicon-row-word").First).ToBeVisibleAsync();
            await DemoAppFixture.ScreenshotAsync(page, "lexicon", fullPage: true);
        }
        catch
        {
            await app.RecordFailureAsync(page, "lexicon");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
