using Renhe.Modules.Sales.Customers;
using Renhe.Platform.Time;
using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Integrations.WeCom;
using Renhe.Modules.Risk.Archive;
using Renhe.Platform.Data;

namespace Renhe.Modules.Risk.Demo;

/// The demo company's communication archive, loaded by --demo after <see cref="Renhe.Modules.Org.Demo.DemoOrgSeeder"/>:
/// about six months (178 days, inside the 180-day chat retention) of WeCom chat-archive messages,
/// call records and customer-contact events between the salespeople of 销售部 and their customers.
/// Conversations follow each customer's pipeline (介绍 → 需求 → 报价 → 合同 → 发票 → 服务跟进)
/// on a follow-up cadence, in Shanghai working hours and mostly on weekdays. 小李 (李晓) steers
/// some of her customers to her private shop (加我私人微信, 拼多多上便宜, 转我个人账户), recalls two
/// of those messages, deletes one customer and is deleted by another.
///
/// Everything goes through <see cref="ArchiveService"/> in batches (chained and scanned like any
/// import), generated deterministically from a seeded Random; source ids start with "demo-" and
/// a second run stores nothing.
///
/// The first of each salesperson's chat customers are the customers they own in the sales module
/// (oldest first): the chats use their names and shops, and the customer records get the WeCom
/// external id the chats carry, as a salesperson enters it on the customer page. So the archive's
/// search shows those counterparts as customers, linked to their records.
public sealed class DemoChatSeeder(IDbContextFactory<AppDbContext> dbFactory, ArchiveService archive, BranchCalendar calendar,
    ILogger<DemoChatSeeder> log)
{
    public const string SourcePrefix = "demo-";
    public const int Days = 178;
    private const int BatchSize = 1000;

    /// The salespeople of 销售部 (not its manager), by name.
    public static readonly string[] Salespeople = ["张三", "李四", "李晓", "吴磊", "陈浩", "刘洋", "杨帆", "赵磊", "黄婷"];

    public const string XiaoLi = "李晓";

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// Stores the demo archive unless it is there already; returns how many records were stored.
    public async Task<int> SeedAsync(CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        Dictionary<string, (string WeComUserId, DateOnly HireDate)> people;
        Dictionary<string, List<KnownCustomer>> known;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await db.ArchivedRecords.AnyAsync(r => r.SourceId == MarkerId, ct)) return 0;
            var staff = await db.Employees.AsNoTracking()
                .Where(e => Salespeople.Contains(e.Name) && e.WeComUserId != null)
                .Select(e => new { e.Id, e.Name, e.WeComUserId, e.HireDate }).ToListAsync(ct);
            people = staff.ToDictionary(e => e.Name, e => (e.WeComUserId!, e.HireDate));
            var ids = staff.Select(e => e.Id).ToList();
            known = (await db.Customers.AsNoTracking()
                    .Where(c => c.OwnerId != null && ids.Contains(c.OwnerId.Value) && c.WeComExternalId == null)
                    .Select(c => new { c.Id, c.OwnerId, c.Name, c.Company, c.Industry, c.CreatedAt }).ToListAsync(ct))
                .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
                .GroupBy(c => staff.First(e => e.Id == c.OwnerId).Name)
                .ToDictionary(g => g.Key, g => g.Select(c => new KnownCustomer(c.Id, c.Name, c.Company, c.Industry)).ToList());
        }
        if (people.Count == 0) return 0;

        var today = await calendar.TodayAsync(null, ct);
        var linked = new Dictionary<Guid, string>();
        var inputs = Generate(people, today, known, linked);
        int stored = 0, hits = 0;
        foreach (var batch in inputs.Chunk(BatchSize))
        {
            var results = await archive.AppendAsync(batch, ct);
            stored += results.Count(r => r.Status == AppendStatus.Stored);
            hits += results.Sum(r => r.Hits);
            var rejected = results.FirstOrDefault(r => r.Status == AppendStatus.Rejected);
            if (rejected is not null) throw new InvalidOperationException($"Demo chat {rejected.SourceId} was rejected: {rejected.Error}");
        }
        // The customers the chats are with carry the external id the chats name them by.
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var ids = linked.Keys.ToList();
            foreach (var customer in await db.Customers.Where(c => ids.Contains(c.Id) && c.WeComExternalId == null).ToListAsync(ct))
                customer.WeComExternalId = linked[customer.Id];
            await db.SaveChangesAsync(ct);
        }
        log.LogInformation("Demo archive: {Stored} chat messages, calls and contact events ({Hits} scanner hits) in {Elapsed} ms, {Linked} customers linked",
            stored, hits, watch.ElapsedMilliseconds, linked.Count);
        return stored;
    }

    /// A customer of the sales module that a salesperson's chats are with.
    public sealed record KnownCustomer(Guid Id, string Name, string? Company, string? Industry);

    /// The last record generated: its presence means the demo archive was seeded (it is the
    /// newest, so retention never removes it first).
    private const string MarkerId = SourcePrefix + "end";

    /// The archive's inputs in time order, for salespeople given by name (WeCom user id and
    /// hire date; nobody talks to customers before being hired). Deterministic for a given day.
    /// The first chat customers of a salesperson are <paramref name="known"/> customers of theirs,
    /// whose ids are given the external id their chats use in <paramref name="linked"/>.
    public static IReadOnlyList<object> Generate(IReadOnlyDictionary<string, (string WeComUserId, DateOnly HireDate)> people, DateOnly today,
        IReadOnlyDictionary<string, List<KnownCustomer>>? known = null, IDictionary<Guid, string>? linked = null)
    {
        var random = new Random(20260518);
        var items = new List<(DateTimeOffset At, int Order, object Input)>();
        var order = 0;
        var ids = 0;
        string NextId() => $"{SourcePrefix}{++ids:000000}";

        void Add(DateTimeOffset at, object input) => items.Add((at, order++, input));

        string Message(DateTimeOffset at, string from, string to, string msgType, object body, string? id = null)
        {
            id ??= NextId();
            var json = new Dictionary<string, object>
            {
                ["msgid"] = id, ["action"] = "send", ["from"] = from, ["tolist"] = new[] { to }, ["roomid"] = "",
                ["msgtime"] = at.ToUnixTimeMilliseconds(), ["msgtype"] = msgType, [msgType] = body,
            };
            Add(at, Parse(json));
            return id;
        }

        void Recall(DateTimeOffset at, string from, string to, string recalledId)
        {
            var json = new Dictionary<string, object>
            {
                ["msgid"] = NextId(), ["action"] = "recall", ["from"] = from, ["tolist"] = new[] { to }, ["roomid"] = "",
                ["msgtime"] = at.ToUnixTimeMilliseconds(), ["msgtype"] = "revoke", ["revoke"] = new { pre_msgid = recalledId },
            };
            Add(at, Parse(json));
        }

        void ContactEvent(DateTimeOffset at, string userId, string externalId, ExternalContactChange change, string changeName) =>
            Add(at, WeComCallbackEndpoints.ToDraft(new WeComExternalContactEvent("wwdemo0000000000", at, "change_external_contact",
                change, changeName, userId, externalId, null, null, null, null)));

        var first = today.AddDays(-Days);
        foreach (var name in Salespeople)
        {
            if (!people.TryGetValue(name, out var person)) continue;
            var me = person.WeComUserId;
            var isXiaoLi = name == XiaoLi;
            var customers = Enumerable.Range(0, isXiaoLi ? 8 : 6).Select(_ => Customer.Create(random, first)).ToList();
            // Named after the customers the salesperson owns; the random draws stay the same, so
            // the rest of the archive does not change with them.
            foreach (var (c, k) in customers.Zip((known?.GetValueOrDefault(name) ?? []).Where(k => k.Name.Length >= 2)))
            {
                c.Name = k.Name;
                c.Title = k.Name[..1] + "总";
                if (!string.IsNullOrWhiteSpace(k.Company)) c.Shop = k.Company;
                if (!string.IsNullOrWhiteSpace(k.Industry)) c.Category = k.Industry;
                linked?.Add(k.Id, c.ExternalId);
            }
            var start = person.HireDate > first ? person.HireDate.AddDays(3) : first;
            foreach (var c in customers)
            {
                // Customers met during the window are added on WeCom at their first conversation.
                c.NextContact = start.AddDays(random.Next(0, 12));
                c.AddedInWindow = person.HireDate > first || random.Next(3) == 0;
            }
            var schemed = isXiaoLi ? customers.Take(3).ToList() : [];

            for (var day = start; day < today; day = day.AddDays(1))
            {
                var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
                var due = customers.Where(c => !c.Gone && c.NextContact <= day).Take(3).ToList();
                foreach (var c in due)
                {
                    if (weekend && random.Next(4) != 0) { c.NextContact = day.AddDays(weekend && day.DayOfWeek == DayOfWeek.Saturday ? 2 : 1); continue; }
                    var hour = random.Next(10) switch { < 4 => 9 + random.Next(3), < 8 => 14 + random.Next(4), 8 => 12, _ => 18 + random.Next(3) };
                    var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, random.Next(60), random.Next(60))), TimeSpan.FromHours(8));
                    DateTimeOffset Later(int minSeconds, int maxSeconds) => at = at.AddSeconds(random.Next(minSeconds, maxSeconds));

                    if (c.AddedInWindow && !c.Added)
                    {
                        ContactEvent(at.AddMinutes(-random.Next(5, 60)), me, c.ExternalId, ExternalContactChange.AddExternalContact, "add_external_contact");
                        c.Added = true;
                    }
                    if (random.Next(5) == 0)
                    {
                        // A call first, then the chat that follows it up.
                        var seconds = random.Next(45, 900);
                        var callId = NextId();
                        var body = JsonSerializer.Serialize(new
                        {
                            caller = person.WeComUserId, callee = c.Phone, start = at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                            duration = seconds, direction = "outbound", recording = $"rec/{day:yyyyMM}/{callId}.mp3",
                        }, Json);
                        Add(at, new ArchiveDraft(RecordClass.Call, "call", callId, at, me, [], $"呼出 {c.Name}（{c.Shop}）通话 {seconds / 60} 分 {seconds % 60} 秒",
                            body, MsgType: "call", Counterpart: c.Phone));
                        Later(seconds + 60, seconds + 600);
                    }

                    var scheme = schemed.Contains(c) && c.Stage >= 2 && c.SchemeRound < (schemed.IndexOf(c) == 2 ? 3 : 1) && random.Next(2) == 0;
                    var lines = scheme ? Scheme(c, schemed.IndexOf(c), c.SchemeRound++) : Script(c, random);
                    foreach (var (fromMe, kind, text) in lines)
                    {
                        Later(fromMe ? 20 : 40, fromMe ? 240 : 900);
                        var from = fromMe ? me : c.ExternalId;
                        var to = fromMe ? c.ExternalId : me;
                        var id = kind switch
                        {
                            "file" => Message(at, from, to, "file", new { md5sum = Md5Like(random), filename = text, fileext = Path.GetExtension(text).TrimStart('.'), filesize = random.Next(20_000, 900_000), sdkfileid = Md5Like(random) }),
                            "image" => Message(at, from, to, "image", new { md5sum = Md5Like(random), filesize = random.Next(30_000, 400_000), sdkfileid = Md5Like(random) }),
                            _ => Message(at, from, to, "text", new { content = text }),
                        };
                        if (kind == "recall")
                            Recall(Later(30, 110), from, to, id);
                        else if (!scheme && fromMe && kind == "text" && random.Next(120) == 0)
                            Recall(Later(5, 60), from, to, id);   // an ordinary slip, retyped
                    }

                    if (scheme && schemed.IndexOf(c) == 0)
                    {
                        // Moved to her private WeChat, the customer is deleted from WeCom two days later.
                        ContactEvent(at.AddDays(2).AddHours(3), me, c.ExternalId, ExternalContactChange.DelExternalContact, "del_external_contact");
                        c.Gone = true;
                    }
                    else if (scheme && schemed.IndexOf(c) == 1)
                    {
                        // The customer refuses to pay privately and deletes her the next morning.
                        ContactEvent(at.AddDays(1).AddHours(-8), me, c.ExternalId, ExternalContactChange.DelFollowUser, "del_follow_user");
                        c.Gone = true;
                    }
                    c.Stage++;
                    c.NextContact = day.AddDays(c.Stage < 6 ? random.Next(2, 6) : random.Next(5, 12));
                }
            }
        }

        var sorted = items.OrderBy(i => i.At).ThenBy(i => i.Order).Select(i => i.Input).ToList();
        // The marker closes the demo archive: a last text from 张三 just before today.
        var closing = new DateTimeOffset(today.AddDays(-1).ToDateTime(new TimeOnly(18, 30)), TimeSpan.FromHours(8));
        if (people.TryGetValue("张三", out var zhangsan))
            sorted.Add(Parse(new Dictionary<string, object>
            {
                ["msgid"] = MarkerId, ["action"] = "send", ["from"] = zhangsan.WeComUserId, ["tolist"] = new[] { "wmDemoTeamNotice000001" },
                ["roomid"] = "", ["msgtime"] = closing.ToUnixTimeMilliseconds(), ["msgtype"] = "text", ["text"] = new { content = "今天的客户跟进都记好了，明天见。" },
            }));
        return sorted;
    }

    private static object Parse(Dictionary<string, object> json) =>
        ChatArchiveMessage.Parse(JsonSerializer.SerializeToElement(json, Json));

    private static string Md5Like(Random random) => Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())) + Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64()));

    private sealed class Customer
    {
        public string Name = "", Title = "", Shop = "", Category = "", ExternalId = "", Phone = "";
        public int Stage, SchemeRound;
        public DateOnly NextContact;
        public bool AddedInWindow, Added, Gone;

        private static readonly string[] Surnames = ["王", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高", "梁", "宋", "谢", "韩", "唐", "冯", "邓", "曹", "彭", "曾", "萧", "田", "董"];
        private static readonly string[] Given = ["丽华", "建军", "晓燕", "志刚", "海燕", "秀英", "文博", "春梅", "国庆", "雅琴", "俊杰", "美玲", "宏伟", "婷婷", "立新", "佳怡", "明辉", "桂芳", "子豪", "玉兰"];
        private static readonly string[] Categories = ["女装", "童装", "家纺", "茶叶", "宠物用品", "户外装备", "美妆", "家居收纳", "零食坚果", "母婴用品", "数码配件", "运动鞋服"];
        private static readonly string[] Cities = ["杭州", "广州", "义乌", "东莞", "苏州", "泉州", "佛山", "温州", "成都", "武汉"];

        public static Customer Create(Random random, DateOnly first)
        {
            var surname = Surnames[random.Next(Surnames.Length)];
            var given = Given[random.Next(Given.Length)];
            var category = Categories[random.Next(Categories.Length)];
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            return new Customer
            {
                Name = surname + given,
                Title = surname + (random.Next(3) == 0 ? (given.Length > 0 && "丽燕英梅琴玲婷芳兰怡".Contains(given[^1], StringComparison.Ordinal) ? "姐" : "哥") : "总"),
                Shop = $"{Cities[random.Next(Cities.Length)]}{given}{category}",
                Category = category,
                ExternalId = "wm" + new string(Enumerable.Range(0, 20).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()),
                Phone = $"1{random.Next(3, 9)}{random.Next(100000000, 999999999)}",
                Stage = random.Next(2) == 0 ? 0 : random.Next(3, 8),
            };
        }
    }

    private static readonly string[] Packages = ["店铺代运营基础版", "店铺代运营标准版", "直通车推广托管", "详情页设计套餐", "全店视觉升级", "直播间代运营"];

    /// One ordinary conversation for the customer's stage: (from the salesperson?, kind, text).
    private static List<(bool FromMe, string Kind, string Text)> Script(Customer c, Random random)
    {
        var package = Packages[(c.Name[0] + c.Category.Length) % Packages.Length];
        var price = 3000 + 500 * ((c.Name[1] + c.Shop.Length) % 12);
        var t = c.Title;
        string Pick(params string[] options) => options[random.Next(options.Length)];
        return (c.Stage switch
        {
            0 => new List<(bool, string, string)>
            {
                (true, "text", $"{t}您好，我是人和电商服务的客户经理，看到您在做{c.Category}，想了解一下店铺现在的运营情况"),
                (false, "text", Pick("你好，我们店开了一年多了，流量一直上不去", "你好，现在是自己在做，人手不够", "之前找过别家代运营，效果一般")),
                (true, "text", $"明白，我们主要做{c.Category}类目的店铺代运营、直通车推广和详情页设计，方便的话我先给您做个免费的店铺诊断"),
                (false, "text", Pick("可以，你先看看", "好的，诊断要多久？", "行，发我看看")),
            },
            1 => new List<(bool, string, string)>
            {
                (true, "text", $"{t}，店铺诊断做好了，主要问题是主图点击率偏低、详情页转化不够，直通车关键词也比较散"),
                (true, "file", $"{c.Shop}店铺诊断报告.pdf"),
                (false, "text", Pick("看了，说得挺准的", "详情页确实是老的了", "直通车我们每天烧不少钱，没什么单")),
                (true, "text", $"建议先做{package}，三个月一个周期，每周给您数据周报"),
                (false, "text", "大概什么价格？"),
            },
            2 => new List<(bool, string, string)>
            {
                (true, "text", $"{t}，报价单发您了，{package}每月{price}元，含直通车托管和两次详情页优化"),
                (true, "file", $"{c.Shop}-{package}报价单.xlsx"),
                (false, "text", Pick("有点贵啊，能不能便宜点", "我跟合伙人商量一下", "比我们想的高一点")),
                (true, "text", Pick("签半年可以打九折，我跟领导申请一下", "这个价格里包含了设计和投放，算下来比自己招人划算", "我们可以先签三个月试试效果")),
            },
            3 => new List<(bool, string, string)>
            {
                (false, "text", Pick("商量好了，半年的话能给什么价？", "上次说的优惠还有吗？", "我们决定先试三个月")),
                (true, "text", $"领导批了，半年按九折，每月{price * 9 / 10}元，合同这两天发您"),
                (false, "text", "好的"),
            },
            4 => new List<(bool, string, string)>
            {
                (true, "text", $"{t}，合同发您了，您看下条款，没问题的话盖章寄回，或者走电子签"),
                (true, "file", $"人和电商服务合同-{c.Shop}.pdf"),
                (false, "text", Pick("电子签吧，方便", "我让财务看一下", "第五条服务范围能不能写细一点？")),
                (true, "text", "可以的，有问题随时说"),
            },
            5 => new List<(bool, string, string)>
            {
                (false, "text", "合同签好了，款打到哪里？"),
                (true, "text", "请打到合同上的公司对公账户，备注店铺名就行，收到款后财务给您开增值税专用发票"),
                (false, "text", "开票信息发你了"),
                (false, "image", ""),
                (true, "text", "收到，发票三个工作日内寄出，运营同事今天拉群对接"),
            },
            _ => Pick("report", "ads", "design", "renew") switch
            {
                "report" => new List<(bool, string, string)>
                {
                    (true, "text", $"{t}，本周数据周报：访客环比涨了{random.Next(5, 40)}%，转化率{random.Next(18, 45) / 10.0:0.0}%"),
                    (true, "file", $"{c.Shop}运营周报-第{random.Next(1, 26)}周.pdf"),
                    (false, "text", Pick("不错，继续", "收到", "客单价还是低了点")),
                },
                "ads" => new List<(bool, string, string)>
                {
                    (false, "text", "直通车这周花费有点高啊"),
                    (true, "text", $"是的，大促前在抢关键词，投产比现在是{random.Next(15, 45) / 10.0:0.0}，下周会把低效词停掉"),
                    (false, "text", "好，控制一下预算"),
                },
                "design" => new List<(bool, string, string)>
                {
                    (true, "text", "新版详情页初稿出来了，您看看"),
                    (true, "image", ""),
                    (false, "text", Pick("第三屏的卖点再突出一点", "整体挺好的", "颜色再亮一点")),
                    (true, "text", "好的，设计师明天改好给您"),
                },
                _ => new List<(bool, string, string)>
                {
                    (true, "text", $"{t}，服务周期下个月到期，续签的话可以送一次全店视觉升级"),
                    (false, "text", Pick("续吧，效果还可以", "我考虑一下", "续签价格能不能再优惠点？")),
                    (true, "text", "好的，我把续签合同和发票信息一起准备好"),
                },
            },
        }).Select(l => (l.Item1, l.Item2, l.Item3)).ToList();
    }

    /// 小李 steering a customer to her own shop: round 0 for each schemed customer, and two more
    /// rounds with the third, who plays along. "recall" marks a text she withdraws a minute later.
    private static List<(bool FromMe, string Kind, string Text)> Scheme(Customer c, int which, int round)
    {
        var t = c.Title;
        return (which, round) switch
        {
            (0, _) => [
                (true, "text", $"{t}，以后加我私人微信吧，晚上周末都能找到我"),
                (false, "text", "好，你微信多少？"),
                (true, "text", "同样的代运营套餐，我自己的店在拼多多上便宜三成，不走公司流程"),
                (true, "recall", "定金直接转我个人账户就行，别告诉公司"),
                (false, "text", "那发票怎么办？"),
                (true, "text", "加我私人微信细说"),
            ],
            (1, _) => [
                (true, "text", $"{t}，跟您说个事，公司这个价太高了，拼多多上便宜很多，我自己的店就能做"),
                (true, "recall", "您把钱转我个人账户，我给您打八折"),
                (false, "text", "这样不合适吧，我们只跟公司签合同，付款走对公"),
                (true, "text", "没事没事，当我没说"),
            ],
            (_, 0) => [
                (true, "text", $"{t}，续费的话加我私人微信，拼多多上便宜"),
                (false, "text", "能便宜多少？"),
                (true, "text", "便宜三成，款转我个人账户就行，不走公司"),
                (false, "text", "行，我加你"),
            ],
            (_, 1) => [
                (false, "text", "上次说的那个链接发我一下"),
                (true, "text", "拼多多搜我店名就行，下单前先私聊我改价"),
                (true, "recall", "尾款打到我卡上，我的卡号微信发你"),
            ],
            _ => [
                (true, "text", "这个月的费用还是转我个人账户，发票我另外想办法"),
                (false, "text", "好的，已转"),
            ],
        };
    }
}
