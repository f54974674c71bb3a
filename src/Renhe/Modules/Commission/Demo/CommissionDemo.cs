namespace Renhe.Modules.Commission.Demo;

/// The demo company's commission, seeded after its sales history: the plan, this month's story for
/// the panel, then the closed months with their clawback, adjustment and dispute.
public static class CommissionDemo
{
    public static async Task SeedAsync(IServiceProvider services, IConfiguration configuration, CancellationToken ct)
    {
        await services.GetRequiredService<DemoCommissionSeeder>().SeedAsync(ct);
        // Only on the demo's sales history: tests that count from an empty ledger leave it out, and
        // start with every month open.
        if (!configuration.GetValue("Demo:SalesActivity", true)) return;
        await services.GetRequiredService<DemoCommissionMonthSeeder>().SeedAsync(ct);
        await services.GetRequiredService<DemoCommissionHistorySeeder>().SeedAsync(ct);
    }
}
