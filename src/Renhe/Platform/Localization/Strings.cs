using System.Resources;

[assembly: NeutralResourcesLanguage("zh-CN")]

namespace Renhe.Platform.Localization;

/// Marker for the platform's UI and message resources and for the localizer everything injects:
/// Strings.resx holds zh-CN (the default language), Strings.en.resx English. Each module keeps its
/// own text beside its code (Modules/Sales/SalesStrings.resx, ...), and IStringLocalizer&lt;Strings&gt;
/// resolves those keys too (see ModularStringLocalizer). A key used by several modules lives here.
/// Add keys with scripts/add-string.py so both languages stay in step.
public sealed class Strings;
