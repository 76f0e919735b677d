using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Customers;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Domain.Flags;
using SalesMesh.Activities.Flags;
using SalesMesh.ServiceDefaults.Identity;
using Api = SalesMesh.Contracts.Activities.V1;

namespace SalesMesh.Activities.Grpc;

public sealed partial class ActivitiesGrpcService
{
    /// <summary>AC-10: the domain's <see cref="FlagInterventions"/> decide; the row keeps the raised value and every intervention.</summary>
    public override async Task<Api.OverrideFlagResponse> OverrideFlag(Api.OverrideFlagRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var id = ApiErrors.RequireId(context, request.FlagId, "flagId");
        if (request.Action == Api.FlagAction.Unspecified)
        {
            throw ApiErrors.Invalid(context, "action", "flag.action_required", "请选择关闭或修改", "Choose dismiss or change");
        }
        var row = await Atomically(context, async (db, ct) =>
        {
            var row = await db.AutomaticFlags.SingleOrDefaultAsync(f => f.Id == id, ct);
            if (row is null || !await IsFlagVisibleAsync(db, caller, row, ct))
            {
                throw CustomerAccess.NotFound(context, "flag", id);
            }
            var flag = FlagMapping.ToDomain(row);
            var result = request.Action == Api.FlagAction.Dismiss
                ? FlagInterventions.Dismiss(flag, caller.UserId, request.Note, Now)
                : FlagInterventions.Change(flag, request.NewValue ?? "", caller.UserId, request.Note, Now);
            if (!result.IsSuccess)
            {
                var code = result.Errors.Any(e => e.Code == "flag.not_responsible") ? StatusCode.PermissionDenied
                    : result.Errors.Any(e => e.Code == "flag.already_dismissed") ? StatusCode.FailedPrecondition
                    : StatusCode.InvalidArgument;
                var errors = code == StatusCode.InvalidArgument ? result.Errors : [.. result.Errors.Where(e => e.Code is "flag.not_responsible" or "flag.already_dismissed")];
                throw ApiError.FromDomain(errors, code).ToRpcException(context);
            }
            FlagMapping.Apply(row, result.Value);
            return row;
        });
        return new Api.OverrideFlagResponse { Flag = FlagMapping.ToApi(row) };
    }

    /// <summary>A flag is visible to the people responsible for it and to whoever may see its subject's customer.</summary>
    private static async Task<bool> IsFlagVisibleAsync(ActivitiesDbContext db, Caller caller, AutomaticFlagRecord flag, CancellationToken ct)
    {
        if (flag.ResponsibleUserIds.Contains(caller.UserId))
        {
            return true;
        }
        var visible = db.Customers.VisibleTo(db, caller);
        return flag.SubjectType switch
        {
            AutomaticFlagRecord.SubjectVisitRecord => await db.VisitRecords.AnyAsync(v => v.Id == flag.SubjectId && visible.Any(c => c.Id == v.CustomerId), ct),
            AutomaticFlagRecord.SubjectOpportunity => await db.Opportunities.AnyAsync(o => o.Id == flag.SubjectId && visible.Any(c => c.Id == o.CustomerId), ct),
            AutomaticFlagRecord.SubjectCustomer => await visible.AnyAsync(c => c.Id == flag.SubjectId, ct),
            _ => false,
        };
    }
}
