using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Activities.Data;

namespace SalesMesh.Activities.Grpc;

/// <summary>AC-1: the pipeline configuration currently in force, read from the database.</summary>
public sealed class ActivitiesGrpcService(ActivitiesDbContext db) : ActivitiesService.ActivitiesServiceBase
{
    public override async Task<GetPipelineStagesResponse> GetPipelineStages(GetPipelineStagesRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var version = await db.PipelineStages.MaxAsync(s => (int?)s.Version, ct)
            ?? throw new RpcException(new Status(StatusCode.FailedPrecondition, "No pipeline is configured."));
        var stages = await db.PipelineStages.AsNoTracking()
            .Where(s => s.Version == version)
            .OrderBy(s => s.Position)
            .ToListAsync(ct);

        var response = new GetPipelineStagesResponse { Version = version };
        response.Stages.AddRange(stages.Select(s => new PipelineStage
        {
            Code = s.Code,
            Name = new LocalizedText { ZhCn = s.NameZhCn, En = s.NameEn },
            Position = s.Position,
            Outcome = OutcomeOf(s.Outcome),
            RequiredActionCount = s.RequiredActionCount,
        }));
        return response;
    }

    private static StageOutcome OutcomeOf(string outcome) => outcome switch
    {
        "open" => StageOutcome.Open,
        "won" => StageOutcome.Won,
        "lost" => StageOutcome.Lost,
        // The column has a CHECK constraint; reaching this means the schema and code disagree.
        _ => throw new InvalidOperationException($"Unknown stage outcome '{outcome}'."),
    };
}
