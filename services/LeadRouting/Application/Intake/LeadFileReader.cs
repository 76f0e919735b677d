using System.Text;
using ExcelDataReader;

namespace SalesMesh.LeadRouting.Application.Intake;

/// <summary>One data row of an import file: its row number in the file (header = 1) and header → cell text.</summary>
public sealed record ImportRow(int RowNumber, IReadOnlyDictionary<string, string> Cells);

/// <summary>Why a file could not be read at all (as opposed to a bad row).</summary>
public sealed class ImportFileException(string zh, string en) : Exception(en)
{
    public string Zh { get; } = zh;
    public string En { get; } = en;
}

/// <summary>
/// Reads CSV (UTF-8, RFC 4180 quoting) and XLSX (first sheet, via ExcelDataReader) into header →
/// cell rows. Knows nothing about leads: mapping columns to fields is <see cref="LeadImportMapper"/>'s job.
/// </summary>
public static class LeadFileReader
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 5000;

    public static IReadOnlyList<ImportRow> ReadCsv(byte[] content)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw new ImportFileException("CSV 文件须为 UTF-8 编码", "The CSV file must be UTF-8 encoded");
        }
        return ToRows(ParseCsv(text));
    }

    static LeadFileReader() =>
        // ExcelDataReader looks up legacy code pages even for XLSX; .NET only has them after registration.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static IReadOnlyList<ImportRow> ReadXlsx(byte[] content)
    {
        var records = new List<string[]>();
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var reader = ExcelReaderFactory.CreateOpenXmlReader(stream);
            while (reader.Read())
            {
                var cells = new string[reader.FieldCount];
                for (var i = 0; i < reader.FieldCount; i++)
                    cells[i] = Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";
                records.Add(cells);
                if (records.Count > MaxRows + 1)
                    break;
            }
        }
        catch (Exception ex) when (ex is not ImportFileException and not OutOfMemoryException)
        {
            throw new ImportFileException("无法读取 XLSX 文件（文件损坏或不是 XLSX）", "The XLSX file cannot be read (damaged or not XLSX)");
        }
        return ToRows(records);
    }

    private static IReadOnlyList<ImportRow> ToRows(List<string[]> records)
    {
        if (records.Count == 0 || records[0].All(string.IsNullOrWhiteSpace))
            throw new ImportFileException("文件缺少表头行", "The file has no header row");
        if (records.Count - 1 > MaxRows)
            throw new ImportFileException($"一次最多导入 {MaxRows} 行", $"At most {MaxRows} rows per import");

        var headers = records[0].Select(h => h.Trim()).ToArray();
        var rows = new List<ImportRow>();
        for (var r = 1; r < records.Count; r++)
        {
            if (records[r].All(string.IsNullOrWhiteSpace))
                continue; // trailing blank lines are not rows anyone meant
            var cells = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var c = 0; c < headers.Length; c++)
            {
                if (headers[c].Length > 0)
                    cells[headers[c]] = c < records[r].Length ? records[r][c].Trim() : "";
            }
            rows.Add(new ImportRow(r + 1, cells));
        }
        return rows;
    }

    /// <summary>RFC 4180: commas, CRLF or LF, double quotes around fields, "" inside quotes.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add([.. fields]);
                    fields.Clear();
                    if (records.Count > MaxRows + 1)
                        return records;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }
        if (quoted)
            throw new ImportFileException("CSV 文件中有未闭合的引号", "The CSV file has an unclosed quote");
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add([.. fields]);
        }
        return records;
    }
}
