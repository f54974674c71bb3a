using System.Text.Json;
using System.Text.Json.Serialization;
using Renhe.Platform.Measures;
using Renhe.Platform.Problems;

namespace Renhe.Modules.Commission.Plans;

/// What a tier or an add-on is measured on. Rates (conversion, repurchase, attainment) have
/// thresholds in basis points (2500 = 25 %), net sales in fen.
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum CommissionMeasure { Conversion, Repurchase, NetSales, Attainment }

/// Retroactive: the month's whole net sales at the rate of the highest tier reached (the brief's
/// plan). Marginal: each band of net sales at its own tier's rate (only for amount-like measures).
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum TierApplication { Retroactive, Marginal }

/// From <see cref="Threshold"/> on (inclusive), the rate is <see cref="RateBp"/> (1 bp = 0.01 %).
public sealed record PlanTier(long Threshold, int RateBp);

/// While <see cref="Measure"/> meets <see cref="Threshold"/>, <see cref="RateBp"/> is added to every order's rate.
public sealed record PlanAddOn(CommissionMeasure Measure, long Threshold, int RateBp);

/// One plan version's rules: pure data, stored as JSON on the version and read by the commission
/// kernel. <see cref="Validate"/> is the one check every path (page, API, demo) goes through.
public sealed record PlanRules
{
    public int BaseRateBp { get; init; }
    public CommissionMeasure TierMeasure { get; init; } = CommissionMeasure.Conversion;
    /// The ladder, lowest threshold first; JSON's null is no tiers.
    public IReadOnlyList<PlanTier> Tiers { get => _tiers; init => _tiers = value ?? []; }
    public TierApplication Application { get; init; } = TierApplication.Retroactive;
    public IReadOnlyList<PlanAddOn> AddOns { get => _addOns; init => _addOns = value ?? []; }
    /// A sales manager's rate on the net sales of the teams they manage (0: none).
    public int ManagerOverrideBp { get; init; }
    /// 保底: a person in probation within their first <see cref="GuaranteeMonths"/> months of
    /// service earns at least this much (0: none).
    public long GuaranteeFen { get; init; }
    public int GuaranteeMonths { get; init; }
    /// The most a person's computed commission (orders and override) may reach in a month; null: no cap.
    public long? CapFen { get; init; }
    /// Conversion over a trailing window of this many days ending with the month; null: the month.
    public int? ConversionWindowDays { get; init; }
    /// Repurchase counts customers whose first order lies in this many days before the month.
    public int RepurchaseWindowDays { get; init; } = 180;

    public const int MaxTiers = 10;
    public const int MaxAddOns = 10;
    public const int MaxWindowDays = 730;
    public const int MaxGuaranteeMonths = 24;

    private readonly IReadOnlyList<PlanTier> _tiers = [];
    private readonly IReadOnlyList<PlanAddOn> _addOns = [];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// The rules from their JSON. JSON that cannot be rules (a measure or application this version
    /// does not know, a word where a number belongs) is refused like <see cref="Validate"/> refuses,
    /// naming the field, instead of surfacing as a serializer error.
    public static PlanRules FromJson(string json, string prefix = "rules")
    {
        try
        {
            return JsonSerializer.Deserialize<PlanRules>(json, Json) ?? new PlanRules();
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 1 } path && path.StartsWith('$') ? prefix + path[1..] : prefix;
            var name = field[(field.LastIndexOf('.') + 1)..];
            var key = name switch
            {
                "tierMeasure" or "measure" => "Commission.Plan.UnknownMeasure",
                "application" => "Commission.Plan.UnknownApplication",
                _ => "Validation.Format",
            };
            throw new DomainException(key, field) { Field = field };
        }
    }

    public static bool IsRate(CommissionMeasure m) => m is not CommissionMeasure.NetSales;

    /// The measure's value as a rate the thresholds are compared with; net sales as an amount.
    public static bool Meets(PersonMeasures m, CommissionMeasure measure, long threshold) => measure switch
    {
        CommissionMeasure.Conversion => m.Conversion.Meets(threshold),
        CommissionMeasure.Repurchase => m.Repurchase.Meets(threshold),
        CommissionMeasure.Attainment => m.Attainment.Meets(threshold),
        CommissionMeasure.NetSales => m.NetSalesFen >= threshold,
        _ => false,
    };

    /// Refuses a plan no one could mean, naming the field as the plan editor shows it.
    public void Validate(string prefix = "rules")
    {
        static DomainException Bad(string key, string field, params object[] args) => new(key, args) { Field = field };
        CheckRate(BaseRateBp, $"{prefix}.baseRateBp");
        if (!Enum.IsDefined(TierMeasure)) throw Bad("Commission.Plan.UnknownMeasure", $"{prefix}.tierMeasure");
        if (!Enum.IsDefined(Application)) throw Bad("Commission.Plan.UnknownApplication", $"{prefix}.application");
        if (Tiers.Count > MaxTiers) throw Bad("Commission.Plan.TooManyTiers", $"{prefix}.tiers", MaxTiers);
        for (var i = 0; i < Tiers.Count; i++)
        {
            var field = $"{prefix}.tiers[{i}]";
            if (Tiers[i] is null) throw Bad("Validation.Required", field, field);
            CheckThreshold(TierMeasure, Tiers[i].Threshold, $"{field}.threshold");
            CheckRate(Tiers[i].RateBp, $"{field}.rateBp");
            if (i > 0 && Tiers[i].Threshold <= Tiers[i - 1].Threshold)
                throw Bad("Commission.Plan.ThresholdsNotIncreasing", $"{field}.threshold", i + 1);
        }
        if (Application == TierApplication.Marginal && IsRate(TierMeasure) && TierMeasure != CommissionMeasure.Attainment)
            throw Bad("Commission.Plan.MarginalNeedsAmount", $"{prefix}.application");
        if (AddOns.Count > MaxAddOns) throw Bad("Commission.Plan.TooManyAddOns", $"{prefix}.addOns", MaxAddOns);
        for (var i = 0; i < AddOns.Count; i++)
        {
            var field = $"{prefix}.addOns[{i}]";
            if (AddOns[i] is null) throw Bad("Validation.Required", field, field);
            if (!Enum.IsDefined(AddOns[i].Measure)) throw Bad("Commission.Plan.UnknownMeasure", $"{field}.measure");
            CheckThreshold(AddOns[i].Measure, AddOns[i].Threshold, $"{field}.threshold");
            CheckRate(AddOns[i].RateBp, $"{field}.rateBp");
        }
        CheckRate(ManagerOverrideBp, $"{prefix}.managerOverrideBp");
        if (GuaranteeFen < 0 || GuaranteeFen > Platform.Validation.FieldLimits.AmountFen) throw Bad("Commission.Plan.Amount", $"{prefix}.guaranteeFen");
        if (GuaranteeMonths < 0 || GuaranteeMonths > MaxGuaranteeMonths) throw Bad("Commission.Plan.GuaranteeMonths", $"{prefix}.guaranteeMonths", MaxGuaranteeMonths);
        if (GuaranteeFen > 0 && GuaranteeMonths == 0) throw Bad("Commission.Plan.GuaranteeMonths", $"{prefix}.guaranteeMonths", MaxGuaranteeMonths);
        if (CapFen is { } cap && (cap <= 0 || cap > Platform.Validation.FieldLimits.AmountFen)) throw Bad("Commission.Plan.Amount", $"{prefix}.capFen");
        if (CapFen is { } c && GuaranteeFen > c) throw Bad("Commission.Plan.GuaranteeAboveCap", $"{prefix}.guaranteeFen");
        if (ConversionWindowDays is { } w && (w < 1 || w > MaxWindowDays)) throw Bad("Commission.Plan.Window", $"{prefix}.conversionWindowDays", MaxWindowDays);
        if (RepurchaseWindowDays < 1 || RepurchaseWindowDays > MaxWindowDays) throw Bad("Commission.Plan.Window", $"{prefix}.repurchaseWindowDays", MaxWindowDays);
    }

    private static void CheckRate(int bp, string field)
    {
        if (bp < 0 || bp > Rate.Whole) throw new DomainException("Commission.Plan.RateRange") { Field = field };
    }

    private static void CheckThreshold(CommissionMeasure measure, long threshold, string field)
    {
        var max = measure switch
        {
            CommissionMeasure.NetSales => Platform.Validation.FieldLimits.AmountFen,
            CommissionMeasure.Attainment => 10 * Rate.Whole, // up to 1000 % of target
            _ => Rate.Whole,
        };
        if (threshold <= 0 || threshold > max) throw new DomainException("Commission.Plan.ThresholdRange") { Field = field };
    }

    /// The plan of the brief (seed 000, part 四): below 20 % conversion 2 %, from 20 % 3 %, from
    /// 25 % 4 %; repurchase from 30 % adds 1 %; a sales manager earns 0.5 % of the team's net sales;
    /// people in probation are guaranteed ¥1,000 for their first three months.
    public static readonly PlanRules Brief = new()
    {
        BaseRateBp = 200,
        TierMeasure = CommissionMeasure.Conversion,
        Tiers = [new PlanTier(2000, 300), new PlanTier(2500, 400)],
        AddOns = [new PlanAddOn(CommissionMeasure.Repurchase, 3000, 100)],
        ManagerOverrideBp = 50,
        GuaranteeFen = 100_000,
        GuaranteeMonths = 3,
    };
}
