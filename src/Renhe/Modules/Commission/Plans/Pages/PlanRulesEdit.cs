using Renhe.Platform.Formatting;

namespace Renhe.Modules.Commission.Plans.Pages;

/// The rules editor's state as people type it: rates and rate thresholds in percent, amounts in
/// yuan; <see cref="ToInput"/> gives the basis points and fen the service takes.
public sealed class PlanRulesEdit
{
    public sealed class Step
    {
        public CommissionMeasure Measure { get; set; } = CommissionMeasure.Conversion;
        public decimal? Threshold { get; set; }
        public decimal? RatePercent { get; set; }
    }

    public string EffectiveMonth { get; set; } = "";
    public string? Note { get; set; }
    public decimal? BaseRatePercent { get; set; }
    public CommissionMeasure TierMeasure { get; set; } = CommissionMeasure.Conversion;
    public TierApplication Application { get; set; } = TierApplication.Retroactive;
    public List<Step> Tiers { get; set; } = [];
    public List<Step> AddOns { get; set; } = [];
    public decimal? ManagerOverridePercent { get; set; }
    public decimal? GuaranteeYuan { get; set; }
    public int GuaranteeMonths { get; set; }
    public decimal? CapYuan { get; set; }
    public int? ConversionWindowDays { get; set; }
    public int RepurchaseWindowDays { get; set; } = 180;

    private static int Bp(decimal? percent) => (int)decimal.Round((percent ?? 0) * 100m, MidpointRounding.AwayFromZero);
    private static decimal Percent(long bp) => decimal.Divide(bp, 100);
    private static long ThresholdValue(CommissionMeasure m, decimal? shown) => PlanRules.IsRate(m) ? Bp(shown) : MoneyFormat.ToFen(shown ?? 0);
    private static decimal ThresholdShown(CommissionMeasure m, long value) => PlanRules.IsRate(m) ? Percent(value) : MoneyFormat.ToYuan(value);

    public PlanRulesInput ToInput() => new()
    {
        BaseRateBp = Bp(BaseRatePercent), TierMeasure = TierMeasure, Application = Application,
        Tiers = Tiers.Select(t => new PlanTierInput(ThresholdValue(TierMeasure, t.Threshold), Bp(t.RatePercent))).ToList(),
        AddOns = AddOns.Select(a => new PlanAddOnInput(a.Measure, ThresholdValue(a.Measure, a.Threshold), Bp(a.RatePercent))).ToList(),
        ManagerOverrideBp = Bp(ManagerOverridePercent), GuaranteeFen = MoneyFormat.ToFen(GuaranteeYuan ?? 0), GuaranteeMonths = GuaranteeMonths,
        CapFen = CapYuan is { } cap ? MoneyFormat.ToFen(cap) : null, ConversionWindowDays = ConversionWindowDays, RepurchaseWindowDays = RepurchaseWindowDays,
    };

    public static PlanRulesEdit From(PlanRules r, DateOnly month, string? note) => new()
    {
        EffectiveMonth = month.ToString("yyyy-MM"), Note = note,
        BaseRatePercent = Percent(r.BaseRateBp), TierMeasure = r.TierMeasure, Application = r.Application,
        Tiers = r.Tiers.Select(t => new Step { Measure = r.TierMeasure, Threshold = ThresholdShown(r.TierMeasure, t.Threshold), RatePercent = Percent(t.RateBp) }).ToList(),
        AddOns = r.AddOns.Select(a => new Step { Measure = a.Measure, Threshold = ThresholdShown(a.Measure, a.Threshold), RatePercent = Percent(a.RateBp) }).ToList(),
        ManagerOverridePercent = Percent(r.ManagerOverrideBp), GuaranteeYuan = MoneyFormat.ToYuan(r.GuaranteeFen), GuaranteeMonths = r.GuaranteeMonths,
        CapYuan = MoneyFormat.ToYuan(r.CapFen), ConversionWindowDays = r.ConversionWindowDays, RepurchaseWindowDays = r.RepurchaseWindowDays,
    };
}
