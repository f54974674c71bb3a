namespace Renhe.Modules.Sales;

public static class SalesModule
{
    public static IServiceCollection AddSales(this IServiceCollection services)
    {
        services.AddScoped<ContactEventLinker>();
        return services;
    }
}
