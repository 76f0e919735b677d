using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.Revenue.V1;
using SalesMesh.Revenue.Data;

namespace SalesMesh.Revenue.Grpc;

/// <summary>RV-4: the revenue bases and which one reports use by default, read from the database.</summary>
public sealed class RevenueGrpcService(RevenueDbContext db) : RevenueService.RevenueServiceBase
{
    public override async Task<GetRevenueBasesResponse> GetRevenueBases(GetRevenueBasesRequest request, ServerCallContext context)
    {
        var bases = await db.RevenueBases.AsNoTracking().OrderBy(b => b.Position).ToListAsync(context.CancellationToken);
        var response = new GetRevenueBasesResponse();
        response.Bases.AddRange(bases.Select(b => new RevenueBasisInfo
        {
            Basis = (RevenueBasis)b.Basis,
            Name = new LocalizedText { ZhCn = b.NameZhCn, En = b.NameEn },
            Description = new LocalizedText { ZhCn = b.DescriptionZhCn, En = b.DescriptionEn },
            IsDefault = b.IsDefault,
        }));
        return response;
    }
}
