using System.ComponentModel.DataAnnotations;

namespace Renhe.Modules.Integrations.WeCom.Settings;

/// What the settings page shows: never the secret, only whether one is stored.
public sealed record WeComSettingsView(string CorpId, long AgentId, bool SecretSet, bool Configured, DateTimeOffset? UpdatedAt, string? UpdatedBy,
    Guid? Version);

public sealed class WeComSettingsInput
{
    /// 企业ID, "ww" followed by letters and digits (我的企业 → 企业信息).
    [Required, MaxLength(64), RegularExpression("^[A-Za-z0-9]+$")] public string CorpId { get; set; } = "";
    /// The self-built app's AgentId (应用管理 → 自建应用).
    [Required, Range(1, 9_999_999_999)] public long? AgentId { get; set; }
    /// The app's Secret; empty keeps the stored one.
    [MaxLength(128), RegularExpression("^[A-Za-z0-9_-]+$")] public string? Secret { get; set; }
    /// The version the editor saw; null only for the first save.
    public Guid? Version { get; set; }
}

/// The result of trying the settings: WeCom gave a token and listed departments, or its error.
public sealed record WeComConnectionCheck(bool Ok, int Departments, int? ErrCode, string Message);
