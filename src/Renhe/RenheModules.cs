using Renhe.Modules.Commission;
using Renhe.Modules.Integrations;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Modules.Risk;
using Renhe.Modules.Sales;
using Renhe.Platform;

namespace Renhe;

/// Every part of Renhe, registered once: the program and the benchmarks' hosts compose the same
/// application, so a module added here is never missing from one of them.
public static class RenheModules
{
    public static WebApplicationBuilder AddRenhe(this WebApplicationBuilder builder)
    {
        builder.AddPlatform();
        builder.Services.AddOrg(builder.Configuration);
        builder.Services.AddRisk(builder.Configuration);
        builder.Services.AddSales();
        builder.Services.AddCommission();
        builder.Services.AddIntegrations();
        return builder;
    }
}
