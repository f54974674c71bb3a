using Renhe.Platform.Security;
using Renhe.Platform.Ui;

namespace Renhe.Modules.Sales;

public static class SalesModule
{
    public static IServiceCollection AddSales(this IServiceCollection services)
    {
        services.AddPermissions(SalesPermissions.All);
        services.AddScoped<ContactEventLinker>();
        services.AddScoped<CustomerService>();
        return services;
    }

    public static void MapSales(this IEndpointRouteBuilder api) => api.MapSalesApi();
}
