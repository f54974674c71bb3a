using System.Text;
using System.Text.Encodings.Web;

namespace Renhe.Modules.Risk.Evidence;

/// A small, self-contained printable HTML document: no scripts, no external resources, every text encoded.
internal sealed class EvidenceReportHtml
{
    private readonly StringBuilder _html = new();
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private static string E(string s) => Encoder.Encode(s);

    public void Start(string title) => _html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").Append(E(title))
        .Append("</title><style>body{font-family:\"Noto Sans CJK SC\",\"Noto Serif CJK SC\",\"Microsoft YaHei\",sans-serif;margin:2em;line-height:1.5}")
        .Append("table{border-collapse:collapse;margin:.5em 0;width:100%}td,th{border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top}")
        .Append("th{background:#eee}pre{white-space:pre-wrap;word-break:break-all;background:#f6f6f6;padding:6px}")
        .Append("td.k{width:9em;color:#444}h3{page-break-after:avoid}@media print{h2{page-break-before:auto}}</style></head><body>\n");

    public void Heading(int level, string text) => _html.Append("<h").Append(level).Append('>').Append(E(text)).Append("</h").Append(level).Append(">\n");

    public void Paragraph(string text) => _html.Append("<p>").Append(E(text)).Append("</p>\n");

    public void Pre(string text) => _html.Append("<pre>").Append(E(text)).Append("</pre>\n");

    public void Pairs(IEnumerable<(string Key, string Value)> rows)
    {
        _html.Append("<table>");
        foreach (var (k, v) in rows) _html.Append("<tr><td class=\"k\">").Append(E(k)).Append("</td><td>").Append(E(v)).Append("</td></tr>");
        _html.Append("</table>\n");
    }

    public void Table(IReadOnlyList<string> headers, IEnumerable<string[]> rows)
    {
        _html.Append("<table><tr>");
        foreach (var h in headers) _html.Append("<th>").Append(E(h)).Append("</th>");
        _html.Append("</tr>");
        foreach (var row in rows)
        {
            _html.Append("<tr>");
            foreach (var cell in row) _html.Append("<td>").Append(E(cell)).Append("</td>");
            _html.Append("</tr>");
        }
        _html.Append("</table>\n");
    }

    public string End() => _html.Append("</body></html>\n").ToString();
}
