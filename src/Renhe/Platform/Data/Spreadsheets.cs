using MiniExcelLibs;

namespace Renhe.Platform.Data;

/// Reading uploaded tables (Excel and CSV) the same way everywhere.
public static class Spreadsheets
{
    /// Rows keyed by the heading row's texts. Excel on Chinese Windows saves CSV as GB18030 (ANSI);
    /// everything else sends UTF-8, so the encoding is decided by whether the bytes are valid UTF-8.
    public static async Task<List<IDictionary<string, object?>>> ReadRowsAsync(Stream file, ExcelType type, CancellationToken ct)
    {
        var content = new MemoryStream();
        await file.CopyToAsync(content, ct);
        content.Position = 0;
        var configuration = type == ExcelType.CSV
            ? new MiniExcelLibs.Csv.CsvConfiguration { StreamReaderFunc = s => new StreamReader(s, CsvEncoding(content.GetBuffer().AsSpan(0, (int)content.Length))) }
            : null;
        return content.Query(useHeaderRow: true, excelType: type, configuration: configuration).Cast<IDictionary<string, object?>>().ToList();
    }

    public static System.Text.Encoding CsvEncoding(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _ = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetCharCount(bytes);
            return System.Text.Encoding.UTF8;
        }
        catch (System.Text.DecoderFallbackException)
        {
            System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
            return System.Text.Encoding.GetEncoding("GB18030");
        }
    }
}
