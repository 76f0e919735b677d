using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.FollowUp.Customers;
using SalesMesh.Activities.Customers;
using SalesMesh.Activities.FollowUp.Common;
using SalesMesh.Activities.FollowUp.Documents;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.Activities.FollowUp.Grpc;

public sealed partial class FollowUpGrpcService
{
    public override async Task<AttachDocumentResponse> AttachDocument(AttachDocumentRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var ct = context.CancellationToken;
        Guid? visitRecordId = string.IsNullOrEmpty(request.VisitRecordId) ? null : FollowUpErrors.RequireId(context, request.VisitRecordId, "visit_record_id");
        var customer = await LoadCustomerAsync(context, caller, request.CustomerId);
        if (visitRecordId is { } visitId && !await db.VisitRecords.AnyAsync(v => v.Id == visitId && v.CustomerId == customer.Id, ct))
        {
            throw CustomerAccess.NotFound(context, "visitRecord", visitId);
        }
        var upload = new DocumentUpload(visitRecordId, FollowUpMapping.KindName(request.Kind) ?? "", request.FileName, request.ContentType, request.Content.Memory);
        var errors = documents.Validate(upload);
        if (errors.Count > 0)
        {
            throw FollowUpErrors.Invalid(context, errors);
        }
        var described = FollowUpDirectory.Describe(customer);
        var stored = await documents.AttachAsync(described, upload, caller.UserId, ct);
        return new AttachDocumentResponse { Document = FollowUpMapping.Document(stored) };
    }

    public override async Task<ListDocumentsResponse> ListDocuments(ListDocumentsRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var customer = await LoadCustomerAsync(context, caller, request.CustomerId);
        var response = new ListDocumentsResponse();
        response.Documents.AddRange((await documents.ListAsync(customer.Id, context.CancellationToken)).Select(FollowUpMapping.Document));
        return response;
    }
}
