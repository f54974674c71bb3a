using Renhe.Modules.Risk.Scanning;
using Renhe.Platform.Data;

namespace Renhe.Modules.Risk.Lexicon;

/// One word of the sensitive-word lexicon as administrators keep it (page and import). The
/// scanner is built from the enabled rows; a new installation starts from <see cref="DefaultLexicon"/>.
/// A word belongs to one category; the same word twice is refused.
public sealed class SensitiveWord : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Word { get; set; } = "";
    /// One of <see cref="LexiconCategories"/> or a category an administrator added.
    public string Category { get; set; } = "";
    public HitSeverity Severity { get; set; }
    /// Off: kept in the list but not scanned for (a word that caused false alarms, under review).
    public bool Enabled { get; set; } = true;
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public Guid Version { get; private set; } = Guid.NewGuid();
}
