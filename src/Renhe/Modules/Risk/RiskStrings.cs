namespace Renhe.Modules.Risk;

/// Marker for the Risk module's UI and message text: RiskStrings.resx holds zh-CN (the default
/// language), RiskStrings.en.resx English. Registered in AddRisk() with AddModuleStrings, so the
/// shared IStringLocalizer<Strings> finds these keys too; add keys with scripts/add-string.py.
public sealed class RiskStrings;
