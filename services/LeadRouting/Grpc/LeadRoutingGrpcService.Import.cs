using Grpc.Core;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.LeadRouting.Application.Intake;

namespace SalesMesh.LeadRouting.Grpc;

public sealed partial class LeadRoutingGrpcService
{
    /// <summary>LR-1: a CSV/XLSX file, row by row; bad rows reported with row number, column and message.</summary>
    public override async Task<ImportLeadsResponse> ImportLeads(ImportLeadsRequest request, ServerCallContext context)
    {
        var caller = RequireLeadEntry(context);
        if (string.IsNullOrWhiteSpace(request.FileKey) || request.FileKey.Length > 64)
            throw RpcErrors.InvalidArgument(context, "fileKey", "文件键须为 1–64 个字符", "The file key must be 1–64 characters");
        if (request.Content.IsEmpty)
            throw RpcErrors.InvalidArgument(context, "content", "文件为空", "The file is empty");
        if (request.Content.Length > LeadFileReader.MaxBytes)
            throw RpcErrors.InvalidArgument(context, "content", "文件最大 5 MB", "The file is at most 5 MB");

        IReadOnlyList<ImportRow> rows;
        try
        {
            rows = request.Format switch
            {
                ImportFormat.Csv => LeadFileReader.ReadCsv(request.Content.ToByteArray()),
                ImportFormat.Xlsx => LeadFileReader.ReadXlsx(request.Content.ToByteArray()),
                _ => throw RpcErrors.InvalidArgument(context, "format", "请选择文件格式（CSV 或 XLSX）", "Choose the file format (CSV or XLSX)"),
            };
        }
        catch (ImportFileException ex)
        {
            throw RpcErrors.InvalidArgument(context, "content", ex.Zh, ex.En);
        }
        if (rows.Count > 0 && !LeadImportMapper.HasContactColumn(rows[0].Cells.Keys))
            throw RpcErrors.InvalidArgument(context, "content", "文件缺少“电话”或“邮箱”列", "The file has no phone or e-mail column");

        var results = await IntakeRowsAsync(rows.Select(r => (r.RowNumber, LeadImportMapper.ToRequest(request.FileKey, r))), caller, context);
        var response = new ImportLeadsResponse();
        foreach (var (result, row) in results.Zip(rows))
        {
            // Name the file's own column ("电话"), not the API field, so the uploader finds the cell.
            foreach (var v in result.Violations)
                v.Field = LeadImportMapper.HeaderOf(row, v.Field.Split('.', '[')[0]);
            response.Results.Add(result);
        }
        response.AcceptedCount = response.Results.Count(r => r.Accepted is not null);
        response.RejectedCount = response.Results.Count - response.AcceptedCount;
        return response;
    }
}
