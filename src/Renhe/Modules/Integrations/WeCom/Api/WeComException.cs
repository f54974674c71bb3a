using Renhe.Platform.Problems;

namespace Renhe.Modules.Integrations.WeCom.Api;

/// WeCom answered with an error code. Shown to people as "企业微信返回错误 45009：…" with what to
/// do: codes Renhe knows have their own advice (WeCom.Error.&lt;code&gt;), every other code the general
/// text with WeCom's own errmsg. A 502: the request was fine, the service behind it refused.
public sealed class WeComException : DomainException
{
    /// Codes whose advice is in the module's resources.
    private static readonly HashSet<int> Described = [40001, 40013, 40014, 40056, 40096, 40097, 40100, 42001, 45009, 45033, 48002, 60011, 60111, 84061];

    public WeComException(string api, int errCode, string? errMsg)
        : base(Described.Contains(errCode) ? $"WeCom.Error.{errCode}" : "WeCom.Error.Other", errCode, errMsg ?? "")
    {
        Api = api;
        ErrCode = errCode;
        ErrMsg = errMsg;
        StatusCode = StatusCodes.Status502BadGateway;
        Fallback = $"WeCom {api} errcode {errCode}: {errMsg}";
    }

    public string Api { get; }
    public int ErrCode { get; }
    public string? ErrMsg { get; }

    /// 40014 invalid, 42001 expired, 40082 another app's token: fetch a new token and try once more.
    public bool IsTokenRejected => ErrCode is 40014 or 42001 or 40082;

    /// Frequency and concurrency limits: the same call succeeds later (45009 per minute/hour,
    /// 45033 concurrent calls, 45011 per-member frequency).
    public bool IsFrequencyLimit => ErrCode is 45009 or 45011 or 45033;

    public override string Message => Fallback!;
}

/// Nothing outbound happens until an administrator enters the corp id, agent id and secret.
public sealed class WeComNotConfiguredException() : DomainException("WeCom.NotConfigured")
{
    public override string Message => "WeCom is not configured (corp id, agent id and app secret).";
}
