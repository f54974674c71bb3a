namespace Renhe.Modules.Integrations;

/// Marker for the Integrations module's UI and message text (WeCom settings, directory, work
/// messages): IntegrationsStrings.resx holds zh-CN, IntegrationsStrings.en.resx English.
public sealed class IntegrationsStrings;
