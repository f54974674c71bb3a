using Renhe.Modules.Commission.Plans;
using Renhe.Platform.Problems;

namespace Renhe.Tests.Modules.Commission;

/// A plan no one could mean is refused with the reason and the field as the plan editor names it.
public sealed class PlanRulesTests
{
    private static readonly PlanRules Brief = PlanRules.Brief;

    public static TheoryData<string, PlanRules, string, string> Refusals => new()
    {
        { "thresholds falling", Brief with { Tiers = [new PlanTier(2_500, 300), new PlanTier(2_000, 400)] }, "Commission.Plan.ThresholdsNotIncreasing", "rules.tiers[1].threshold" },
        { "thresholds equal", Brief with { Tiers = [new PlanTier(2_000, 300), new PlanTier(2_500, 400), new PlanTier(2_500, 500)] }, "Commission.Plan.ThresholdsNotIncreasing", "rules.tiers[2].threshold" },
        { "a negative base rate", Brief with { BaseRateBp = -1 }, "Commission.Plan.RateRange", "rules.baseRateBp" },
        { "a base rate above 100 %", Brief with { BaseRateBp = 10_001 }, "Commission.Plan.RateRange", "rules.baseRateBp" },
        { "a tier rate above 100 %", Brief with { Tiers = [new PlanTier(2_000, 10_001)] }, "Commission.Plan.RateRange", "rules.tiers[0].rateBp" },
        { "a negative tier rate", Brief with { Tiers = [new PlanTier(2_000, 300), new PlanTier(2_500, -400)] }, "Commission.Plan.RateRange", "rules.tiers[1].rateBp" },
        { "a negative add-on rate", Brief with { AddOns = [new PlanAddOn(CommissionMeasure.Repurchase, 3_000, -100)] }, "Commission.Plan.RateRange", "rules.addOns[0].rateBp" },
        { "an override above 100 %", Brief with { ManagerOverrideBp = 10_001 }, "Commission.Plan.RateRange", "rules.managerOverrideBp" },
        { "an undefined tier measure", Brief with { TierMeasure = (CommissionMeasure)9 }, "Commission.Plan.UnknownMeasure", "rules.tierMeasure" },
        { "an undefined add-on measure", Brief with { AddOns = [new PlanAddOn((CommissionMeasure)(-1), 3_000, 100)] }, "Commission.Plan.UnknownMeasure", "rules.addOns[0].measure" },
        { "an undefined application", Brief with { Application = (TierApplication)5 }, "Commission.Plan.UnknownApplication", "rules.application" },
        { "marginal on conversion", Brief with { Application = TierApplication.Marginal }, "Commission.Plan.MarginalNeedsAmount", "rules.application" },
        { "marginal on repurchase", Brief with { Application = TierApplication.Marginal, TierMeasure = CommissionMeasure.Repurchase }, "Commission.Plan.MarginalNeedsAmount", "rules.application" },
        { "a threshold of nothing", Brief with { Tiers = [new PlanTier(0, 300)] }, "Commission.Plan.ThresholdRange", "rules.tiers[0].threshold" },
        { "a conversion threshold above 100 %", Brief with { Tiers = [new PlanTier(10_001, 300)] }, "Commission.Plan.ThresholdRange", "rules.tiers[0].threshold" },
        { "an attainment threshold above 1000 %", Brief with { TierMeasure = CommissionMeasure.Attainment, Tiers = [new PlanTier(100_001, 300)] }, "Commission.Plan.ThresholdRange", "rules.tiers[0].threshold" },
        { "an add-on threshold above 100 %", Brief with { AddOns = [new PlanAddOn(CommissionMeasure.Repurchase, 10_001, 100)] }, "Commission.Plan.ThresholdRange", "rules.addOns[0].threshold" },
        { "eleven tiers", Brief with { Tiers = Enumerable.Range(1, 11).Select(i => new PlanTier(i * 100, 300)).ToList() }, "Commission.Plan.TooManyTiers", "rules.tiers" },
        { "eleven add-ons", Brief with { AddOns = Enumerable.Range(1, 11).Select(i => new PlanAddOn(CommissionMeasure.Repurchase, i * 100, 10)).ToList() }, "Commission.Plan.TooManyAddOns", "rules.addOns" },
        { "a guarantee without months", Brief with { GuaranteeMonths = 0 }, "Commission.Plan.GuaranteeMonths", "rules.guaranteeMonths" },
        { "a guarantee for 25 months", Brief with { GuaranteeMonths = 25 }, "Commission.Plan.GuaranteeMonths", "rules.guaranteeMonths" },
        { "a negative guarantee", Brief with { GuaranteeFen = -1 }, "Commission.Plan.Amount", "rules.guaranteeFen" },
        { "a guarantee above the cap", Brief with { CapFen = 99_999 }, "Commission.Plan.GuaranteeAboveCap", "rules.guaranteeFen" },
        { "a cap of nothing", Brief with { CapFen = 0, GuaranteeFen = 0, GuaranteeMonths = 0 }, "Commission.Plan.Amount", "rules.capFen" },
        { "a cap above ¥100,000,000", Brief with { CapFen = 10_000_000_001 }, "Commission.Plan.Amount", "rules.capFen" },
        { "a conversion window of no days", Brief with { ConversionWindowDays = 0 }, "Commission.Plan.Window", "rules.conversionWindowDays" },
        { "a conversion window over two years", Brief with { ConversionWindowDays = 731 }, "Commission.Plan.Window", "rules.conversionWindowDays" },
        { "a repurchase window of no days", Brief with { RepurchaseWindowDays = 0 }, "Commission.Plan.Window", "rules.repurchaseWindowDays" },
        { "a repurchase window over two years", Brief with { RepurchaseWindowDays = 731 }, "Commission.Plan.Window", "rules.repurchaseWindowDays" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_bad_plan_is_refused_naming_the_field(string because, PlanRules rules, string key, string field)
    {
        var refusal = Assert.Throws<DomainException>(() => rules.Validate());
        Assert.True((key, field) == (refusal.MessageKey, refusal.Field), $"{because}: got {refusal.MessageKey} on {refusal.Field}");
        Assert.Equal(400, refusal.StatusCode);
    }

    public static TheoryData<string, PlanRules> Accepted => new()
    {
        { "the brief's plan", Brief },
        { "rates of 0 % and 100 %", Brief with { BaseRateBp = 0, Tiers = [new PlanTier(2_000, 10_000)] } },
        { "a threshold of 100 %", Brief with { Tiers = [new PlanTier(10_000, 300)] } },
        { "marginal on net sales", Brief with { Application = TierApplication.Marginal, TierMeasure = CommissionMeasure.NetSales, Tiers = [new PlanTier(100_000, 300)] } },
        { "marginal on attainment", Brief with { Application = TierApplication.Marginal, TierMeasure = CommissionMeasure.Attainment, Tiers = [new PlanTier(8_000, 300)] } },
        { "no tiers, no add-ons, no guarantee", new PlanRules { BaseRateBp = 300 } },
        { "a guarantee equal to the cap", Brief with { CapFen = 100_000 } },
        { "windows of 1 and 730 days", Brief with { ConversionWindowDays = 1, RepurchaseWindowDays = 730 } },
        { "ten tiers", Brief with { Tiers = Enumerable.Range(1, 10).Select(i => new PlanTier(i * 100, 300)).ToList() } },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void A_plan_someone_could_mean_is_accepted(string because, PlanRules rules)
    {
        var ex = Record.Exception(() => rules.Validate());
        Assert.True(ex is null, $"{because}: {ex?.Message}");
    }

    [Fact]
    public void The_brief_is_the_seeds_plan()
    {
        Assert.Equal((200, CommissionMeasure.Conversion, TierApplication.Retroactive), (Brief.BaseRateBp, Brief.TierMeasure, Brief.Application));
        Assert.Equal(new[] { new PlanTier(2_000, 300), new PlanTier(2_500, 400) }, Brief.Tiers);
        Assert.Equal(new[] { new PlanAddOn(CommissionMeasure.Repurchase, 3_000, 100) }, Brief.AddOns);
        Assert.Equal((50, 100_000L, 3, (long?)null, (int?)null, 180),
            (Brief.ManagerOverrideBp, Brief.GuaranteeFen, Brief.GuaranteeMonths, Brief.CapFen, Brief.ConversionWindowDays, Brief.RepurchaseWindowDays));
    }

    [Fact]
    public void Rules_survive_a_round_trip_through_their_stored_json()
    {
        var rules = Brief with
        {
            TierMeasure = CommissionMeasure.Attainment, Application = TierApplication.Marginal,
            Tiers = [new PlanTier(8_000, 300), new PlanTier(12_000, 500)],
            AddOns = [new PlanAddOn(CommissionMeasure.NetSales, 500_000, 50), new PlanAddOn(CommissionMeasure.Repurchase, 3_000, 100)],
            CapFen = 2_000_000, ConversionWindowDays = 90, RepurchaseWindowDays = 365,
        };
        var json = rules.ToJson();
        // Stored with the names and enum words the plan editor uses.
        Assert.Contains("\"tierMeasure\":\"Attainment\"", json, StringComparison.Ordinal);
        Assert.Contains("\"application\":\"Marginal\"", json, StringComparison.Ordinal);
        Assert.Contains("{\"measure\":\"NetSales\",\"threshold\":500000,\"rateBp\":50}", json, StringComparison.Ordinal);
        var back = PlanRules.FromJson(json);
        Assert.Equal(rules.Tiers, back.Tiers);
        Assert.Equal(rules.AddOns, back.AddOns);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(Brief.ToJson(), PlanRules.FromJson(Brief.ToJson()).ToJson());
    }

    [Fact]
    public void Absent_fields_take_their_defaults()
    {
        var rules = PlanRules.FromJson("{\"baseRateBp\":250}");
        Assert.Equal((250, CommissionMeasure.Conversion, TierApplication.Retroactive, 0, 0, 180),
            (rules.BaseRateBp, rules.TierMeasure, rules.Application, rules.Tiers.Count, rules.AddOns.Count, rules.RepurchaseWindowDays));
        rules.Validate();
    }

    [Theory]
    // JSON, key, field: what a client or an edited row may send
    [InlineData("{\"tierMeasure\":\"Revenue\"}", "Commission.Plan.UnknownMeasure", "rules.tierMeasure")]
    [InlineData("{\"addOns\":[{\"measure\":\"Repurchase\",\"threshold\":3000,\"rateBp\":100},{\"measure\":\"Margin\",\"threshold\":1,\"rateBp\":1}]}", "Commission.Plan.UnknownMeasure", "rules.addOns[1].measure")]
    [InlineData("{\"tierMeasure\":7}", "Commission.Plan.UnknownMeasure", "rules.tierMeasure")]
    [InlineData("{\"application\":\"Sideways\"}", "Commission.Plan.UnknownApplication", "rules.application")]
    [InlineData("{\"baseRateBp\":\"two\"}", "Validation.Format", "rules.baseRateBp")]
    [InlineData("{\"tiers\":[{\"threshold\":2000,\"rateBp\":300},null]}", "Validation.Required", "rules.tiers[1]")]
    [InlineData("{\"addOns\":[null]}", "Validation.Required", "rules.addOns[0]")]
    public void Json_a_plan_could_not_mean_is_refused_naming_the_field(string json, string key, string field)
    {
        var refusal = Assert.Throws<DomainException>(() => PlanRules.FromJson(json).Validate());
        Assert.Equal((key, field), (refusal.MessageKey, refusal.Field));
    }

    [Fact]
    public void Null_lists_in_json_are_no_tiers_and_no_add_ons()
    {
        var rules = PlanRules.FromJson("{\"baseRateBp\":250,\"tiers\":null,\"addOns\":null}");
        Assert.Empty(rules.Tiers);
        Assert.Empty(rules.AddOns);
        rules.Validate();
    }
}
