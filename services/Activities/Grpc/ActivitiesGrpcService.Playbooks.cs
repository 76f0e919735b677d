using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Domain.Pipeline;
using SalesMesh.Activities.Pipeline;
using SalesMesh.Contracts.Activities.V1;
using PlaybookItemKind = SalesMesh.Activities.Domain.Pipeline.PlaybookItemKind;
using PlaybookItem = SalesMesh.Activities.Domain.Pipeline.PlaybookItem;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.Activities.Grpc;

public sealed partial class ActivitiesGrpcService
{
    public override async Task<GetPlaybookResponse> GetPlaybook(GetPlaybookRequest request, ServerCallContext context)
    {
        context.RequireCaller();
        var pipeline = await PipelineStore.LoadAsync(db, context.CancellationToken);
        var stage = RequireOpenStage(context, pipeline.Definition, request.StageCode);
        return new GetPlaybookResponse { Playbook = ToApi(stage, pipeline.Playbooks[stage.Key]) };
    }

    public override async Task<PutPlaybookResponse> PutPlaybook(PutPlaybookRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        if (!caller.IsAdmin)
        {
            throw ApiErrors.AdminOnly(context);
        }
        var actions = ValidatePlaybook(context, request);

        var (stage, record) = await Atomically(context, async (db, ct) =>
        {
            var pipeline = await PipelineStore.LoadAsync(db, ct);
            var current = RequireOpenStage(context, pipeline.Definition, request.StageCode);
            var currentVersion = pipeline.Playbooks[current.Key].Version;
            if (request.ExpectedVersion != currentVersion)
            {
                throw ApiErrors.StaleVersion(context, request.ExpectedVersion, currentVersion);
            }
            var record = new PlaybookRecord
            {
                StageCode = current.Key,
                Version = currentVersion + 1,
                RequiredActions = PlaybookActionsJson.Write(actions),
                RequiredFields = [.. request.RequiredFieldKeys],
                UpdatedAt = Now,
                UpdatedBy = caller.UserId,
            };
            db.Playbooks.Add(record);
            var stage = current with
            {
                RequiredActions = actions,
                RequiredFields = [.. record.RequiredFields.Select(f => new PlaybookItem(f, PlaybookFieldCatalogue.NameOf(f)))],
            };
            return (stage, record);
        }, duplicateKeyMeansConcurrentChange: true);
        return new PutPlaybookResponse { Playbook = ToApi(stage, record) };
    }

    /// <summary>Every problem of a playbook, each naming its field; unknown required fields are named by key.</summary>
    private static IReadOnlyList<Domain.Pipeline.PlaybookItem> ValidatePlaybook(ServerCallContext context, PutPlaybookRequest request)
    {
        var problems = new List<FieldProblem>();
        if (request.RequiredActions.Count is < PipelineDefinition.MinRequiredActions or > PipelineDefinition.MaxRequiredActions)
        {
            problems.Add(new FieldProblem("requiredActions", new(
                $"每个阶段必须绑定 {PipelineDefinition.MinRequiredActions}–{PipelineDefinition.MaxRequiredActions} 个必做动作（当前 {request.RequiredActions.Count} 个）",
                $"A stage must bind {PipelineDefinition.MinRequiredActions}–{PipelineDefinition.MaxRequiredActions} required actions (got {request.RequiredActions.Count})"),
                "pipeline.playbook_size"));
        }
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var actions = new List<Domain.Pipeline.PlaybookItem>();
        for (int i = 0; i < request.RequiredActions.Count; i++)
        {
            var action = request.RequiredActions[i];
            var key = action.Key ?? "";
            if (TextRules.IsBlank(key) || !key.All(char.IsAsciiLetterOrDigit) || !char.IsAsciiLetterLower(key[0]))
            {
                problems.Add(new FieldProblem($"requiredActions[{i}].key", new("动作编号必须是小驼峰英文，例如 productDemoDone",
                    "An action key must be lowerCamelCase ASCII, e.g. productDemoDone"), "pipeline.invalid_action_key"));
            }
            else if (!keys.Add(key))
            {
                problems.Add(new FieldProblem($"requiredActions[{i}].key", new($"动作“{key}”重复", $"Action '{key}' appears twice"), "pipeline.duplicate_action"));
            }
            if (TextRules.IsBlank(action.Name?.ZhCn) || TextRules.IsBlank(action.Name?.En))
            {
                problems.Add(new FieldProblem($"requiredActions[{i}].name", new("动作名称必须同时填写中文和英文", "An action name needs both Chinese and English"), "pipeline.blank_action_name"));
            }
            else
            {
                actions.Add(new Domain.Pipeline.PlaybookItem(key, new BilingualText(TextRules.Trim(action.Name!.ZhCn), TextRules.Trim(action.Name.En))));
            }
        }
        var fields = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < request.RequiredFieldKeys.Count; i++)
        {
            var key = request.RequiredFieldKeys[i];
            if (!PlaybookFieldCatalogue.Contains(key))
            {
                problems.Add(new FieldProblem($"requiredFieldKeys[{i}]", new($"未知字段“{key}”：字段目录中没有这个字段", $"Unknown field '{key}': the field catalogue has no such field"),
                    "pipeline.unknown_field"));
            }
            else if (!fields.Add(key))
            {
                problems.Add(new FieldProblem($"requiredFieldKeys[{i}]", new($"字段“{key}”重复", $"Field '{key}' appears twice"), "pipeline.duplicate_field"));
            }
        }
        ThrowIfAny(problems, context);
        return actions;
    }

    private static StageDefinition RequireOpenStage(ServerCallContext context, PipelineDefinition pipeline, string? code)
    {
        var index = pipeline.IndexOf(code ?? "");
        if (index < 0)
        {
            throw ApiErrors.Invalid(context, "stageCode", "pipeline.unknown_stage",
                $"未知阶段“{code}”（只有进行中的阶段有行动手册）", $"Unknown stage '{code}' (only open stages have playbooks)");
        }
        return pipeline.OpenStages[index];
    }

    private static Playbook ToApi(StageDefinition stage, PlaybookRecord record)
    {
        var api = new Playbook
        {
            StageCode = stage.Key,
            StageName = ProtoConversions.Localized(stage.Name),
            Version = record.Version,
            UpdateUserId = record.UpdatedBy,
            UpdateTime = ProtoConversions.Time(record.UpdatedAt),
        };
        api.RequiredActions.AddRange(stage.RequiredActions.Select(a => OpportunityMapping.ToApi(new MissingPlaybookItem(PlaybookItemKind.Action, a.Key, a.Name))));
        api.RequiredFields.AddRange(stage.RequiredFields.Select(f => OpportunityMapping.ToApi(new MissingPlaybookItem(PlaybookItemKind.Field, f.Key, f.Name))));
        return api;
    }
}
