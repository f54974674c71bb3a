namespace Renhe.Modules.Org;

/// Marker for the Org module's UI and message text: OrgStrings.resx holds zh-CN (the default
/// language), OrgStrings.en.resx English. Registered in AddOrg() with AddModuleStrings, so the
/// shared IStringLocalizer<Strings> finds these keys too; add keys with scripts/add-string.py.
public sealed class OrgStrings;
