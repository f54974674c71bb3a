using Renhe.Modules.Sales.Customers;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Platform.Data;
using Renhe.Platform.Security;

namespace Renhe.Modules.Sales.Demo;

/// The demo company's customers, loaded by --demo after the people and before the chat archive:
/// a handful for 张三, 李四 and 李晓 at various stages (with the stage history that got them
/// there) and a few in the public pool, released by a colleague weeks ago. Entered "by hand", so
/// they carry no WeCom external id and the archive's contact events make their own leads.
/// A second run stores nothing.
public sealed class DemoCustomerSeeder(IDbContextFactory<AppDbContext> dbFactory, FieldCipher cipher, TimeProvider clock)
{
    private sealed record Seed(string Owner, string Name, string Company, string Region, string Industry, string Source,
        CustomerStage Stage, int DaysAgo, int? FollowedUpDaysAgo, params string[] Tags);

    private static readonly Seed[] Seeds =
    [
        new("张三", "王建华", "华南建材有限公司", "广东", "建材", "展会", CustomerStage.Repurchase, 150, 2, "重点", "老客户"),
        new("张三", "刘丽华", "杭州丽华女装", "浙江", "服装", "转介绍", CustomerStage.Intent, 40, 1, "直播"),
        new("张三", "陈志刚", "东莞志刚五金", "广东", "五金", "官网", CustomerStage.Lead, 6, null),
        new("张三", "周海燕", "义乌海燕家纺", "浙江", "家纺", "展会", CustomerStage.Ordered, 90, 5),
        new("张三", "林俊杰", "泉州俊杰鞋业", "福建", "鞋服", "官网", CustomerStage.Lost, 120, 45),
        new("李四", "黄秀英", "苏州秀英茶叶", "江苏", "茶叶", "转介绍", CustomerStage.Intent, 20, 3, "茶叶"),
        new("李四", "吴文博", "成都文博数码", "四川", "数码", "官网", CustomerStage.Lead, 4, null),
        new("李四", "徐春梅", "武汉春梅母婴", "湖北", "母婴", "抖音", CustomerStage.Lead, 2, null),
        new("李晓", "孙雅琴", "佛山雅琴家居", "广东", "家居", "展会", CustomerStage.Ordered, 70, 8, "重点"),
        new("李晓", "马美玲", "温州美玲美妆", "浙江", "美妆", "抖音", CustomerStage.Intent, 25, 2),
        new("李晓", "朱宏伟", "广州宏伟宠物", "广东", "宠物用品", "官网", CustomerStage.Lead, 10, null),
    ];

    /// Released by 吴磊 weeks ago: anyone may claim them.
    private static readonly Seed[] PoolSeeds =
    [
        new("吴磊", "郭立新", "义乌立新户外", "浙江", "户外装备", "展会", CustomerStage.Intent, 100, 60),
        new("吴磊", "何佳怡", "杭州佳怡童装", "浙江", "童装", "官网", CustomerStage.Lead, 80, 50),
        new("吴磊", "罗明辉", "泉州明辉运动", "福建", "运动鞋服", "转介绍", CustomerStage.Lead, 75, 45),
        new("吴磊", "高桂芳", "苏州桂芳零食", "江苏", "零食坚果", "抖音", CustomerStage.Lost, 110, 70),
    ];

    public async Task<int> SeedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Customers.AnyAsync(ct)) return 0;
        var people = await db.Employees.AsNoTracking().Where(e => e.Status != EmploymentStatus.Left)
            .Select(e => new { e.Id, e.Name }).ToListAsync(ct);
        var ids = people.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.First().Id);
        var now = clock.GetUtcNow();
        var count = 0;
        foreach (var (seed, i) in Seeds.Select((s, i) => (s, i)).Concat(PoolSeeds.Select((s, i) => (s, i + 100))))
        {
            if (!ids.TryGetValue(seed.Owner, out var ownerId)) continue;
            var inPool = PoolSeeds.Contains(seed);
            var created = now.AddDays(-seed.DaysAgo).AddHours(-i % 7);
            var phone = $"1380013{i:D4}";
            var by = new ChangedBy(null, seed.Owner);
            var (customer, custody, entered) = Customer.Enter(ownerId, CustodyReason.Created, null, by, created);
            (customer.Name, customer.Company, customer.Region, customer.Industry, customer.SourceChannel) =
                (seed.Name, seed.Company, seed.Region, seed.Industry, seed.Source);
            customer.Tags = seed.Tags.ToList();
            customer.LastFollowUpAt = seed.FollowedUpDaysAgo is { } f ? now.AddDays(-f).AddHours(-2) : null;
            (customer.PhoneCipher, customer.PhoneIndex, customer.PhoneMasked) = (cipher.Encrypt(phone), cipher.BlindIndex(phone), PersonalData.MaskPhone(phone));
            db.Customers.Add(customer);
            db.CustodyEntries.Add(custody);
            db.StageChanges.Add(entered);
            // The ladder that got it to its stage, spread over its life: 意向 by hand, 下单 and 复购 by
            // orders; a lost customer was lost from 意向.
            var ladder = seed.Stage == CustomerStage.Lost
                ? new[] { CustomerStage.Intent, CustomerStage.Lost }
                : Enum.GetValues<CustomerStage>().Where(s => s > CustomerStage.Lead && s <= seed.Stage).ToArray();
            for (var step = 0; step < ladder.Length; step++)
            {
                var at = created.AddDays(seed.DaysAgo * (step + 1) / (double)(ladder.Length + 2));
                var change = ladder[step] is CustomerStage.Ordered or CustomerStage.Repurchase
                    ? customer.RecordEffectiveOrder(ladder[step] == CustomerStage.Repurchase, by, at)
                    : customer.MoveStage(ladder[step], ladder[step] == CustomerStage.Lost ? "选择了竞品" : null, by, at);
                db.StageChanges.Add(change!);
            }
            if (inPool)
                db.CustodyEntries.Add(customer.ChangeCustody(null, CustodyReason.Released, "长期未成交，放回公海", by, now.AddDays(-30 - i % 5)));
            count++;
        }
        await db.SaveChangesAsync(ct);
        return count;
    }
}
