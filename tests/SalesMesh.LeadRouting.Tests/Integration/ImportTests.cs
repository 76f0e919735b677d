using System.IO.Compression;
using System.Security;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.LeadRouting.V1;

namespace SalesMesh.LeadRouting.Tests.Integration;

/// <summary>LR-1 bulk intake: batches and CSV/XLSX files, row-by-row results, re-import stores nothing twice.</summary>
[Collection(SharedHostCollection.Name)]
public sealed class ImportTests(LeadRoutingHost host)
{
    private readonly LeadRoutingService.LeadRoutingServiceClient _desk = host.As(People.Rep("desk-" + People.Short(), "desk"));

    [Fact]
    public async Task A_batch_takes_in_the_good_rows_and_reports_the_bad_ones()
    {
        var line = "pl-none-" + People.Short();
        var request = new IntakeLeadBatchRequest
        {
            Leads = { People.Lead(People.NewMobile(), line), People.Lead("12345", line), People.Lead(email: $"a.{People.Short()}@example.com", productLine: line) },
        };

        var response = await _desk.IntakeLeadBatchAsync(request);

        Assert.Equal(2, response.AcceptedCount);
        Assert.Equal(1, response.RejectedCount);
        Assert.NotNull(response.Results[0].Accepted);
        Assert.Equal(1, response.Results[1].Row);
        Assert.Equal("phone", Assert.Single(response.Results[1].Violations).Field);
        Assert.Null(response.Results[1].Accepted);
        await Assertions.InvalidArgumentAsync(() => _desk.IntakeLeadBatchAsync(new IntakeLeadBatchRequest()).ResponseAsync, "leads");
    }

    [Fact]
    public async Task A_CSV_file_is_imported_row_by_row_with_the_files_own_row_numbers_and_columns()
    {
        var (good, other) = (People.NewMobile(), People.NewMobile());
        var csv = $"姓名,电话,邮箱,公司,产品线\r\n王磊,{good},,\"杭州{People.Short()}医疗器械有限公司\",pl-none-x\r\n李四,138-abc,,,\r\n赵六,,,,\r\n\"钱, 七\",{other},,,\r\n";
        var fileKey = "csv-" + People.Short();
        var request = new ImportLeadsRequest { FileKey = fileKey, Format = ImportFormat.Csv, Content = ByteString.CopyFromUtf8(csv) };

        var response = await _desk.ImportLeadsAsync(request);

        Assert.Equal([2, 3, 4, 5], response.Results.Select(r => r.Row));
        Assert.Equal(2, response.AcceptedCount);
        Assert.Equal("电话", Assert.Single(response.Results[1].Violations).Field);
        Assert.Equal(["电话", "邮箱"], response.Results[2].Violations.Select(v => v.Field).Order());
        var stored = await host.QueryAsync(db => db.LeadSources.AsNoTracking().SingleAsync(s => s.IdempotencyKey == fileKey + ":5"));
        Assert.Equal("钱, 七", stored.Name);
        Assert.Equal("file-import", stored.Channel);
        Assert.Contains("姓名", stored.Payload, StringComparison.Ordinal); // the row as header → cell

        var before = await host.TableCountsAsync();
        var again = await _desk.ImportLeadsAsync(request);
        Assert.All(again.Results.Where(r => r.Accepted is not null), r => Assert.True(r.Accepted.Replayed));
        Assert.Equal(before, await host.TableCountsAsync());
    }

    [Fact]
    public async Task An_XLSX_file_is_imported()
    {
        var phone = People.NewMobile();
        var xlsx = MinimalXlsx([["name", "phone", "product_tags"], ["Wang Lei", phone, "pl-none-y"], ["Li Si", "not a phone", ""]]);

        var response = await _desk.ImportLeadsAsync(new ImportLeadsRequest
        {
            FileKey = "xlsx-" + People.Short(),
            Format = ImportFormat.Xlsx,
            Content = ByteString.CopyFrom(xlsx),
        });

        Assert.Equal(1, response.AcceptedCount);
        Assert.Equal(3, response.Results[1].Row);
        Assert.Equal("phone", Assert.Single(response.Results[1].Violations).Field);
        var lead = await host.QueryAsync(db => db.Leads.AsNoTracking().SingleAsync(l => l.PhoneNormalized == "+86" + phone));
        Assert.Equal("Wang Lei", lead.Name);
    }

    [Fact]
    public async Task Unreadable_or_oversized_files_are_refused_and_nothing_is_stored()
    {
        var before = await host.TableCountsAsync();
        await Assertions.InvalidArgumentAsync(() => _desk.ImportLeadsAsync(new ImportLeadsRequest
        {
            FileKey = "big", Format = ImportFormat.Csv, Content = ByteString.CopyFrom(new byte[5 * 1024 * 1024 + 1]),
        }).ResponseAsync, "content");
        await Assertions.InvalidArgumentAsync(() => _desk.ImportLeadsAsync(new ImportLeadsRequest
        {
            FileKey = "junk", Format = ImportFormat.Xlsx, Content = ByteString.CopyFromUtf8("this is not a workbook"),
        }).ResponseAsync, "content");
        await Assertions.InvalidArgumentAsync(() => _desk.ImportLeadsAsync(new ImportLeadsRequest
        {
            FileKey = "nocontact", Format = ImportFormat.Csv, Content = ByteString.CopyFromUtf8("姓名,公司\n王磊,某公司\n"),
        }).ResponseAsync, "content");
        await Assertions.InvalidArgumentAsync(() => _desk.ImportLeadsAsync(new ImportLeadsRequest
        {
            FileKey = "fmt", Content = ByteString.CopyFromUtf8("a"),
        }).ResponseAsync, "format");
        Assert.Equal(before, await host.TableCountsAsync());
    }

    /// <summary>The smallest valid workbook (one sheet, inline strings), written by hand: no spreadsheet writer restores here.</summary>
    private static byte[] MinimalXlsx(string[][] rows)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Part(string name, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(xml);
            }
            Part("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
            Part("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Part("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="线索" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Part("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
            var sheet = new StringBuilder("""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
            for (var r = 0; r < rows.Length; r++)
            {
                sheet.Append($"<row r=\"{r + 1}\">");
                for (var c = 0; c < rows[r].Length; c++)
                    sheet.Append($"<c r=\"{(char)('A' + c)}{r + 1}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(rows[r][c])}</t></is></c>");
                sheet.Append("</row>");
            }
            Part("xl/worksheets/sheet1.xml", sheet.Append("</sheetData></worksheet>").ToString());
        }
        return buffer.ToArray();
    }
}
