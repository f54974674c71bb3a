namespace Renhe.Modules.Sales;

/// Marker for the Sales module's UI and message text: SalesStrings.resx holds zh-CN (the default
/// language), SalesStrings.en.resx English. Registered in AddSales() with AddModuleStrings, so the
/// shared IStringLocalizer<Strings> finds these keys too; add keys with scripts/add-string.py.
public sealed class SalesStrings;
