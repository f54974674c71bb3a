using Renhe.Modules.Sales.Orders;
using Microsoft.EntityFrameworkCore;
using Renhe.Platform.Data;

namespace Renhe.Modules.Sales.Demo;

/// The demo company's price list: what an e-commerce services firm sells (shop-operation SaaS,
/// services, training, one boxed hardware kit whose stock is tracked). The codes are stable: the
/// demo orders refer to products by code. A second run stores nothing.
public sealed class DemoProductSeeder(IDbContextFactory<AppDbContext> dbFactory)
{
    public sealed record Seed(string Code, string Name, string Unit, long PriceFen, bool TrackStock = false, int Stock = 0);

    public static readonly Seed[] Seeds =
    [
        new("SAAS-BASIC", "店铺管家 SaaS 基础版", "年", 3_980_00),
        new("SAAS-PRO", "店铺管家 SaaS 专业版", "年", 9_800_00),
        new("SAAS-ENT", "店铺管家 SaaS 企业版", "年", 29_800_00),
        new("SVC-SETUP", "开店代运营启动服务", "次", 5_000_00),
        new("SVC-OPS-M", "店铺代运营（月度）", "月", 8_000_00),
        new("SVC-LIVE", "直播带货策划", "场", 12_000_00),
        new("TRN-CAMP", "电商运营训练营", "人", 1_980_00),
        new("HW-LIVEKIT", "直播设备套装", "套", 6_800_00, TrackStock: true, Stock: 20),
    ];

    public async Task<int> SeedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await db.Products.Select(p => p.Code).ToListAsync(ct);
        var added = 0;
        foreach (var s in Seeds.Where(s => !existing.Contains(s.Code)))
        {
            db.Products.Add(new Product { Code = s.Code, Name = s.Name, Unit = s.Unit, PriceFen = s.PriceFen, TrackStock = s.TrackStock, Stock = s.Stock });
            added++;
        }
        await db.SaveChangesAsync(ct);
        return added;
    }
}
