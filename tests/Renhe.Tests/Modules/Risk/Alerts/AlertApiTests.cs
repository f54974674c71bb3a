using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Risk.Alerts;
using Renhe.Modules.Risk.Rules;
using Renhe.Platform.Audit;
using Renhe.Platform.Signals;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Risk.Alerts;

/// The triage queue over HTTP: who may see it, what a triager sees before and after revealing,
/// that a reveal reaches the person's own data-access log, dismissal and its races, and the rules
/// with their revisions and backtest.
public abstract class AlertApiSuite<TFactory>(TFactory factory) : DatabaseSuite<TFactory>(factory) where TFactory : RenheFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(Guid AlertId, Guid EmployeeId, string Name)> AlertAboutAsync(string userName, string ruleCode = "keyword-diversion")
    {
        await using var db = Factory.OpenDb();
        var employeeId = (await db.Users.Where(u => u.UserName == userName).Select(u => u.EmployeeId).SingleAsync(Ct))!.Value;
        var name = await db.Employees.Where(e => e.Id == employeeId).Select(e => e.Name).SingleAsync(Ct);
        var rule = await db.RiskRules.SingleAsync(r => r.Code == ruleCode, Ct);
        var at = DateTimeOffset.UtcNow.AddMinutes(-Random.Shared.Next(1, 10_000));
        var raised = new RaisedAlert(rule.Id, rule.Revision, employeeId, at, at.AddDays(-7), at, RiskSeverity.High,
            new AlertFacts { Template = RuleTemplate.KeywordHits, Observed = 3, Threshold = 2, RuleThreshold = 2, WindowDays = 7 },
            [new SignalRef(SignalRecordTypes.Archive, "999999")]);
        var alert = RiskAlert.From(raised, DateTimeOffset.UtcNow);
        db.RiskAlerts.Add(alert);
        await db.SaveChangesAsync(Ct);
        return (alert.Id, employeeId, name);
    }

    [Theory]
    [InlineData("auditor", HttpStatusCode.OK)]
    [InlineData("lisi", HttpStatusCode.Forbidden)]
    [InlineData("salesmgr", HttpStatusCode.Forbidden)]
    [InlineData("hr", HttpStatusCode.Forbidden)]
    [InlineData("owner", HttpStatusCode.Forbidden)]
    [InlineData("admin", HttpStatusCode.Forbidden)]
    public async Task Only_triagers_see_the_queue(string user, HttpStatusCode expected)
    {
        var client = await Factory.ClientForAsync(user);
        Assert.Equal(expected, (await client.GetAsync("/api/risk/alerts", Ct)).StatusCode);
        Assert.Equal(expected, (await client.GetAsync("/api/risk/alerts/scores", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_queue_shows_a_pseudonym_and_numbers_but_no_name_until_a_reveal_with_a_reason()
    {
        var (alertId, employeeId, name) = await AlertAboutAsync("xiaoli");
        var auditor = await Factory.ClientForAsync("auditor");

        var raw = await (await auditor.GetAsync("/api/risk/alerts?pageSize=200", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(name, raw);
        Assert.DoesNotContain(employeeId.ToString(), raw);
        var page = System.Text.Json.JsonSerializer.Deserialize<AlertPage>(raw, Http.Json)!;
        var row = Assert.Single(page.Items, i => i.Id == alertId);
        Assert.Matches("^员工-[0-9A-F]{6}$", row.Pseudonym);
        Assert.Contains("敏感词命中 3 次", row.Summary);

        var detailRaw = await (await auditor.GetAsync($"/api/risk/alerts/{alertId}", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(name, detailRaw);
        var detail = System.Text.Json.JsonSerializer.Deserialize<AlertDetail>(detailRaw, Http.Json)!;
        Assert.Null(detail.Person);
        Assert.All(detail.Records, r => Assert.Null(r.Title));

        var noReason = await auditor.PostAsJsonAsync($"/api/risk/alerts/{alertId}/reveal", new { reason = " " }, Ct);
        Assert.Equal("reason", Assert.Single((await noReason.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys));

        var person = await (await auditor.PostAsJsonAsync($"/api/risk/alerts/{alertId}/reveal", new { reason = "核实跑单线索" }, Ct)).ReadAsync<RevealedPerson>();
        Assert.Equal(name, person.Name);
        var after = await (await auditor.GetAsync($"/api/risk/alerts/{alertId}", Ct)).ReadAsync<AlertDetail>();
        Assert.Equal(name, after.Person!.Name);

        await using var db = Factory.OpenDb();
        var entry = await db.AuditEntries.SingleAsync(e => e.Entity == AlertService.RevealSubject && e.EntityKey == alertId.ToString(), Ct);
        Assert.Equal((employeeId, AuditAction.Read), (entry.SubjectEmployeeId!.Value, entry.Action));
        Assert.Contains("核实跑单线索", entry.Changes);

        // The person sees who looked, in their own data-access log.
        var mine = await (await Factory.ClientForAsync("xiaoli")).GetStringAsync("/api/me/data-access?pageSize=100", Ct);
        Assert.Contains("在风险预警中查看了你的身份", mine);
    }

    [Fact]
    public async Task Another_triager_who_did_not_reveal_still_sees_only_the_pseudonym()
    {
        var (alertId, _, name) = await AlertAboutAsync("zhangsan");
        await (await Factory.ClientForAsync("auditor")).PostAsJsonAsync($"/api/risk/alerts/{alertId}/reveal", new { reason = "复核" }, Ct);
        var second = await Factory.CreateUserAsync("auditor2-" + Guid.NewGuid().ToString("N")[..6], "auditor");
        await using (var db = Factory.OpenDb())
        {
            var userName = await db.Users.Where(u => u.Id == second).Select(u => u.UserName).SingleAsync(Ct);
            var other = await Factory.ClientForAsync(userName!);
            var raw = await (await other.GetAsync($"/api/risk/alerts/{alertId}", Ct)).Content.ReadAsStringAsync(Ct);
            Assert.DoesNotContain(name, raw);
        }
    }

    [Fact]
    public async Task Dismissing_needs_a_note_and_a_second_triage_of_the_same_version_is_told()
    {
        var (alertId, _, _) = await AlertAboutAsync("lisi");
        var auditor = await Factory.ClientForAsync("auditor");
        var detail = await (await auditor.GetAsync($"/api/risk/alerts/{alertId}", Ct)).ReadAsync<AlertDetail>();

        var empty = await auditor.PostAsJsonAsync($"/api/risk/alerts/{alertId}/dismiss",
            new { reason = "Justified", note = "", version = detail.Alert.Version }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        var first = await auditor.PostAsJsonAsync($"/api/risk/alerts/{alertId}/dismiss",
            new { reason = "Justified", note = "客户为其亲属，经主管确认", version = detail.Alert.Version }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        var second = await auditor.PostAsJsonAsync($"/api/risk/alerts/{alertId}/dismiss",
            new { reason = "FalsePositive", note = "误报", version = detail.Alert.Version }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);

        var after = await (await auditor.GetAsync($"/api/risk/alerts/{alertId}", Ct)).ReadAsync<AlertDetail>();
        Assert.Equal((AlertStatus.Dismissed, DismissReason.Justified, "客户为其亲属，经主管确认"),
            (after.Alert.Status, after.DismissReason!.Value, after.TriageNote!));
        var effectiveness = await (await auditor.GetAsync("/api/risk/alerts/effectiveness", Ct)).ReadAsync<List<RuleEffectiveness>>();
        Assert.True(effectiveness.Single(e => e.Rule == "跑单相关敏感词").Dismissed >= 1);
    }

    [Fact]
    public async Task An_alert_out_of_sight_and_a_missing_one_look_the_same()
    {
        var auditor = await Factory.ClientForAsync("auditor");
        var missing = await auditor.GetAsync($"/api/risk/alerts/{Guid.CreateVersion7()}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_risk_score_adds_points_per_alert_by_severity_and_shows_each_rules_share()
    {
        await AlertAboutAsync("xiaoli", "recalls-deletions");
        var auditor = await Factory.ClientForAsync("auditor");
        var scores = await (await auditor.GetAsync("/api/risk/alerts/scores", Ct)).ReadAsync<List<RiskScore>>();
        Assert.NotEmpty(scores);
        Assert.All(scores, s => Assert.Equal(s.Points, s.Contributions.Sum(c => c.Points)));
        Assert.Contains(scores, s => s.Contributions.Any(c => c.Rule == "撤回消息或删除客户高于常态" && c.Points == c.Alerts * 5));
    }

    // ---- rules ----

    [Theory]
    [InlineData("auditor", HttpStatusCode.OK)]
    [InlineData("admin", HttpStatusCode.OK)]
    [InlineData("lisi", HttpStatusCode.Forbidden)]
    [InlineData("hr", HttpStatusCode.Forbidden)]
    public async Task Rules_are_managed_by_auditors_and_administrators(string user, HttpStatusCode expected)
    {
        var client = await Factory.ClientForAsync(user);
        Assert.Equal(expected, (await client.GetAsync("/api/risk/rules", Ct)).StatusCode);
    }

    private static object Input(string name, RuleTemplate template, object settings) =>
        new { name, template = template.ToString(), severity = "Medium", enabled = false, settings, scope = (object?)null };

    private static object Settings(string? expression = null, int windowDays = 7, decimal threshold = 5) => new
    {
        windowDays, threshold, baselineDays = 28, factor = 3, minCount = 0, categories = Array.Empty<string>(),
        requireIncomplete = false, requireLeaving = false, leavingFactor = 1, leavingRaisesSeverity = false, expression,
    };

    [Theory]
    [InlineData("salary > 5", "salary")]
    [InlineData("recalls.ToString() == null", "method call")]
    [InlineData("recalls >", "第")]
    public async Task A_refused_custom_expression_is_a_400_naming_the_field_in_the_users_language(string expression, string mentions)
    {
        var auditor = await Factory.ClientForAsync("auditor");
        var response = await auditor.PostAsJsonAsync("/api/risk/rules", Input("自定义", RuleTemplate.Custom, Settings(expression)), Ct);
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        var message = Assert.Single(problem.Errors!["settings.expression"]);
        Assert.Contains(mentions, message);
        await using var db = Factory.OpenDb();
        Assert.False(await db.RiskRules.AnyAsync(r => r.Name == "自定义", Ct));
    }

    [Fact]
    public async Task Every_rule_change_is_a_revision_saying_who_changed_what_and_a_stale_edit_is_told()
    {
        var auditor = await Factory.ClientForAsync("auditor");
        var name = "撤回+跟进他人 " + Guid.NewGuid().ToString("N")[..4];
        var created = await (await auditor.PostAsJsonAsync("/api/risk/rules",
            Input(name, RuleTemplate.Custom, Settings("recalls + followUpsOther >= 4")), Ct)).ReadAsync<RuleRow>();
        Assert.Equal((1, false), (created.Revision, created.Enabled));

        var enable = new { rule = new { name, template = "Custom", severity = "High", enabled = true, settings = Settings("recalls + followUpsOther >= 4"), scope = (object?)null }, version = created.Version };
        var updated = await (await auditor.PutAsJsonAsync($"/api/risk/rules/{created.Id}", enable, Ct)).ReadAsync<RuleRow>();
        Assert.Equal((2, true, RiskSeverity.High), (updated.Revision, updated.Enabled, updated.Severity));
        var stale = await auditor.PutAsJsonAsync($"/api/risk/rules/{created.Id}", enable, Ct);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var revisions = await (await auditor.GetAsync($"/api/risk/rules/{created.Id}/revisions", Ct)).ReadAsync<List<RuleRevisionRow>>();
        Assert.Equal([2, 1], revisions.Select(r => r.Revision));
        Assert.Equal(("auditor", "severity, enabled"), (revisions[0].By, revisions[0].Changes));
        Assert.Contains("\"severity\":\"High\"", revisions[0].Snapshot);
    }

    [Fact]
    public async Task A_backtest_counts_alerts_people_and_weeks_without_storing_anything()
    {
        var auditor = await Factory.ClientForAsync("auditor");
        await using var db = Factory.OpenDb();
        var before = await db.RiskAlerts.CountAsync(Ct);
        var result = await (await auditor.PostAsJsonAsync("/api/risk/rules:backtest",
            new { rule = Input("回测", RuleTemplate.NonOwnedFollowUps, Settings(threshold: 0)), days = 90 }, Ct)).ReadAsync<BacktestResult>();
        Assert.Equal(90, result.Days);
        Assert.Equal(result.Alerts, result.Weeks.Sum(w => w.Alerts));
        Assert.True(result.People <= result.Alerts);
        Assert.All(result.Pseudonyms, p => Assert.Matches("^员工-[0-9A-F]{6}$", p));
        Assert.InRange(result.Weeks.Count, 13, 15);
        Assert.Equal(before, await db.RiskAlerts.CountAsync(Ct));

        var tooLong = await auditor.PostAsJsonAsync("/api/risk/rules:backtest",
            new { rule = Input("回测", RuleTemplate.NonOwnedFollowUps, Settings()), days = 181 }, Ct);
        Assert.Equal("days", Assert.Single((await tooLong.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys));
    }
}

[Trait("Category", "Integration")]
public sealed class SqliteAlertApiTests(SqliteRenheFactory factory) : AlertApiSuite<SqliteRenheFactory>(factory), IClassFixture<SqliteRenheFactory>;

[Trait("Category", "Postgres")]
public sealed class PostgresAlertApiTests(PostgresRenheFactory factory) : AlertApiSuite<PostgresRenheFactory>(factory), IClassFixture<PostgresRenheFactory>;
