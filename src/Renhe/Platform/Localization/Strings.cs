using System.Resources;

[assembly: NeutralResourcesLanguage("zh-CN")]

namespace Renhe.Platform.Localization;

/// Marker for the shared UI and message resources: Strings.resx holds zh-CN (the default
/// language), Strings.en.resx English. Add keys with scripts/add-string.py so both stay in step.
public sealed class Strings;
