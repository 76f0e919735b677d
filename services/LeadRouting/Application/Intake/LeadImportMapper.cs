using Google.Protobuf.WellKnownTypes;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.LeadRouting.V1;

namespace SalesMesh.LeadRouting.Application.Intake;

/// <summary>
/// Import columns → IntakeLeadRequest. Headers in Chinese or English (case-insensitive); unknown
/// columns are kept in the payload, so nothing in the file is lost (LR-1).
/// </summary>
public static class LeadImportMapper
{
    private static readonly Dictionary<string, string> FieldOfHeader = new(StringComparer.OrdinalIgnoreCase)
    {
        ["姓名"] = "name", ["联系人"] = "name", ["name"] = "name",
        ["电话"] = "phone", ["手机"] = "phone", ["phone"] = "phone", ["mobile"] = "phone",
        ["邮箱"] = "email", ["email"] = "email", ["e-mail"] = "email",
        ["公司"] = "company", ["company"] = "company",
        ["城市"] = "city", ["city"] = "city",
        ["地域"] = "territory", ["territory"] = "territory",
        ["产品线"] = "productTags", ["product_tags"] = "productTags", ["productTags"] = "productTags", ["product"] = "productTags",
    };

    /// <summary>False when the file has neither a phone nor an e-mail column: every row would be refused.</summary>
    public static bool HasContactColumn(IEnumerable<string> headers) =>
        headers.Any(h => FieldOfHeader.TryGetValue(h, out var f) && f is "phone" or "email");

    /// <summary>The header a field was read from, for row error messages ("phone" → "电话").</summary>
    public static string HeaderOf(ImportRow row, string field) =>
        row.Cells.Keys.FirstOrDefault(h => FieldOfHeader.TryGetValue(h, out var f) && f == field) ?? field;

    public static IntakeLeadRequest ToRequest(string fileKey, ImportRow row)
    {
        var request = new IntakeLeadRequest
        {
            IdempotencyKey = $"{fileKey}:{row.RowNumber}",
            Channel = LeadChannel.FileImport,
            Payload = new Struct(),
        };
        foreach (var (header, value) in row.Cells)
        {
            request.Payload.Fields[header] = Value.ForString(value);
            if (!FieldOfHeader.TryGetValue(header, out var field))
                continue;
            switch (field)
            {
                case "name": request.Name = value; break;
                case "phone": request.Phone = value; break;
                case "email": request.Email = value; break;
                case "company": request.Company = value; break;
                case "city": request.City = value; break;
                case "territory": request.Territory = value; break;
                case "productTags":
                    request.ProductTags.Add(value.Split([';', '；', '，', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
            }
        }
        return request;
    }
}
