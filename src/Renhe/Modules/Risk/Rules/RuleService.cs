using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Renhe.Platform.Data;
using Renhe.Platform.Localization;
using Renhe.Platform.Security;
using Renhe.Platform.Validation;

namespace Renhe.Modules.Risk.Rules;

/// The alert rules: the defaults a company starts with, edits (each a revision saying who changed
/// what, when), and custom rules.
public sealed class RuleService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, InputValidator validator,
    IStringLocalizer<Strings> l, TimeProvider clock)
{
    /// Writes the default rules once in the life of an installation (not again if someone deleted
    /// or renamed them: only missing codes are added, and only while no rule was ever revised by a person).
    public async Task<int> SeedDefaultsAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await db.RiskRules.AnyAsync(ct)) return 0;
        var now = clock.GetUtcNow();
        foreach (var (code, template, severity, settings) in DefaultRules.All)
        {
            var rule = new RiskRule { Code = code };
            var revision = rule.Change(l["Risk.Rule.Default." + code], template, severity, true, settings, RuleScope.Everywhere, "system", now)!;
            db.RiskRules.Add(rule);
            db.RiskRuleRevisions.Add(revision);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return 0; // another instance seeded first (Code is unique)
        }
        return DefaultRules.All.Count;
    }

    public async Task<IReadOnlyList<RuleRow>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return (await db.RiskRules.AsNoTracking().OrderBy(r => r.Code).ToListAsync(ct)).Select(Row).ToList();
    }

    public async Task<RuleRow> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return Row(await db.RiskRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new Platform.Problems.NotFoundException());
    }

    public async Task<RuleRow> CreateAsync(RuleInput input, CancellationToken ct)
    {
        validator.EnsureValid(input);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rule = new RiskRule { Code = "custom-" + Guid.CreateVersion7().ToString("N")[^12..] };
        var revision = rule.Change(input.Name.Trim(), input.Template, input.Severity, input.Enabled, input.Settings.ToSettings(),
            input.Scope?.ToScope() ?? RuleScope.Everywhere, user.UserName ?? "", clock.GetUtcNow())!;
        db.RiskRules.Add(rule);
        db.RiskRuleRevisions.Add(revision);
        await db.SaveChangesAsync(ct);
        return Row(rule);
    }

    public async Task<RuleRow> UpdateAsync(Guid id, RuleUpdate update, CancellationToken ct)
    {
        validator.EnsureValid(update);
        var input = update.Rule;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rule = await db.RiskRules.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new Platform.Problems.NotFoundException();
        db.ExpectVersion(rule, update.Version);
        var revision = rule.Change(input.Name.Trim(), input.Template, input.Severity, input.Enabled, input.Settings.ToSettings(),
            input.Scope?.ToScope() ?? RuleScope.Everywhere, user.UserName ?? "", clock.GetUtcNow());
        if (revision is not null) db.RiskRuleRevisions.Add(revision);
        await db.SaveChangesAsync(ct);
        return Row(rule);
    }

    public async Task<IReadOnlyList<RuleRevisionRow>> RevisionsAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (!await db.RiskRules.AnyAsync(r => r.Id == id, ct)) throw new Platform.Problems.NotFoundException();
        return await db.RiskRuleRevisions.AsNoTracking().Where(r => r.RuleId == id).OrderByDescending(r => r.Revision)
            .Select(r => new RuleRevisionRow(r.Revision, r.At, r.By, r.Changes, r.Snapshot)).ToListAsync(ct);
    }

    private static RuleRow Row(RiskRule r) =>
        new(r.Id, r.Code, r.Name, r.Template, r.Severity, r.Enabled, r.Settings, r.Scope, r.Revision, r.UpdatedAt, r.UpdatedBy, r.Version);
}
