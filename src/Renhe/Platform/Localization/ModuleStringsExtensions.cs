using Microsoft.Extensions.Localization;

namespace Renhe.Platform.Localization;

public static class ModuleStringsExtensions
{
    /// The framework's resource-based localization, with <see cref="IStringLocalizer{Strings}"/>
    /// answering from the platform's resources and every module's (see <see cref="ModularStringLocalizer"/>).
    /// No ResourcesPath: each resx pair sits beside its marker type and is embedded under that type's
    /// full name (RootNamespace plus folder, e.g. Renhe.Modules.Sales.SalesStrings), which is the name
    /// the factory looks for.
    public static IServiceCollection AddModularLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        // A closed registration wins over AddLocalization's open StringLocalizer<>. The parts are the
        // factory's cached, thread-safe localizers that read the culture on each call: one instance serves all.
        services.AddSingleton<IStringLocalizer<Strings>, ModularStringLocalizer>();
        return services;
    }

    /// Adds a module's resources (the resx pair beside <typeparamref name="TMarker"/>) to the keys
    /// that <see cref="IStringLocalizer{Strings}"/> resolves.
    public static IServiceCollection AddModuleStrings<TMarker>(this IServiceCollection services) where TMarker : class =>
        services.AddSingleton(new ModuleStrings(typeof(TMarker)));
}
