namespace Renhe.Modules.Sales.Demo;

/// The demo company's sales, seeded in the order a real company would have made them.
public static class SalesDemo
{
    public static async Task SeedAsync(IServiceProvider services, IConfiguration configuration, CancellationToken ct)
    {
        // Customers entered by hand, before the archive's contact events add their own leads.
        await services.GetRequiredService<DemoCustomerSeeder>().SeedAsync(ct);
        await services.GetRequiredService<DemoProductSeeder>().SeedAsync(ct);
        // Six months of follow-ups, stage changes and orders for the sales team
        // (Demo:SalesScale=20 gives each salesperson twenty times as much, for the page benchmarks).
        // Demo:SalesActivity=false leaves the history out (tests that count from an empty ledger).
        var activity = configuration.GetValue("Demo:SalesActivity", true);
        if (activity)
            await services.GetRequiredService<DemoSalesActivitySeeder>().SeedAsync(configuration.GetValue("Demo:SalesScale", 1), ct);
        // 离职继承: 赵磊 left last month (customers inherited), 黄婷 leaves next week (frozen, plan proposed), before this
        // month's target, which 赵磊 no longer shares.
        if (activity) await services.GetRequiredService<DemoInheritanceSeeder>().SeedAsync(ct);
        // This month's target for 销售部, published from the proposal, so 今日 and 团队看板 show a plan.
        await services.GetRequiredService<DemoTargetSeeder>().SeedAsync(ct);
        // Orders waiting in 张经理's and 刘芳's approval inboxes.
        if (activity) await services.GetRequiredService<DemoPendingOrdersSeeder>().SeedAsync(ct);
    }
}
