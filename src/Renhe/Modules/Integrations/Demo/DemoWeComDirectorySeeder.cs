using Microsoft.EntityFrameworkCore;
using Renhe.Modules.Integrations.WeCom.Directory;
using Renhe.Modules.Org.Employees;
using Renhe.Platform.Data;
using Renhe.Platform.Security;

namespace Renhe.Modules.Integrations.Demo;

/// The demo company's WeCom directory as a sync would have stored it yesterday evening, without
/// calling WeCom (the demo is not configured for it): every employed person is a member linked to
/// their employee record, and two members match nobody — 客服小薇, the shared customer-service
/// account, and 王鹏, last summer's intern whose account was never removed. Written through the same
/// matcher as a real sync. Runs once, after the organisation.
public sealed class DemoWeComDirectorySeeder(IDbContextFactory<AppDbContext> dbFactory, FieldCipher cipher, TimeProvider clock)
{
    /// The two members the demo page shows as unmatched.
    public static readonly (string UserId, string Name, string Department, string Position, string Mobile, int Status)[] Unmatched =
    [
        ("kefu01", "客服小薇", "客服部", "客服账号", "13800138001", 1),
        ("wangpeng.intern", "王鹏", "销售部", "销售实习生", "13900139002", 2),
    ];

    public async Task<bool> SeedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.WeComDirectoryMembers.AnyAsync(ct)) return false;
        var seenAt = clock.GetUtcNow().AddHours(-14);
        var employees = await db.Employees.AsNoTracking()
            .Select(e => new
            {
                e.Id, e.Name, e.EmployeeNumber, e.Status, e.PersonalPhoneCipher, e.WeComUserId,
                Department = db.Departments.Where(d => d.Id == e.DepartmentId).Select(d => d.Name).FirstOrDefault(),
                Position = db.Positions.Where(p => p.Id == e.PositionId).Select(p => p.Name).FirstOrDefault(),
            }).ToListAsync(ct);
        var listed = employees.Where(e => DirectoryMatcher.IsEmployed(e.Status) && e.WeComUserId is not null)
            .Select(e => (UserId: e.WeComUserId!, e.Name, Department: e.Department, Position: e.Position, Mobile: PersonalData.NormalisePhone(cipher.Decrypt(e.PersonalPhoneCipher)), Status: 1))
            .Concat(Unmatched.Select(u => (u.UserId, u.Name, Department: (string?)u.Department, Position: (string?)u.Position, Mobile: (string?)u.Mobile, u.Status)))
            .ToList();
        var links = DirectoryMatcher.Match(listed.Select(m => new MemberCandidate(m.UserId, m.Mobile)).ToList(),
                employees.Select(e => new EmployeeCandidate(e.Id, e.EmployeeNumber, e.Status, PersonalData.NormalisePhone(cipher.Decrypt(e.PersonalPhoneCipher)), e.WeComUserId)).ToList(),
                new Dictionary<string, PreviousLink>())
            .ToDictionary(l => l.UserId, StringComparer.Ordinal);
        foreach (var m in listed)
        {
            var row = new WeComDirectoryMember
            {
                UserId = m.UserId, Name = m.Name, Departments = m.Department, Position = m.Position, Status = m.Status, LastSeenAt = seenAt,
                MobileIndex = m.Mobile is null ? null : cipher.BlindIndex(m.Mobile), MobileMasked = m.Mobile is null ? null : PersonalData.MaskPhone(m.Mobile),
            };
            row.Apply(links[m.UserId], seenAt);
            db.WeComDirectoryMembers.Add(row);
        }
        var linked = links.Values.Count(l => l.EmployeeId is not null);
        db.WeComDirectorySyncs.Add(new WeComDirectorySync
        {
            Kind = DirectorySyncKind.Directory, Status = DirectorySyncStatus.Succeeded, StartedBy = "hr",
            StartedAt = seenAt.AddSeconds(-8), HeartbeatAt = seenAt, FinishedAt = seenAt, Done = 3, Total = 3,
            Members = listed.Count, Linked = linked, UnmatchedMembers = listed.Count - linked,
            Ambiguous = links.Values.Count(l => l.Match == MemberMatch.Ambiguous),
        });
        await db.SaveChangesAsync(ct);
        return true;
    }
}
