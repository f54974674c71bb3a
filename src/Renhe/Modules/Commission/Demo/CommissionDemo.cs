namespace Renhe.Modules.Commission.Demo;

/// The demo company's commission, seeded after its sales history: the plan first.
public static class CommissionDemo
{
    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        await services.GetRequiredService<DemoCommissionSeeder>().SeedAsync(ct);
    }
}
