namespace SalesMesh.Activities.Domain.Pipeline;

public enum PlaybookItemKind
{
    Action,
    Field,
}

public sealed record MissingPlaybookItem(PlaybookItemKind Kind, string Key, BilingualText Name);

/// <summary>
/// Outcome of a stage move. When refused for an unmet playbook, <see cref="Missing"/> lists EVERY
/// missing action and field, and <see cref="Errors"/> holds one error whose zh and en messages name
/// them all.
/// </summary>
public sealed record StageMoveDecision(bool Allowed, IReadOnlyList<MissingPlaybookItem> Missing, IReadOnlyList<DomainError> Errors)
{
    public static readonly StageMoveDecision Allow = new(true, [], []);
}

/// <summary>
/// Stage-move rules (AC-2):
/// - forward moves go one stage at a time (the last open stage moves to won) and require the
///   CURRENT stage's playbook (its exit criteria) to be complete;
/// - moving to lost is always allowed from an open stage (losing a deal must never be blocked);
/// - moving back to an earlier open stage is allowed without a gate (re-diagnosis happens);
/// - won and lost are closed: nothing moves out of them.
/// </summary>
public static class StageGate
{
    public static StageMoveDecision CheckMove(
        PipelineDefinition pipeline,
        string currentStage,
        string targetStage,
        IReadOnlySet<string> completedActions,
        IReadOnlySet<string> filledFields)
    {
        var unknown = new List<DomainError>();
        foreach (var (key, path) in new[] { (currentStage, "currentStage"), (targetStage, "targetStage") })
        {
            if (!pipeline.IsKnown(key))
            {
                unknown.Add(Error("pipeline.unknown_stage", path, $"未知阶段“{key}”", $"Unknown stage '{key}'"));
            }
        }
        if (unknown.Count > 0)
        {
            return Refuse(unknown);
        }
        if (PipelineDefinition.IsClosed(currentStage))
        {
            var name = pipeline.NameOf(currentStage);
            return Refuse([Error("pipeline.stage_closed", "currentStage", $"商机已{name.Zh}，不能再变更阶段",
                $"The opportunity is already {name.En.ToLowerInvariant()}; its stage cannot change")]);
        }
        if (currentStage == targetStage)
        {
            return Refuse([Error("pipeline.same_stage", "targetStage", $"商机已处于“{pipeline.NameOf(currentStage).Zh}”阶段",
                $"The opportunity is already in '{pipeline.NameOf(currentStage).En}'")]);
        }
        if (targetStage == PipelineDefinition.LostKey)
        {
            return StageMoveDecision.Allow;
        }

        int from = pipeline.IndexOf(currentStage);
        int to = targetStage == PipelineDefinition.WonKey ? pipeline.OpenStages.Count : pipeline.IndexOf(targetStage);
        if (to < from)
        {
            return StageMoveDecision.Allow;
        }
        if (to > from + 1)
        {
            var next = from + 1 < pipeline.OpenStages.Count ? pipeline.OpenStages[from + 1].Name : PipelineDefinition.WonName;
            var target = pipeline.NameOf(targetStage);
            return Refuse([Error("pipeline.stage_skipped", "targetStage",
                $"不能跳过阶段：下一阶段是“{next.Zh}”，不能直接进入“{target.Zh}”",
                $"Stages cannot be skipped: the next stage is '{next.En}', not '{target.En}'")]);
        }
        return CheckPlaybook(pipeline, pipeline.OpenStages[from], targetStage, completedActions, filledFields);
    }

    private static StageMoveDecision CheckPlaybook(PipelineDefinition pipeline, StageDefinition stage, string targetStage,
        IReadOnlySet<string> completedActions, IReadOnlySet<string> filledFields)
    {
        var missing = new List<MissingPlaybookItem>();
        foreach (var action in stage.RequiredActions)
        {
            if (!completedActions.Contains(action.Key))
            {
                missing.Add(new MissingPlaybookItem(PlaybookItemKind.Action, action.Key, action.Name));
            }
        }
        foreach (var field in stage.RequiredFields)
        {
            if (!filledFields.Contains(field.Key))
            {
                missing.Add(new MissingPlaybookItem(PlaybookItemKind.Field, field.Key, field.Name));
            }
        }
        if (missing.Count == 0)
        {
            return StageMoveDecision.Allow;
        }
        var target = pipeline.NameOf(targetStage);
        var zh = $"无法进入“{target.Zh}”：“{stage.Name.Zh}”阶段还缺少 {string.Join("、", missing.Select(m => m.Name.Zh))}";
        var en = $"Cannot move to '{target.En}': stage '{stage.Name.En}' is still missing {string.Join(", ", missing.Select(m => m.Name.En))}";
        return new StageMoveDecision(false, missing, [Error("pipeline.playbook_incomplete", "targetStage", zh, en)]);
    }

    private static StageMoveDecision Refuse(IReadOnlyList<DomainError> errors) => new(false, [], errors);

    private static DomainError Error(string code, string path, string zh, string en) => new(code, path, new BilingualText(zh, en));
}
