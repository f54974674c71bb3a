using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Org;
using Renhe.Modules.Org.Employees;
using Renhe.Modules.Org.Structure;
using Renhe.Modules.Sales.FollowUps;
using Renhe.Modules.Sales.Orders;
using Renhe.Platform.Data;
using Renhe.Platform.Security;

namespace Renhe.Modules.Sales.Demo;

/// Six months of the demo sales team's work: leads arriving from realistic regions, industries and
/// channels, follow-ups, stage changes, effective orders from the price list, refunds and
/// cancellations, and customers that went quiet and fell back to the pool. Every figure the sales
/// pages show (conversion, average order, today's due next steps) is computed from these rows.
/// Each person has their own intent → order rate: 张三 about 30 %, the team about 20 %, new hires
/// lower. The generator is deterministic, so the demo looks the same on every machine, and takes
/// a scale factor: scale 20 gives each salesperson twenty times the customers and activity (the
/// data set the page benchmarks run on). A second run stores nothing.
public sealed class DemoSalesActivitySeeder(IDbContextFactory<AppDbContext> dbFactory, FieldCipher cipher, TimeProvider clock)
{
    /// Intent → order rate per person; anyone else in 销售部 gets the default.
    private static readonly Dictionary<string, double> ConversionRates = new()
    {
        ["张三"] = 0.30, ["陈浩"] = 0.25, ["刘洋"] = 0.21, ["吴磊"] = 0.19, ["杨帆"] = 0.18,
        ["赵磊"] = 0.15, ["黄婷"] = 0.14, ["李晓"] = 0.10, ["李四"] = 0.06,
    };
    private const double DefaultConversionRate = 0.18;
    private const int LeadsPerMonth = 11;
    private const int Months = 6;
    /// Matches the default pool rule: an unconverted customer not followed for this long is returned.
    private const int PoolReturnDays = 30;

    private static readonly (string Province, string[] Cities)[] Regions =
    [
        ("浙江", ["杭州", "宁波", "温州", "义乌", "绍兴"]), ("广东", ["广州", "深圳", "东莞", "佛山", "汕头"]),
        ("江苏", ["苏州", "南京", "无锡", "常州"]), ("福建", ["泉州", "厦门", "福州", "晋江"]),
        ("上海", ["上海"]), ("山东", ["青岛", "济南", "临沂"]), ("四川", ["成都", "绵阳"]),
        ("湖北", ["武汉", "宜昌"]), ("河南", ["郑州", "洛阳"]), ("北京", ["北京"]),
    ];
    private static readonly (string Industry, string Suffix)[] Industries =
    [
        ("服装", "服饰"), ("家居", "家居"), ("食品", "食品"), ("美妆", "化妆品"), ("母婴", "母婴用品"),
        ("数码", "数码科技"), ("五金", "五金制品"), ("茶叶", "茶业"), ("宠物用品", "宠物用品"), ("鞋服", "鞋业"),
        ("家纺", "家纺"), ("户外装备", "户外用品"),
    ];
    private static readonly (string Source, int Weight)[] Sources =
        [("官网", 5), ("转介绍", 4), ("展会", 3), ("抖音", 4), ("企业微信", 3), ("百度推广", 2), ("电话营销", 2)];
    private const string Surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
    private static readonly string[] GivenNames =
    [
        "建华", "丽华", "志刚", "海燕", "俊杰", "秀英", "文博", "春梅", "雅琴", "美玲", "宏伟", "立新", "佳怡", "明辉",
        "桂芳", "伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀兰", "霞",
        "平", "刚", "桂英", "玉兰", "国庆", "志明", "晓东", "晓燕", "红梅", "建国", "建军", "丹", "萍", "鑫", "浩然", "子涵",
    ];
    private static readonly string[] CallNotes =
    [
        "介绍了基础版和专业版的区别，客户关心上线周期", "确认了对方的门店数量和现有系统", "客户在比较两家供应商，约了下周演示",
        "回访使用情况，客户反馈报表导出很方便", "客户老板出差，下周再联系", "讨论了付款方式和发票抬头", "客户询问能否先试用两周",
        "跟进报价单，客户觉得年费偏高", "客户对直播带货模块感兴趣，发了案例", "确认合同条款，法务在审",
    ];
    private static readonly string[] Objections =
        ["价格偏高", "已有供应商", "需要老板拍板", "担心实施周期长", "预算要到下季度", "想先试用", "对售后响应有顾虑"];
    private static readonly string[] LostReasons =
        ["选择了竞品", "预算取消", "需求暂缓到明年", "联系不上决策人", "自建团队解决"];
    private static readonly string[] NextSteps =
        ["发送报价单", "安排线上演示", "约见面拜访", "回访确认决策人", "发送合同草稿", "跟进试用反馈", "节后再联系"];

    public async Task<int> SeedAsync(CancellationToken ct) => await SeedAsync(1, ct);

    public async Task<int> SeedAsync(int scale, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.FollowUps.AnyAsync(ct)) return 0;
        var department = await db.Departments.AsNoTracking().Where(d => d.Name == "销售部")
            .Select(d => new { d.Id, d.ManagerEmployeeId }).FirstOrDefaultAsync(ct);
        if (department is null) return 0;
        var zones = await db.Branches.AsNoTracking().ToDictionaryAsync(b => b.Id, b => b.TimeZone, ct);
        var sales = await db.Employees.AsNoTracking()
            .Where(e => e.DepartmentId == department.Id && e.Id != department.ManagerEmployeeId && e.Status != EmploymentStatus.Left)
            .OrderBy(e => e.HireDate).Select(e => new { e.Id, e.Name, e.HireDate, e.BranchId }).ToListAsync(ct);
        var products = await db.Products.AsNoTracking().Where(p => p.Active).OrderBy(p => p.Code).ToListAsync(ct);
        if (sales.Count == 0) return 0;

        var random = new Random(20261123);
        var now = clock.GetUtcNow();
        var start = now.AddMonths(-Months);
        var orderSequence = 0;
        var phoneSequence = 0;
        var count = 0;
        foreach (var person in sales)
        {
            var zone = BranchCalendar.Zone(zones[person.BranchId]);
            var hired = new DateTimeOffset(person.HireDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var from = hired > start ? hired : start;
            var rate = ConversionRates.GetValueOrDefault(person.Name, DefaultConversionRate);
            var days = Math.Max(1, (now - from).TotalDays);
            var leads = (int)Math.Round(LeadsPerMonth * scale * days / 30.4);
            // Error diffusion instead of a coin per customer: the person's rate shows even on a few dozen intents.
            var conversionCredit = 0.5;
            for (var i = 0; i < leads; i++)
            {
                var created = WorkingMoment(from.AddDays(random.NextDouble() * days), zone, random, now);
                var story = new Story(db, cipher, random, person.Id, person.Name, zone, now);
                var customer = story.CreateCustomer(created, ++phoneSequence);
                story.FollowUp(customer, created.AddHours(random.Next(1, 30)), null);
                if (random.NextDouble() < 0.55)
                {
                    // Became an intent customer after one to three conversations.
                    var intentAt = created.AddDays(random.Next(1, 10));
                    for (var k = random.Next(0, 2); k > 0; k--) story.FollowUp(customer, created.AddDays(random.NextDouble() * (intentAt - created).TotalDays), null);
                    if (intentAt < now) story.FollowUp(customer, intentAt, CustomerStage.Intent);
                    if (intentAt < now && (conversionCredit += rate) >= 1)
                    {
                        var orderAt = intentAt.AddDays(random.Next(5, 25));
                        for (var k = random.Next(1, 3); k > 0; k--) story.FollowUp(customer, intentAt.AddDays(random.NextDouble() * (orderAt - intentAt).TotalDays), null);
                        if (orderAt < now && products.Count > 0)
                        {
                            // An intent too recent to have ordered yet leaves its credit to the next one.
                            conversionCredit -= 1;
                            story.Order(customer, orderAt, products, ref orderSequence, repurchase: false);
                            var again = orderAt.AddDays(random.Next(30, 90));
                            if (random.NextDouble() < 0.25 && again < now)
                            {
                                story.FollowUp(customer, again.AddDays(-random.Next(2, 10)), null);
                                story.Order(customer, again, products, ref orderSequence, repurchase: true);
                            }
                        }
                    }
                }
                story.Close(customer, PoolReturnDays);
                count++;
            }
        }
        await db.SaveChangesAsync(ct);
        return count;
    }

    /// A moment inside working hours (09:00–18:30 local, Monday to Friday), never in the future.
    private static DateTimeOffset WorkingMoment(DateTimeOffset around, TimeZoneInfo zone, Random random, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(around, zone);
        while (local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) local = local.AddDays(1);
        var day = local.Date;
        var minutes = 9 * 60 + random.Next(0, 9 * 60 + 30);
        var moment = new DateTimeOffset(day.AddMinutes(minutes), zone.GetUtcOffset(day)).ToUniversalTime();
        return moment > now ? now.AddMinutes(-random.Next(10, 600)) : moment;
    }

    /// One customer's life with one salesperson.
    private sealed class Story(AppDbContext db, FieldCipher cipher, Random random, Guid ownerId, string ownerName, TimeZoneInfo zone, DateTimeOffset now)
    {
        private FollowUp? _last;
        private bool _ordered;

        public Customer CreateCustomer(DateTimeOffset created, int sequence)
        {
            var (province, cities) = Regions[random.Next(Regions.Length)];
            var (industry, suffix) = Industries[random.Next(Industries.Length)];
            var name = Surnames[random.Next(Surnames.Length)] + GivenNames[random.Next(GivenNames.Length)];
            var phone = $"139{sequence:D8}";
            var (customer, custody, stage) = Customer.Enter(ownerId, CustodyReason.Created, null, new ChangedBy(null, ownerName), created);
            customer.Name = name;
            customer.Company = $"{cities[random.Next(cities.Length)]}{name[1..]}{suffix}有限公司";
            (customer.Region, customer.Industry, customer.SourceChannel) = (province, industry, PickSource());
            (customer.PhoneCipher, customer.PhoneIndex, customer.PhoneMasked) = (cipher.Encrypt(phone), cipher.BlindIndex(phone), PersonalData.MaskPhone(phone));
            db.Customers.Add(customer);
            db.CustodyEntries.Add(custody);
            db.StageChanges.Add(stage);
            return customer;
        }

        private string PickSource()
        {
            var roll = random.Next(Sources.Sum(s => s.Weight));
            foreach (var (source, weight) in Sources)
                if ((roll -= weight) < 0) return source;
            return Sources[0].Source;
        }

        public void FollowUp(Customer customer, DateTimeOffset at, CustomerStage? toStage)
        {
            at = WorkingMoment(at, zone, random, now);
            var kind = random.Next(10) switch
            {
                < 4 => FollowUpKind.Call, < 7 => FollowUpKind.Chat, 7 => FollowUpKind.Visit,
                8 => _ordered ? FollowUpKind.AfterSaleTip : FollowUpKind.ProposalSent, _ => FollowUpKind.Other,
            };
            var followUp = new FollowUp
            {
                CustomerId = customer.Id, EmployeeId = ownerId, Kind = kind, At = at, CreatedAt = at.AddMinutes(random.Next(1, 30)),
                DurationMinutes = kind switch { FollowUpKind.Call => random.Next(2, 25), FollowUpKind.Visit => random.Next(30, 120), _ => random.Next(3, 15) },
                Notes = CallNotes[random.Next(CallNotes.Length)], OwnCustomer = true,
                Objections = random.NextDouble() < 0.35 ? Objections[random.Next(Objections.Length)] : null,
                NextStep = NextSteps[random.Next(NextSteps.Length)],
                NextDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).Date.AddDays(random.Next(1, 8))),
            };
            if (toStage is { } stage && stage != customer.Stage)
            {
                var change = customer.MoveStage(stage, null, new ChangedBy(null, ownerName), at);
                db.StageChanges.Add(change);
                (followUp.StageFrom, followUp.StageTo) = (change.FromStage, change.ToStage);
            }
            db.FollowUps.Add(followUp);
            if (_last is null || at > _last.At) _last = followUp;
            if (customer.LastFollowUpAt is null || at > customer.LastFollowUpAt) customer.LastFollowUpAt = at;
        }


        public void Order(Customer customer, DateTimeOffset at, List<Product> products, ref int sequence, bool repurchase)
        {
            at = WorkingMoment(at, zone, random, now);
            var order = new Order
            {
                Number = $"SO-{TimeZoneInfo.ConvertTime(at, zone):yyyyMMdd}-{++sequence:D4}", CustomerId = customer.Id, SalespersonId = ownerId,
                Status = OrderStatus.Effective, IsRepurchase = repurchase,
                CreatedAt = at.AddDays(-random.Next(1, 4)), SubmittedAt = at.AddDays(-1), EffectiveAt = at,
            };
            foreach (var product in products.OrderBy(_ => random.Next()).Take(random.Next(1, 3)))
            {
                var quantity = product.PriceFen >= 1_000_000 ? 1 : random.Next(1, 4);
                order.Lines.Add(new OrderLine
                {
                    OrderId = order.Id, ProductId = product.Id, ProductName = product.Name, UnitPriceFen = product.PriceFen,
                    Quantity = quantity, AmountFen = product.PriceFen * quantity,
                });
            }
            order.ListTotalFen = order.Lines.Sum(l => l.AmountFen);
            // Most orders at list price; some with a discount of up to 8 %, rounded to whole yuan.
            order.DiscountFen = random.NextDouble() < 0.4 ? order.ListTotalFen * random.Next(1, 9) / 100 / 100 * 100 : 0;
            order.TotalFen = order.ListTotalFen - order.DiscountFen;
            db.Orders.Add(order);
            if (customer.RecordEffectiveOrder(repurchase, new ChangedBy(null, ownerName), at) is { } change) db.StageChanges.Add(change);
            _ordered = true;

            var roll = random.NextDouble();
            var adjustedAt = at.AddDays(random.Next(3, 20));
            if (roll < 0.06 && adjustedAt < now)
                db.OrderAdjustments.Add(new OrderAdjustment
                {
                    OrderId = order.Id, Kind = OrderAdjustmentKind.Refund, AmountFen = order.TotalFen / 5 / 100 * 100,
                    Reason = "部分模块未启用，协商退还差价", ByName = "刘芳", At = adjustedAt,
                });
            else if (roll < 0.10 && adjustedAt < now)
            {
                db.OrderAdjustments.Add(new OrderAdjustment
                {
                    OrderId = order.Id, Kind = OrderAdjustmentKind.Cancellation, AmountFen = order.TotalFen,
                    Reason = "客户公司架构调整，合同解除", ByName = "刘芳", At = adjustedAt,
                });
                order.Status = OrderStatus.Cancelled;
            }
        }

        /// How the story ends today: a customer with an order or recent contact stays with its owner
        /// (the last next step becomes due around now); an unconverted customer that went quiet was
        /// either marked lost or returned to the pool by the follow-up rule.
        public void Close(Customer customer, int poolReturnDays)
        {
            if (_last is null) return;
            var quiet = now - _last.At;
            if (_ordered || quiet.TotalDays < poolReturnDays)
            {
                // Keep the next step of recent conversations due around today, some of them overdue.
                if (quiet.TotalDays < 10)
                    _last.NextDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).Date.AddDays(random.Next(-2, 4)));
                return;
            }
            _last.NextDate = null;
            if (random.NextDouble() < (customer.Stage == CustomerStage.Intent ? 0.5 : 0.35))
            {
                db.StageChanges.Add(customer.MoveStage(CustomerStage.Lost, LostReasons[random.Next(LostReasons.Length)], new ChangedBy(null, ownerName),
                    _last.At.AddDays(random.Next(3, 10))));
                return;
            }
            db.CustodyEntries.Add(customer.ChangeCustody(null, CustodyReason.PoolReturn, $"{poolReturnDays} 天未跟进，自动回到公海", ChangedBy.System,
                _last.At.AddDays(poolReturnDays)));
        }
    }
}
