using System.Text.Json;
using System.Text.Json.Serialization;
using Renhe.Platform.Data;
using Renhe.Platform.Problems;

namespace Renhe.Modules.Risk.Rules;

/// An alert rule: a template with parameters, or a custom expression over signals; where it
/// applies, how severe its alerts are, and whether it is on. Every change makes a new
/// <see cref="Revision"/> and a <see cref="RiskRuleRevision"/> row saying who changed what, when.
public sealed class RiskRule : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// A stable name for the default rules ("keyword-diversion"); custom rules get "custom-…".
    public string Code { get; set; } = "";
    public string Name { get; private set; } = "";
    public RuleTemplate Template { get; private set; }
    public RiskSeverity Severity { get; private set; }
    public bool Enabled { get; private set; }
    public string SettingsJson { get; private set; } = "{}";
    public string ScopeJson { get; private set; } = "{}";
    public int Revision { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";
    public Guid Version { get; private set; } = Guid.NewGuid();

    public RuleSettings Settings => RuleJson.Read<RuleSettings>(SettingsJson);
    public RuleScope Scope => RuleJson.Read<RuleScope>(ScopeJson);

    public RuleDefinition Definition => new(Id, Revision, Name, Template, Severity, Settings, Scope);

    /// Applies an edit after checking it; returns the revision row to store, or null when nothing changed.
    public RiskRuleRevision? Change(string name, RuleTemplate template, RiskSeverity severity, bool enabled, RuleSettings settings,
        RuleScope scope, string by, DateTimeOffset at)
    {
        Check(template, settings);
        var settingsJson = RuleJson.Write(settings);
        var scopeJson = RuleJson.Write(scope);
        var changes = new List<string>();
        if (Name != name) changes.Add("name");
        if (Template != template) changes.Add("template");
        if (Severity != severity) changes.Add("severity");
        if (Enabled != enabled) changes.Add(enabled ? "enabled" : "disabled");
        if (SettingsJson != settingsJson) changes.Add("settings");
        if (ScopeJson != scopeJson) changes.Add("scope");
        if (changes.Count == 0 && Revision > 0) return null;
        (Name, Template, Severity, Enabled, SettingsJson, ScopeJson) = (name, template, severity, enabled, settingsJson, scopeJson);
        Revision++;
        UpdatedAt = at;
        UpdatedBy = by;
        return new RiskRuleRevision
        {
            RuleId = Id, Revision = Revision, At = at, By = by,
            Changes = Revision == 1 ? "created" : string.Join(", ", changes),
            Snapshot = RuleJson.Write(new RuleSnapshot(name, template, severity, enabled, settings, scope)),
        };
    }

    /// The rules a template's parameters must satisfy; a custom expression must compile in the sandbox.
    public static void Check(RuleTemplate template, RuleSettings s)
    {
        static DomainException Bad(string field, string key, params object[] args) => new(key, args) { Field = "settings." + field };
        if (s.WindowDays is < 1 or > 180) throw Bad("windowDays", "Risk.Rule.WindowDays", 1, 180);
        if (s.BaselineDays is < 0 or > 365) throw Bad("baselineDays", "Risk.Rule.BaselineDays", 0, 365);
        if (s.Threshold is < 0 or > 100_000) throw Bad("threshold", "Risk.Rule.Threshold", 0, 100_000);
        if (s.Factor is < 0 or > 1000) throw Bad("factor", "Risk.Rule.Factor", 0, 1000);
        if (s.MinCount is < 0 or > 100_000) throw Bad("minCount", "Risk.Rule.MinCount", 0, 100_000);
        if (s.LeavingFactor is <= 0 or > 10) throw Bad("leavingFactor", "Risk.Rule.LeavingFactor");
        if (s.Categories.Count > 20 || s.Categories.Any(c => c.Length is 0 or > 50)) throw Bad("categories", "Risk.Rule.Categories");
        switch (template)
        {
            case RuleTemplate.NoFollowUpDays when s.Threshold is < 1 or > 30:
                throw Bad("threshold", "Risk.Rule.Threshold", 1, 30);
            case RuleTemplate.ConversionDrop when s.Threshold is <= 0 or > 100:
            case RuleTemplate.HighConversionLowRepurchase when s.Threshold is <= 0 or > 100 || s.Factor > 100:
                throw Bad("threshold", "Risk.Rule.Threshold", 0, 100);
            case RuleTemplate.LargeOrder when s.Factor < 1:
                throw Bad("factor", "Risk.Rule.Factor", 1, 1000);
            case RuleTemplate.Custom:
                var expression = RuleExpression.Compile(s.Expression ?? "");
                if (expression.Triggers.Count == 0) throw Bad("expression", "Risk.Rule.ExpressionNoSignal");
                break;
        }
    }
}

public sealed record RuleSnapshot(string Name, RuleTemplate Template, RiskSeverity Severity, bool Enabled, RuleSettings Settings, RuleScope Scope);

/// One change of a rule: who, when, what changed, and the rule as it was after.
public sealed class RiskRuleRevision
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid RuleId { get; set; }
    public int Revision { get; set; }
    public DateTimeOffset At { get; set; }
    public string By { get; set; } = "";
    public string Changes { get; set; } = "";
    public string Snapshot { get; set; } = "{}";
}

public static class RuleJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // Names and reasons stay readable in stored JSON and in the audit log.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) where T : new() => JsonSerializer.Deserialize<T>(json, Options) ?? new T();
}
