namespace Renhe.Modules.Commission;

/// Marker for the Commission module's UI and message text: CommissionStrings.resx holds zh-CN (the
/// default language), CommissionStrings.en.resx English; add keys with scripts/add-string.py.
public sealed class CommissionStrings;
