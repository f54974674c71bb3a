using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Renhe.Benchmarks;

/// What the people of a 1,000-person company do in a busy hour (10:00–11:00 on a weekday), as
/// actions of one or more requests each, weighted by how many of them that hour holds. The
/// company: 400 salespeople in 40 teams (40 managers), 5 compliance investigators, and ~700 people
/// chatting with customers on WeCom. A virtual user draws an action by weight, runs its requests
/// in order (with the think time after each) and draws again. Reasons for each count are in
/// bench/Renhe.Benchmarks/README.md ("load").
public static class LoadMix
{
    /// One kind of request: what the tables report on.
    public static class Kinds
    {
        public const string TodayPage = "page 今日 /sales/today";
        public const string TodayRefresh = "api 今日 refresh /api/sales/tasks/today";
        public const string CustomersPage = "page 客户 /sales/customers";
        public const string CustomersList = "api customer list /api/sales/customers";
        public const string CustomerPage = "page customer /sales/customers/{id}";
        public const string FollowUpEntryPage = "page 写跟进 /sales/customers/{id}/follow-up";
        public const string FollowUpPost = "api log follow-up POST /api/sales/follow-ups";
        public const string TeamPage = "page 团队看板 /sales/team";
        public const string FeedPage = "page 跟进动态 /sales/follow-ups";
        public const string ArchivePage = "page 沟通存档 /risk/archive/search";
        public const string ArchiveSearch = "api archive search /api/risk/archive/search";
        public const string Ingest = "api WeCom batch ingest POST /api/risk/messages:batch (100 msgs)";
    }

    public sealed record Action(string Name, int PerHour, Func<LoadUser, CancellationToken, IAsyncEnumerable<LoadRequest>> Requests);

    /// A request to send and how to judge its answer: the status expected and, for a page, a
    /// data-testid its prerendered HTML must hold (a sign-in page or the monitoring notice instead
    /// of the page is an error, not a fast answer).
    public sealed record LoadRequest(string Kind, Func<HttpRequestMessage> Build, int Status = 200, string? Marker = null);

    public static readonly Action[] Actions =
    [
        new("open 今日", 1_200, (u, _) => One(Page(Kinds.TodayPage, "/sales/today", u.Sales, "today-progress"))),
        new("今日 refreshes while open", 4_000, (u, _) => One(Api(Kinds.TodayRefresh, HttpMethod.Get, "/api/sales/tasks/today", u.Sales))),
        new("open the customer list", 1_600, CustomerListAsync),
        new("open a customer", 4_000, (u, _) => One(Page(Kinds.CustomerPage, $"/sales/customers/{u.Sales.AnyCustomer()}", u.Sales, "customer-name"))),
        new("log a follow-up", 2_400, FollowUpAsync),
        new("manager opens 团队看板", 240, (u, _) => One(Page(Kinds.TeamPage, "/sales/team", u.Manager, "team-summary"))),
        new("manager opens 跟进动态", 400, (u, _) => One(Page(Kinds.FeedPage, "/sales/follow-ups", u.Manager, "follow-up-card"))),
        new("investigator searches the archive", 150, ArchiveSearchAsync),
        new("WeCom chat archive batch", 280, (u, _) => One(IngestBatch(u))),
    ];

    public static int RequestsPerHour => 1_200 + 4_000 + 1_600 * 2 + 4_000 + 2_400 * 2 + 240 + 400 + 150 * 2 + 280;

    private static readonly string[] SearchTerms = ["私单", "价格", "报价", "合同", "发票", "微信", "转账", "优惠"];
    private static readonly string[] CustomerSearches = ["公司", "科技", "张", "李", "138", "电商", "贸易", "王"];

    private static async IAsyncEnumerable<LoadRequest> One(LoadRequest request)
    {
        await Task.CompletedTask;
        yield return request;
    }

    private static async IAsyncEnumerable<LoadRequest> CustomerListAsync(LoadUser u, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        yield return Page(Kinds.CustomersPage, "/sales/customers", u.Sales, "customer-search");
        // The table loads its rows once the page is interactive: page 1 of 50, half the time filtered.
        var search = Random.Shared.Next(2) == 0 ? "&search=" + Uri.EscapeDataString(CustomerSearches[Random.Shared.Next(CustomerSearches.Length)]) : "";
        await Task.CompletedTask;
        yield return Api(Kinds.CustomersList, HttpMethod.Get, "/api/sales/customers?page=1&pageSize=50" + search, u.Sales);
    }

    private static async IAsyncEnumerable<LoadRequest> FollowUpAsync(LoadUser u, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var customer = u.Sales.OwnCustomer();
        yield return Page(Kinds.FollowUpEntryPage, $"/sales/customers/{customer}/follow-up", u.Sales, "follow-up-notes");
        var kind = Random.Shared.Next(10) switch { < 6 => "Call", < 9 => "Chat", _ => "Visit" };
        var body = new
        {
            customerId = customer, kind, durationMinutes = kind == "Call" ? Random.Shared.Next(2, 25) : 0,
            notes = "客户询问年度套餐价格，已发送报价单，约下周二回访确认。",
            nextStep = "回访确认报价",
            nextDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(5)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        await Task.CompletedTask;
        yield return new LoadRequest(Kinds.FollowUpPost, () => Authorised(HttpMethod.Post, "/api/sales/follow-ups", u.Sales, JsonContent.Create(body)), 201);
    }

    private static async IAsyncEnumerable<LoadRequest> ArchiveSearchAsync(LoadUser u, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var term = Uri.EscapeDataString(SearchTerms[Random.Shared.Next(SearchTerms.Length)]);
        yield return Page(Kinds.ArchivePage, "/risk/archive/search?q=" + term, u.Investigator, "search-q");
        // The page searches once its circuit is up (a prerender never reads, or audits, content).
        await Task.CompletedTask;
        yield return Api(Kinds.ArchiveSearch, HttpMethod.Get, $"/api/risk/archive/search?q={term}&page=1&pageSize=20", u.Investigator);
    }

    /// 100 WeCom chat-archive messages as the integration pulls them: salespeople and their
    /// customers, a few with words of the lexicon.
    private static LoadRequest IngestBatch(LoadUser u)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var messages = new List<object>(100);
        for (var i = 0; i < 100; i++)
        {
            var from = WeComSenders[Random.Shared.Next(WeComSenders.Length)];
            var to = "wmload" + Random.Shared.Next(5_000).ToString("D6", CultureInfo.InvariantCulture);
            var outbound = Random.Shared.Next(2) == 0;
            messages.Add(new Dictionary<string, object>
            {
                ["msgid"] = $"load-{u.RunId}-{Interlocked.Increment(ref u.Shared.MessageCounter)}",
                ["action"] = "send", ["from"] = outbound ? from : to, ["tolist"] = new[] { outbound ? to : from }, ["roomid"] = "",
                ["msgtime"] = now - Random.Shared.Next(60_000), ["msgtype"] = "text",
                ["text"] = new { content = ChatLines[Random.Shared.Next(ChatLines.Length)] },
            });
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(new { messages });
        return new LoadRequest(Kinds.Ingest, () =>
        {
            var content = new ByteArrayContent(json);
            content.Headers.ContentType = new("application/json");
            return Authorised(HttpMethod.Post, "/api/risk/messages:batch", u.Integration, content);
        });
    }

    // The WeCom ids of 销售部's salespeople in the demo (account names, else staff + their number).
    private static readonly string[] WeComSenders = ["zhangsan", "lisi", "xiaoli", "staff008", "staff009", "staff010", "staff011", "staff012", "staff013"];

    private static readonly string[] ChatLines =
    [
        "您好，我是仁和的客户经理，想跟您确认一下上次说的年度服务方案。",
        "报价单已经发到您邮箱了，麻烦查收一下，有问题随时联系我。",
        "这个价格是我们这个月的活动价，下个月就恢复原价了。",
        "合同我这边已经盖章了，您看什么时候方便寄回来？",
        "发票抬头和税号麻烦发我一下，我让财务今天开出来。",
        "好的，明天下午三点我过去拜访，到时候当面聊。",
        "收到，谢谢！我们内部讨论一下再回复您。",
        "上次的问题技术同事已经处理好了，您再试一下看看。",
        "加我私人微信吧，私单的话可以再便宜一点。",
        "钱直接转我个人账户就行，走公司流程太慢了。",
        "我们老板说预算要压一压，能不能再优惠百分之五？",
        "没问题，我把续费链接发给您，点开就能付款。",
    ];

    private static LoadRequest Page(string kind, string path, Session session, string marker) =>
        new(kind, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            // A browser's navigation: the sign-in cookie, HTML accepted.
            request.Headers.Add("Cookie", session.Cookie);
            request.Headers.Accept.ParseAdd("text/html");
            request.Headers.AcceptLanguage.ParseAdd("zh-CN");
            return request;
        }, 200, marker);

    private static LoadRequest Api(string kind, HttpMethod method, string path, Session session) =>
        new(kind, () => Authorised(method, path, session, null));

    private static HttpRequestMessage Authorised(HttpMethod method, string path, Session session, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new("Bearer", session.Token);
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        return request;
    }

    /// Picks an action by its share of the hour.
    public static Action Draw()
    {
        var total = Actions.Sum(a => a.PerHour);
        var pick = Random.Shared.Next(total);
        foreach (var action in Actions)
        {
            if (pick < action.PerHour) return action;
            pick -= action.PerHour;
        }
        return Actions[^1];
    }

    /// The mix as a table for the report: each kind's share of the requests.
    public static string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"busy hour of a 1,000-person company: {RequestsPerHour:N0} requests ({RequestsPerHour / 3600.0:F1}/s)");
        foreach (var a in Actions) text.AppendLine(CultureInfo.InvariantCulture, $"  {a.PerHour,6:N0}/h  {a.Name}");
        return text.ToString();
    }
}

/// A signed-in account: the bearer token for /api and the cookie for pages, as its browser and
/// its scripts would hold them; and the customers it can open.
public sealed class Session(string userName, string token, string cookie)
{
    public string UserName { get; } = userName;
    public string Token { get; } = token;
    public string Cookie { get; } = cookie;
    public IReadOnlyList<Guid> Own { get; set; } = [];
    public IReadOnlyList<Guid> Visible { get; set; } = [];

    public Guid OwnCustomer() => Own.Count > 0 ? Own[Random.Shared.Next(Own.Count)] : AnyCustomer();
    public Guid AnyCustomer() => Visible[Random.Shared.Next(Visible.Count)];
}

/// Counters shared by every virtual user of a run.
public sealed class LoadShared
{
    public long MessageCounter;
}

/// One virtual user: a salesperson's own sessions, and the sessions it borrows to act as a
/// manager, an investigator or the WeCom integration when the draw says so.
public sealed class LoadUser(string runId, LoadShared shared, Session sales, Session manager, Session investigator, Session integration)
{
    public string RunId { get; } = runId;
    public LoadShared Shared { get; } = shared;
    public Session Sales { get; } = sales;
    public Session Manager { get; } = manager;
    public Session Investigator { get; } = investigator;
    public Session Integration { get; } = integration;
}
