using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Renhe.Platform.Localization;

/// A module's own resources: the marker type its resx pair sits beside (for example
/// Renhe.Modules.Sales.SalesStrings with Modules/Sales/SalesStrings.resx and SalesStrings.en.resx).
internal sealed record ModuleStrings(Type ResourceType);

/// The <see cref="IStringLocalizer{Strings}"/> every page and service uses (the <c>L</c> of every
/// component): a key is looked up in the platform's resources (Strings.resx), then in each
/// module's (registered with AddModuleStrings), so code never needs to know which module owns a key.
/// Each part is the framework's own localizer from <see cref="IStringLocalizerFactory"/>: culture
/// fallback (en, then the zh-CN neutral resources) and the satellite assemblies work as they do for
/// a single resource file. A key lives in exactly one of the files (LocalizationTests checks it),
/// so the order of the search never changes the answer.
internal sealed class ModularStringLocalizer : IStringLocalizer<Strings>
{
    private readonly IStringLocalizer[] _parts;

    public ModularStringLocalizer(IStringLocalizerFactory factory, IEnumerable<ModuleStrings> modules) =>
        _parts = [factory.Create(typeof(Strings)), .. modules.Select(m => m.ResourceType).Distinct().Select(factory.Create)];

    public LocalizedString this[string name]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(name);
            List<string>? searched = null;
            foreach (var part in _parts)
            {
                var text = part[name];
                if (!text.ResourceNotFound) return text;
                (searched ??= []).Add(text.SearchedLocation ?? "");
            }
            return new LocalizedString(name, name, resourceNotFound: true, searchedLocation: string.Join("; ", searched!));
        }
    }

    /// Formats as the framework's localizer does: with the current culture, and the key itself
    /// as the format when no resource has it.
    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var format = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, format.Value, arguments),
                format.ResourceNotFound, format.SearchedLocation);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        _parts.SelectMany(part => part.GetAllStrings(includeParentCultures));
}
