using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.ServiceDefaults.Data;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Rules;
using SalesMesh.Activities.VisitRecords;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Common.V1;

namespace SalesMesh.Activities.Grpc;

/// <summary>
/// ActivitiesService (protos/salesmesh/activities/v1/activities_service.proto). One partial file per
/// area: customers, opportunities, playbooks, rule sets, visit records, sync, flags. Every method
/// except GetPipelineStages starts with <c>context.RequireCaller()</c>.
/// </summary>
public sealed partial class ActivitiesGrpcService(
    ActivitiesDbContext db,
    TimeProvider time,
    RuleSetStore ruleSets,
    VisitRecordWriter visitRecords) : ActivitiesService.ActivitiesServiceBase
{
    /// <summary>AC-1: the pipeline configuration in force (public configuration data: no identity needed).</summary>
    public override async Task<GetPipelineStagesResponse> GetPipelineStages(GetPipelineStagesRequest request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var version = await db.PipelineStages.MaxAsync(s => (int?)s.Version, ct)
            ?? throw new RpcException(new Status(StatusCode.FailedPrecondition, "No pipeline is configured."));
        var stages = await db.PipelineStages.AsNoTracking()
            .Where(s => s.Version == version)
            .OrderBy(s => s.Position)
            .ToListAsync(ct);
        // The action count comes from the playbook in force (playbooks are versioned separately).
        var pipeline = await Pipeline.PipelineStore.LoadAsync(db, ct);

        var response = new GetPipelineStagesResponse { Version = version };
        response.Stages.AddRange(stages.Select(s => new PipelineStage
        {
            Code = s.Code,
            Name = new LocalizedText { ZhCn = s.NameZhCn, En = s.NameEn },
            Position = s.Position,
            Outcome = OutcomeOf(s.Outcome),
            RequiredActionCount = pipeline.Definition.IndexOf(s.Code) is var i and >= 0
                ? pipeline.Definition.OpenStages[i].RequiredActions.Count
                : s.RequiredActionCount,
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

    private DateTimeOffset Now => time.GetUtcNow();

    /// <summary>
    /// One retried unit of work in a transaction (ServiceDefaults' InTransactionAsync); a lost
    /// optimistic-concurrency race becomes ABORTED instead of an internal error.
    /// </summary>
    private async Task<T> Atomically<T>(ServerCallContext context, Func<ActivitiesDbContext, CancellationToken, Task<T>> work,
        bool duplicateKeyMeansConcurrentChange = false)
    {
        try
        {
            return await db.InTransactionAsync(work, context.CancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw ApiErrors.ChangedConcurrently(context);
        }
        catch (DbUpdateException ex) when (duplicateKeyMeansConcurrentChange && ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Two publishers raced for the same next version: the loser must reload.
            throw ApiErrors.ChangedConcurrently(context);
        }
    }
}
