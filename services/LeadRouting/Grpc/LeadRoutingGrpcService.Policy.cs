using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.LeadRouting.Application.Routing;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.Common;
using SalesMesh.ServiceDefaults.Data;
using SalesMesh.ServiceDefaults.Identity;
using DomainValidator = SalesMesh.LeadRouting.Domain.Routing.RoutingPolicyValidator;

namespace SalesMesh.LeadRouting.Grpc;

public sealed partial class LeadRoutingGrpcService
{
    public override async Task<GetRoutingPolicyResponse> GetRoutingPolicy(GetRoutingPolicyRequest request, ServerCallContext context)
    {
        if (!context.RequireCaller().IsSupervisor)
            throw RpcErrors.PermissionDenied(context, "只有主管或管理员可以查看路由策略。", "Only supervisors and admins can read the routing policy.");
        return new GetRoutingPolicyResponse { Policy = await CurrentPolicyMessageAsync(context.CancellationToken) };
    }

    /// <summary>LR-3: validate against roster and territories, then store the next version (optimistic concurrency).</summary>
    public override async Task<PutRoutingPolicyResponse> PutRoutingPolicy(PutRoutingPolicyRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        if (!caller.IsAdmin)
            throw RpcErrors.PermissionDenied(context, "只有管理员可以修改路由策略。", "Only admins can change the routing policy.");
        if (request.Policy is null)
            throw RpcErrors.InvalidArgument(context, "policy", "缺少路由策略", "The policy is required");
        if (request.Comment.Length > MaxReasonLength)
            throw RpcErrors.InvalidArgument(context, "comment", $"说明最多 {MaxReasonLength} 个字符", $"The comment is at most {MaxReasonLength} characters");

        try
        {
            // Under the roster lock: a rep deactivated meanwhile cannot slip past the NO_QUALIFIED_REP check.
            var (policy, record) = await db.InTransactionAsync((db, ct) => RosterTransactionAsync(db, async () =>
            {
                var current = await RoutingPolicyStore.GetCurrentAsync(db, ct);
                var violations = new List<FieldViolation>();
                var policy = RoutingPolicyMapper.ToDomain(request.Policy, current, violations);
                if (policy is not null)
                {
                    var roster = (await RosterLoader.LoadRosterAsync(db, ct)).Select(RosterLoader.ToProfile).ToList();
                    var known = await RosterLoader.KnownTerritoriesAsync(db, ct);
                    violations.AddRange(DomainValidator.Validate(policy with { Version = current.Version + 1 }, roster, known)
                        .Select(v => v with { FieldPath = RoutingPolicyMapper.ApiPath(v.FieldPath) }));
                }
                if (violations.Count > 0)
                    throw RpcErrors.InvalidArgument(context, new("路由策略无效。", "The routing policy is invalid."), violations);
                if (request.ExpectedVersion != current.Version)
                    throw RpcErrors.Aborted(context, $"路由策略已被修改（当前版本 {current.Version}），请刷新后重试。",
                        $"The routing policy changed meanwhile (current version {current.Version}); reload and retry.");

                var record = new RoutingPolicyRecord
                {
                    PolicyId = RoutingPolicyStore.PolicyId,
                    Version = current.Version + 1,
                    Document = DomainJson.Serialize(policy! with { Version = current.Version + 1 }),
                    CreatedAt = time.GetUtcNow(),
                    CreatedBy = caller.UserId,
                    Comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment,
                };
                db.RoutingPolicies.Add(record);
                return (policy, record);
            }, ct), context.CancellationToken);
            return new PutRoutingPolicyResponse { Policy = RoutingPolicyMapper.ToProto(policy with { Version = record.Version }, record.CreatedBy, record.CreatedAt) };
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Someone stored the same next version a moment earlier: the primary key let exactly one win.
            throw RpcErrors.Aborted(context, "路由策略已被修改，请刷新后重试。", "The routing policy changed meanwhile; reload and retry.");
        }
    }

    private async Task<RoutingPolicy> CurrentPolicyMessageAsync(CancellationToken ct)
    {
        var current = await RoutingPolicyStore.GetCurrentAsync(db, ct);
        var stored = await db.RoutingPolicies.AsNoTracking()
            .Where(p => p.PolicyId == RoutingPolicyStore.PolicyId && p.Version == current.Version)
            .Select(p => new { p.CreatedBy, p.CreatedAt })
            .SingleOrDefaultAsync(ct);
        return RoutingPolicyMapper.ToProto(current, stored?.CreatedBy, stored?.CreatedAt);
    }
}
