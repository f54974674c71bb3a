using Microsoft.AspNetCore.Http;
using Renhe.Modules.Risk.Cases;
using Renhe.Platform.Problems;

namespace Renhe.Tests.Modules.Risk.Cases;

/// The case's rules: which status may follow which, closing needs an outcome and a note, a closed
/// case is read-only, evidence is held once.
public sealed class RiskCaseTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    private static RiskCase NewCase() => RiskCase.Open("AJ-2026-0001", "私单调查", [Guid.NewGuid()], Guid.NewGuid(), "auditor", T0);

    private static RiskCase InStatus(CaseStatus status)
    {
        var c = NewCase();
        if (status == CaseStatus.Open) return c;
        c.MoveTo(CaseStatus.UnderReview, null, null, "auditor", T0);
        if (status == CaseStatus.Closed) c.MoveTo(CaseStatus.Closed, CaseOutcome.Warning, "口头警告", "auditor", T0);
        return c;
    }

    [Theory]
    [InlineData(CaseStatus.Open, CaseStatus.UnderReview, true)]
    [InlineData(CaseStatus.Open, CaseStatus.Closed, false)]
    [InlineData(CaseStatus.Open, CaseStatus.Open, false)]
    [InlineData(CaseStatus.UnderReview, CaseStatus.Open, true)]
    [InlineData(CaseStatus.UnderReview, CaseStatus.Closed, true)]
    [InlineData(CaseStatus.Closed, CaseStatus.Open, false)]
    [InlineData(CaseStatus.Closed, CaseStatus.UnderReview, false)]
    public void Status_moves_only_along_the_table(CaseStatus from, CaseStatus to, bool allowed)
    {
        var c = InStatus(from);
        var move = () => c.MoveTo(to, CaseOutcome.NoIssue, "查无实据", "auditor", T0.AddDays(1));
        if (allowed)
        {
            var e = move();
            Assert.Equal(to, c.Status);
            Assert.Equal(CaseEventKind.StatusChanged, e.Kind);
        }
        else
        {
            var ex = Assert.ThrowsAny<DomainException>(() => move());
            Assert.Equal(StatusCodes.Status409Conflict, ex.StatusCode);
            Assert.Equal(from, c.Status);
        }
    }

    [Theory]
    [InlineData(null, "说明", "outcome")]
    [InlineData(CaseOutcome.Dismissal, null, "closingNote")]
    [InlineData(CaseOutcome.Dismissal, "  ", "closingNote")]
    public void Closing_needs_an_outcome_and_a_note(CaseOutcome? outcome, string? note, string field)
    {
        var c = InStatus(CaseStatus.UnderReview);
        var ex = Assert.ThrowsAny<DomainException>(() => c.MoveTo(CaseStatus.Closed, outcome, note, "auditor", T0));
        Assert.Equal(field, ex.Field);
        Assert.Equal(CaseStatus.UnderReview, c.Status);
        Assert.Null(c.ClosedAt);
    }

    [Fact]
    public void Closing_records_outcome_note_time_and_who()
    {
        var c = InStatus(CaseStatus.UnderReview);
        c.MoveTo(CaseStatus.Closed, CaseOutcome.Referred, " 移交公安 ", "auditor", T0.AddDays(3));
        Assert.Equal((CaseOutcome.Referred, "移交公安", T0.AddDays(3), "auditor"), (c.Outcome!.Value, c.ClosingNote!, c.ClosedAt!.Value, c.ClosedBy!));
    }

    public static TheoryData<string, Action<RiskCase>> Edits => new()
    {
        { "note", c => c.AddNote("补充", "auditor", T0) },
        { "evidence", c => c.AddEvidence(EvidenceKinds.Alert, Guid.NewGuid().ToString(), "auditor", T0, out _) },
        { "rename", c => c.Rename("新标题", "auditor", T0) },
        { "remove evidence", c => c.RemoveEvidence(new RiskCaseEvidence { Kind = "alert", Key = "x" }, "auditor", T0) },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void A_closed_case_is_read_only_and_an_active_one_is_not(string edit, Action<RiskCase> change)
    {
        change(InStatus(CaseStatus.Open));
        change(InStatus(CaseStatus.UnderReview));
        var ex = Assert.ThrowsAny<DomainException>(() => change(InStatus(CaseStatus.Closed)));
        Assert.True(ex.StatusCode == StatusCodes.Status409Conflict, edit);
    }

    [Theory]
    [InlineData("alert", true)]
    [InlineData("archive", true)]
    [InlineData("acknowledgement", true)]
    [InlineData("salary", false)]
    public void Evidence_kinds_are_a_closed_list_and_each_record_is_held_once(string kind, bool known)
    {
        var c = NewCase();
        if (!known)
        {
            Assert.Equal("kind", Assert.ThrowsAny<DomainException>(() => c.AddEvidence(kind, "1", "auditor", T0, out _)).Field);
            return;
        }
        var item = c.AddEvidence(kind, "42", "auditor", T0, out var added);
        Assert.Equal((kind, "42", "auditor", T0, CaseEventKind.EvidenceAdded), (item.Kind, item.Key, item.AddedBy, item.AddedAt, added.Kind));
        Assert.Equal(StatusCodes.Status409Conflict, Assert.ThrowsAny<DomainException>(() => c.AddEvidence(kind, "42", "auditor", T0, out _)).StatusCode);
    }

    [Fact]
    public void Opening_needs_a_title_and_a_subject()
    {
        Assert.Equal("title", Assert.ThrowsAny<DomainException>(() => RiskCase.Open("n", " ", [Guid.NewGuid()], Guid.NewGuid(), "a", T0)).Field);
        Assert.Equal("subjectEmployeeIds", Assert.ThrowsAny<DomainException>(() => RiskCase.Open("n", "t", [], Guid.NewGuid(), "a", T0)).Field);
        var c = NewCase();
        Assert.Equal(CaseStatus.Open, c.Status);
        Assert.Single(c.Investigators);
        Assert.Equal(CaseEventKind.Opened, Assert.Single(c.Events).Kind);
    }
}
