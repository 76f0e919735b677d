using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Customers;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Pipeline;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.ServiceDefaults.Data;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.Activities.Grpc;

public sealed partial class ActivitiesGrpcService
{
    public override async Task<CreateOpportunityResponse> CreateOpportunity(CreateOpportunityRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var customerId = ApiErrors.RequireId(context, request.CustomerId?.Value, "customerId.value");
        var problems = new List<FieldProblem>();
        var input = NewOpportunity(request.Opportunity ?? new NewOpportunity(), "opportunity", problems);
        ThrowIfAny(problems, context);

        var opportunity = await Atomically(context, async (db, ct) =>
        {
            var customer = await CustomerAccess.LoadVisibleAsync(db, caller, customerId, context, ct);
            var pipeline = await PipelineStore.LoadAsync(db, ct);
            return CustomerFactory.AddOpportunity(db, customer.Id, input!, PipelineStore.FirstStage(pipeline.Definition), Now);
        });
        return new CreateOpportunityResponse { Opportunity = OpportunityMapping.ToApi(opportunity) };
    }

    public override async Task<GetOpportunityResponse> GetOpportunity(GetOpportunityRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var id = ApiErrors.RequireId(context, request.OpportunityId?.Value, "opportunityId.value");
        var opportunity = await LoadVisibleOpportunityAsync(db, caller, id, context, context.CancellationToken);
        var pipeline = await PipelineStore.LoadAsync(db, context.CancellationToken);
        var response = new GetOpportunityResponse { Opportunity = OpportunityMapping.ToApi(opportunity) };
        response.MissingItems.AddRange(PipelineStore.Missing(pipeline.Definition, opportunity).Select(OpportunityMapping.ToApi));
        return response;
    }

    public override async Task<ListOpportunitiesResponse> ListOpportunities(ListOpportunitiesRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var size = PageCursor.Size(context, request.Page?.PageSize ?? 0, 50, 200);
        var cursor = PageCursor.Decode(context, request.Page?.PageToken);
        var visible = db.Customers.VisibleTo(db, caller);
        var query = db.Opportunities.AsNoTracking().Where(o => visible.Any(c => c.Id == o.CustomerId));
        if (!string.IsNullOrEmpty(request.CustomerId?.Value))
        {
            var customerId = ApiErrors.RequireId(context, request.CustomerId.Value, "customerId.value");
            query = query.Where(o => o.CustomerId == customerId);
        }
        var total = await query.LongCountAsync(context.CancellationToken);
        if (cursor is { } after)
        {
            query = query.Where(o => o.UpdatedAt < after.Time || (o.UpdatedAt == after.Time && o.Id.CompareTo(after.Id) < 0));
        }
        var page = await query.OrderByDescending(o => o.UpdatedAt).ThenByDescending(o => o.Id).Take(size + 1).ToListAsync(context.CancellationToken);
        var response = new ListOpportunitiesResponse { Page = new PageResponse { TotalSize = total } };
        response.Opportunities.AddRange(page.Take(size).Select(OpportunityMapping.ToApi));
        if (page.Count > size)
        {
            response.Page.NextPageToken = new PageCursor(page[size - 1].UpdatedAt, page[size - 1].Id).Encode();
        }
        return response;
    }

    public override async Task<RecordPlaybookProgressResponse> RecordPlaybookProgress(RecordPlaybookProgressRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var id = ApiErrors.RequireId(context, request.OpportunityId?.Value, "opportunityId.value");
        var (opportunity, pipeline) = await Atomically(context, async (db, ct) =>
        {
            var opportunity = await LoadVisibleOpportunityAsync(db, caller, id, context, ct);
            CheckVersion(context, opportunity, request.ExpectedVersion);
            RequireOpen(context, opportunity);
            var pipeline = await PipelineStore.LoadAsync(db, ct);

            var knownActions = pipeline.Definition.OpenStages.SelectMany(s => s.RequiredActions).Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
            var problems = new List<FieldProblem>();
            for (int i = 0; i < request.CompletedActions.Count; i++)
            {
                if (!knownActions.Contains(request.CompletedActions[i]))
                {
                    problems.Add(new FieldProblem($"completedActions[{i}]", new($"未知的必做动作“{request.CompletedActions[i]}”",
                        $"Unknown required action '{request.CompletedActions[i]}'"), "pipeline.unknown_action"));
                }
            }
            foreach (var key in request.FieldValues.Keys.Order(StringComparer.Ordinal))
            {
                if (!PlaybookFieldCatalogue.Contains(key))
                {
                    problems.Add(new FieldProblem($"fieldValues[{key}]", new($"未知字段“{key}”", $"Unknown field '{key}'"), "pipeline.unknown_field"));
                }
            }
            ThrowIfAny(problems, context);

            opportunity.CompletedActions = [.. opportunity.CompletedActions.Union(request.CompletedActions, StringComparer.Ordinal)];
            var fields = OpportunityFields.Read(opportunity.FieldValues);
            foreach (var (key, value) in request.FieldValues)
            {
                if (TextRules.IsBlank(value))
                {
                    fields.Remove(key);
                }
                else
                {
                    fields[key] = TextRules.Trim(value);
                }
            }
            opportunity.FieldValues = OpportunityFields.Write(fields);
            Touch(opportunity);
            return (opportunity, pipeline);
        });

        var response = new RecordPlaybookProgressResponse { Opportunity = OpportunityMapping.ToApi(opportunity) };
        response.MissingItems.AddRange(PipelineStore.Missing(pipeline.Definition, opportunity).Select(OpportunityMapping.ToApi));
        return response;
    }

    /// <summary>Loads an opportunity whose customer the caller may see (tracked), or NOT_FOUND.</summary>
    public static async Task<OpportunityRecord> LoadVisibleOpportunityAsync(ActivitiesDbContext db, Caller caller, Guid id,
        ServerCallContext context, CancellationToken ct)
    {
        var visible = db.Customers.VisibleTo(db, caller);
        return await db.Opportunities.Where(o => o.Id == id && visible.Any(c => c.Id == o.CustomerId)).SingleOrDefaultAsync(ct)
            ?? throw CustomerAccess.NotFound(context, "opportunity", id);
    }

    private static void CheckVersion(ServerCallContext context, OpportunityRecord opportunity, int expected)
    {
        if (expected != opportunity.Version)
        {
            throw ApiErrors.StaleVersion(context, expected, opportunity.Version);
        }
    }

    private static void RequireOpen(ServerCallContext context, OpportunityRecord opportunity)
    {
        if (opportunity.Status != OpportunityRecord.StatusOpen)
        {
            throw new ApiError(StatusCode.FailedPrecondition, "pipeline.stage_closed",
                new BilingualText("商机已结束（赢单或输单），不能再修改", "The opportunity is closed (won or lost) and cannot change"), []).ToRpcException(context);
        }
    }

    private void Touch(OpportunityRecord opportunity)
    {
        opportunity.UpdatedAt = Now;
        opportunity.Version++;
    }
}
