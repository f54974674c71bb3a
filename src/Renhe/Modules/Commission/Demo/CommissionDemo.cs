namespace Renhe.Modules.Commission.Demo;

/// The demo company's commission, seeded after its sales history: the plan, then its history.
public static class CommissionDemo
{
    public static async Task SeedAsync(IServiceProvider services, IConfiguration configuration, CancellationToken ct)
    {
        await services.GetRequiredService<DemoCommissionSeeder>().SeedAsync(ct);
        // Closed months, adjustments and disputes only where there is a sales history to pay on
        // (tests that count from an empty ledger start with every month open).
        if (configuration.GetValue("Demo:SalesActivity", true))
            await services.GetRequiredService<DemoCommissionHistorySeeder>().SeedAsync(ct);
    }
}
