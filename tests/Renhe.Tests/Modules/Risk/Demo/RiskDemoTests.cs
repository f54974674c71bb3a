using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Risk.Alerts;
using Renhe.Modules.Risk.Cases;
using Renhe.Modules.Risk.Demo;
using Renhe.Modules.Risk.Evidence;
using Renhe.Modules.Risk.Rules;
using Renhe.Platform.Security;
using Renhe.Tests.Infrastructure;

namespace Renhe.Tests.Modules.Risk.Demo;

/// The demo as the auditor meets it: 小李's planted diversion raises alerts from at least three
/// rules under the default thresholds, the others few; one alert dismissed as justified; a case
/// opened from 小李's alerts whose package verifies with nothing but the package.
[Trait("Category", "Integration")]
public sealed class RiskDemoTests(RiskDemoTests.DemoFactory factory) : IClassFixture<RiskDemoTests.DemoFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Xiaolis_diversion_raises_alerts_from_three_rules_and_the_others_few()
    {
        await using var db = factory.OpenDb();
        var xiaoli = await db.Employees.Where(e => e.Name == DemoRiskSeeder.Diverter).Select(e => e.Id).SingleAsync(Ct);
        var alerts = await db.RiskAlerts.AsNoTracking().Join(db.RiskRules, a => a.RuleId, r => r.Id, (a, r) => new { a.EmployeeId, r.Code, a.Status })
            .ToListAsync(Ct);
        var names = await db.Employees.ToDictionaryAsync(e => e.Id, e => e.Name, Ct);
        var report = string.Join("\n", alerts.GroupBy(a => (names[a.EmployeeId], a.Code))
            .OrderBy(g => g.Key).Select(g => $"{g.Key.Item1} {g.Key.Code}: {g.Count()}"));
        var people = await db.Employees.CountAsync(Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"{people} people\n{report}");

        var hers = alerts.Where(a => a.EmployeeId == xiaoli).Select(a => a.Code).Distinct().ToList();
        Assert.True(hers.Count >= 3, report);
        Assert.Contains("keyword-diversion", hers);
        Assert.Contains("non-owned-follow-ups", hers);
        // Nobody else looks like her: the diversion rules raise nothing about anyone else; what the
        // others raise is about their work (silent days, a conversion drop), at most about one a month each.
        string[] diversion = ["keyword-diversion", "non-owned-follow-ups", "recalls-deletions", "large-order-incomplete", "access-spike-leaving"];
        Assert.DoesNotContain(alerts, a => a.EmployeeId != xiaoli && diversion.Contains(a.Code));
        Assert.All(alerts.Where(a => a.EmployeeId != xiaoli).GroupBy(a => a.EmployeeId), g => Assert.True(g.Count() <= 6, report)); // about one a month
        Assert.Single(alerts, a => a.Status == AlertStatus.Dismissed);
    }

    [Fact]
    public async Task One_alert_is_dismissed_as_justified_and_one_case_is_open_with_evidence_under_legal_hold()
    {
        await using var db = factory.OpenDb();
        var dismissed = await db.RiskAlerts.SingleAsync(a => a.Status == AlertStatus.Dismissed, Ct);
        Assert.Equal((DismissReason.Justified, DemoRiskSeeder.DismissNote), (dismissed.DismissReason!.Value, dismissed.TriageNote!));
        var escalated = await db.RiskAlerts.Where(a => a.Status == AlertStatus.Escalated).ToListAsync(Ct);
        Assert.NotEmpty(escalated);
        var c = await db.Set<RiskCase>().Include(x => x.Evidence).Include(x => x.Subjects).SingleAsync(Ct);
        Assert.Equal((DemoRiskSeeder.CaseTitle, CaseStatus.Open), (c.Title, c.Status));
        Assert.All(escalated, a => Assert.Equal(c.Id, a.CaseId));
        Assert.Contains(c.Evidence, e => e.Kind == EvidenceKinds.Archive);
        Assert.All(c.Subjects, s => Assert.NotNull(s.LegalHoldId));
    }

    [Fact]
    public async Task The_demo_cases_package_verifies_offline()
    {
        await using var db = factory.OpenDb();
        var caseId = await db.Set<RiskCase>().Select(c => c.Id).SingleAsync(Ct);
        var name = "aud2fa" + Guid.NewGuid().ToString("N")[..6];
        await factory.CreateUserAsync(name, Roles.Auditor);
        var plain = await factory.ClientForAsync(name);
        var setup = await (await plain.PostAsync("/api/auth/totp/setup", null, Ct)).ReadAsync<Renhe.Platform.Auth.AuthenticatorSetup>();
        (await plain.PostAsJsonAsync("/api/auth/totp/enable", new { code = TotpCodes.For(setup.SharedKey) }, Ct)).EnsureSuccessStatusCode();
        var auditor = await factory.ClientForAsync(name, TotpCodes.For(setup.SharedKey));

        var response = await auditor.PostAsync($"/api/risk/cases/{caseId}/evidence-package", null, Ct);
        response.EnsureSuccessStatusCode();
        await using var zip = new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct));
        var result = EvidenceVerifier.Verify(zip);
        Assert.True(result.Verified, string.Join("\n", result.Checks));
        Assert.Contains(result.Checks, c => c.Seq is not null);
    }

    [Fact]
    public async Task The_backtest_of_a_default_rule_covers_the_last_90_days()
    {
        var auditor = await factory.ClientForAsync("auditor");
        var rules = await (await auditor.GetAsync("/api/risk/rules", Ct)).ReadAsync<List<RuleRow>>();
        var keyword = rules.Single(r => r.Code == "keyword-diversion");
        var result = await (await auditor.PostAsJsonAsync("/api/risk/rules:backtest", new
        {
            rule = new { keyword.Name, template = keyword.Template.ToString(), severity = keyword.Severity.ToString(), keyword.Enabled, settings = RuleSettingsInput.From(keyword.Settings), scope = (object?)null },
            days = 90,
        }, Ct)).ReadAsync<BacktestResult>();
        Assert.True(result.Alerts >= 1);
        Assert.True(result.Confirmed >= 1, "小李's escalated alert confirms the backtest's alert on her");
        Assert.Equal(100m, result.Precision);
    }

    public sealed class DemoFactory : RenheFactory
    {
        public override string ProviderName => "Sqlite";

        protected override IEnumerable<KeyValuePair<string, string>> DatabaseSettings() => [new("Database:Provider", "Sqlite")];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Demo:SalesActivity", "true");
        }
    }
}
