using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Attribution.Data;
using SalesMesh.Contracts.Attribution.V1;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Grpc;

namespace SalesMesh.Attribution.Grpc;

/// <summary>AT-1: the role model in force now, or a historical version by number.</summary>
public sealed class AttributionGrpcService(AttributionDbContext db) : AttributionService.AttributionServiceBase
{
    public const int FullCreditBasisPoints = 10_000;

    public override async Task<GetRoleModelResponse> GetRoleModel(GetRoleModelRequest request, ServerCallContext context)
    {
        if (request.Version < 0)
            throw RpcExceptions.InvalidArgument("版本号不能为负数 / The version cannot be negative.", ("version", "0 = 当前版本，或一个已有的版本号 / 0 = current, or an existing version number"));

        var ct = context.CancellationToken;
        var versions = db.RoleModelVersions.AsNoTracking().Include(v => v.Weights);
        var model = request.Version == 0
            ? await versions.Where(v => v.EffectiveFrom <= DateTimeOffset.UtcNow).OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct)
            : await versions.SingleOrDefaultAsync(v => v.Version == request.Version, ct);
        if (model is null)
        {
            throw request.Version == 0
                ? new RpcException(new Status(StatusCode.FailedPrecondition, "No role model is in force yet."))
                : RpcExceptions.NotFound($"角色模型版本 {request.Version} 不存在 / Role model version {request.Version} does not exist.", "salesmesh.attribution.v1.RoleModel", request.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        // Credit must always add up to exactly 100 % (AT-1); a stored model that does not is
        // corrupt data, and answering with it would silently mis-pay people.
        var sum = model.Weights.Sum(w => w.WeightBasisPoints);
        if (sum != FullCreditBasisPoints)
            throw new RpcException(new Status(StatusCode.DataLoss, $"Role model version {model.Version} weights sum to {sum} basis points, not {FullCreditBasisPoints}."));

        var roleModel = new RoleModel { Version = model.Version, EffectiveFrom = Timestamp.FromDateTimeOffset(model.EffectiveFrom) };
        roleModel.Weights.AddRange(model.Weights.OrderBy(w => w.Role).Select(w => new RoleWeight
        {
            Role = (ContributionRole)w.Role,
            Name = new LocalizedText { ZhCn = w.NameZhCn, En = w.NameEn },
            WeightBasisPoints = w.WeightBasisPoints,
        }));
        return new GetRoleModelResponse { RoleModel = roleModel };
    }
}
