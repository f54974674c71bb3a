using Renhe.Modules.Risk.Archive;

namespace Renhe.Modules.Risk.Archive.Pages;

public static class ArchiveUi
{
    /// The text cut where highlighting changes: each piece with "keyword", "hit" or null. Where a
    /// searched term and a scanner hit overlap, the keyword wins (it is what the investigator typed).
    public static IReadOnlyList<(string Text, string? Kind)> Segments(string? text, IReadOnlyList<HighlightRange> ranges)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var kinds = new string?[text.Length];
        foreach (var r in ranges.OrderBy(r => r.Kind == "keyword" ? 1 : 0))
            for (var i = Math.Max(0, r.Start); i < Math.Min(text.Length, r.Start + r.Length); i++)
                kinds[i] = r.Kind;
        var pieces = new List<(string, string?)>();
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i < text.Length && kinds[i] == kinds[start]) continue;
            pieces.Add((text[start..i], kinds[start]));
            start = i;
        }
        return pieces;
    }
}
