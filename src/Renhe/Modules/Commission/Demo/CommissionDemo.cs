namespace Renhe.Modules.Commission.Demo;

/// The demo company's commission, seeded after its sales history: the plan first, then this month's story.
public static class CommissionDemo
{
    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        await services.GetRequiredService<DemoCommissionSeeder>().SeedAsync(ct);
        // The current month's story for the panel, on the demo's sales history (tests that count
        // from an empty ledger leave the history out, and so this).
        if (services.GetRequiredService<IConfiguration>().GetValue("Demo:SalesActivity", true))
            await services.GetRequiredService<DemoCommissionMonthSeeder>().SeedAsync(ct);
    }
}
