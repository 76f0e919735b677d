using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.LeadRouting.Application.History;
using SalesMesh.ServiceDefaults.Identity;
using DomainBreak = SalesMesh.LeadRouting.Domain.History.ChainBreakKind;

namespace SalesMesh.LeadRouting.Grpc;

public sealed partial class LeadRoutingGrpcService
{
    /// <summary>LR-6: verify one lead's chain (whoever may see the lead) or the whole log (supervisors, admins).</summary>
    public override async Task<VerifyHistoryResponse> VerifyHistory(VerifyHistoryRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var ct = context.CancellationToken;
        // Verify a complete chain: what was committed before this call is linked first.
        await sealer.SealPendingAsync(ct);
        HistoryVerification result;
        if (request.LeadId is null || string.IsNullOrEmpty(request.LeadId.Value))
        {
            if (!caller.IsSupervisor)
                throw RpcErrors.PermissionDenied(context, "只有主管或管理员可以校验全局历史。", "Only supervisors and admins can verify the whole log.");
            result = await HistoryVerifier.VerifyLogAsync(db, ct);
        }
        else
        {
            var leadId = ParseLeadId(context, request.LeadId);
            var lead = await db.Leads.AsNoTracking().SingleOrDefaultAsync(l => l.Id == leadId, ct);
            if (lead is null || !LeadAccess.CanSee(caller, lead, await OwnerSupervisorAsync(lead, ct)))
                throw RpcErrors.LeadNotFound(context);
            result = await HistoryVerifier.VerifyLeadAsync(db, lead, ct);
        }

        var language = RequestLanguage.Of(context);
        var response = new VerifyHistoryResponse
        {
            Intact = result.IsIntact,
            EntriesChecked = result.EntriesChecked,
            HeadSequence = result.HeadSequence,
            HeadHash = result.HeadHash,
        };
        if (result.FirstBreak is { } broken)
        {
            response.BrokenSequence = broken.Sequence;
            response.BrokenEntryId = broken.EntryId.ToString("D");
            response.BreakKind = broken.Kind switch
            {
                DomainBreak.ContentHashMismatch => ChainBreakKind.ContentHashMismatch,
                DomainBreak.PreviousHashMismatch => ChainBreakKind.PreviousHashMismatch,
                DomainBreak.SequenceGap => ChainBreakKind.SequenceGap,
                _ => ChainBreakKind.ForeignEntry,
            };
            response.Message = broken.Message.For(language);
        }
        else if (result.MissingTail is { } tail)
        {
            response.BrokenSequence = result.EntriesChecked + 1;
            response.BreakKind = ChainBreakKind.MissingTail;
            response.Message = tail.For(language);
        }
        return response;
    }
}
