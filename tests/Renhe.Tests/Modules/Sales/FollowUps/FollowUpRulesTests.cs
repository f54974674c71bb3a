using Renhe.Modules.Sales.Customers;
using Renhe.Modules.Sales;
using Renhe.Modules.Sales.FollowUps;
using Renhe.Platform.Problems;

namespace Renhe.Tests.Modules.Sales.FollowUps;

public sealed class FollowUpRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero); // 10:00 in Shanghai
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static FollowUpInput Valid() => new() { CustomerId = Guid.NewGuid(), Kind = FollowUpKind.Call, Notes = "聊了报价", DurationMinutes = 15 };

    public static TheoryData<string, Action<FollowUpInput>, DateTimeOffset, string?> Cases => new()
    {
        { "a plain call", _ => { }, Now, null },
        { "a visit yesterday", _ => { }, Now.AddDays(-1), null },
        { "a phone two minutes ahead", _ => { }, Now.AddMinutes(2), null },
        { "ten minutes in the future", _ => { }, Now.AddMinutes(10), "at" },
        { "no notes", i => i.Notes = "  ", Now, "notes" },
        { "notes too long", i => i.Notes = new string('字', 2001), Now, "notes" },
        { "a whole day on the phone is the limit", i => i.DurationMinutes = 1440, Now, null },
        { "more than a day", i => i.DurationMinutes = 1441, Now, "durationMinutes" },
        { "negative duration", i => i.DurationMinutes = -1, Now, "durationMinutes" },
        { "next step today", i => i.NextDate = Today, Now, null },
        { "next step yesterday", i => i.NextDate = Today.AddDays(-1), Now, "nextDate" },
        { "objections too long", i => i.Objections = new string('异', 1001), Now, "objections" },
        { "next step too long", i => i.NextStep = new string('步', 501), Now, "nextStep" },
        { "no kind", i => i.Kind = null, Now, "kind" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_follow_up_is_refused_naming_the_field_at_fault(string example, Action<FollowUpInput> change, DateTimeOffset at, string? field)
    {
        var input = Valid();
        change(input);
        var error = Record.Exception(() => FollowUpRules.Validate(input, at, Now, Today));
        Assert.True(field is null ? error is null : error is DomainException d && d.Field == field, $"{example}: {error?.Message}");
    }

    [Theory]
    [InlineData("合同.pdf", new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D }, "application/pdf")]
    [InlineData("现场.JPG", new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "image/jpeg")]
    [InlineData("报价.xlsx", new byte[] { 0x50, 0x4B, 0x03, 0x04 }, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [InlineData("旧方案.doc", new byte[] { 0xD0, 0xCF, 0x11, 0xE0 }, "application/msword")]
    [InlineData("改名的程序.pdf", new byte[] { 0x4D, 0x5A, 0x90, 0x00 }, null)]
    [InlineData("脚本.exe", new byte[] { 0x4D, 0x5A, 0x90, 0x00 }, null)]
    [InlineData("说明.txt", new byte[] { 0x41, 0x42 }, null)]
    public void Attachments_are_images_pdf_or_office_documents_by_name_and_by_content(string name, byte[] head, string? type) =>
        Assert.Equal(type, Renhe.Platform.Files.AttachmentRules.ContentTypeFor(name, head));

    /// Coming back from a call made on the page, the form holds the minutes away: to the nearest
    /// minute, never 0 (the dialer was opened), never more than two hours (longer, the phone was put
    /// down and the person corrects it).
    [Theory]
    [InlineData(0, 1)]
    [InlineData(20, 1)]
    [InlineData(89, 1)]
    [InlineData(90, 2)]
    [InlineData(190, 3)]
    [InlineData(45 * 60 + 29, 45)]
    [InlineData(119 * 60 + 40, 120)]
    [InlineData(5 * 3600, 120)]
    [InlineData(-30, 1)] // the phone's clock went back during the call
    public void The_minutes_of_a_call_are_the_time_away_rounded_at_least_one_and_bounded(int seconds, int minutes) =>
        Assert.Equal(minutes, FollowUpRules.PrefilledCallMinutes(TimeSpan.FromSeconds(seconds)));
}
