namespace SalesMesh.Activities.Domain.Pipeline;

/// <summary>An action or field a stage playbook demands, with its bilingual name for error lists.</summary>
public sealed record PlaybookItem(string Key, BilingualText Name);

/// <summary>An open pipeline stage and its playbook (exit criteria: what must be done before leaving it).</summary>
public sealed record StageDefinition(
    string Key,
    BilingualText Name,
    IReadOnlyList<PlaybookItem> RequiredActions,
    IReadOnlyList<PlaybookItem> RequiredFields);

/// <summary>
/// A configurable, ordered list of open stages followed by the two closed stages won (赢单) and
/// lost (输单), whose keys are reserved. Build with <see cref="Create"/>, which validates.
/// </summary>
public sealed class PipelineDefinition
{
    public const string WonKey = "won";
    public const string LostKey = "lost";
    public const int MinRequiredActions = 3;
    public const int MaxRequiredActions = 5;

    public static readonly BilingualText WonName = new("赢单", "Won");
    public static readonly BilingualText LostName = new("输单", "Lost");

    private PipelineDefinition(IReadOnlyList<StageDefinition> stages) => OpenStages = stages;

    public IReadOnlyList<StageDefinition> OpenStages { get; }

    /// <summary>Position of an open stage, or -1.</summary>
    public int IndexOf(string key)
    {
        for (int i = 0; i < OpenStages.Count; i++)
        {
            if (OpenStages[i].Key == key)
            {
                return i;
            }
        }
        return -1;
    }

    public static bool IsClosed(string key) => key is WonKey or LostKey;

    public bool IsKnown(string key) => IsClosed(key) || IndexOf(key) >= 0;

    public BilingualText NameOf(string key) => key switch
    {
        WonKey => WonName,
        LostKey => LostName,
        _ => IndexOf(key) is var i and >= 0 ? OpenStages[i].Name : new BilingualText(key, key),
    };

    public static DomainResult<PipelineDefinition> Create(IReadOnlyList<StageDefinition> stages)
    {
        var errors = new List<DomainError>();
        if (stages.Count == 0)
        {
            errors.Add(Error("pipeline.no_stages", "stages", "销售流程至少需要一个阶段", "A pipeline needs at least one stage"));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            var path = $"stages[{i}]";
            if (TextRules.IsBlank(stage.Key))
            {
                errors.Add(Error("pipeline.blank_stage_key", path + ".key", "阶段编号不能为空", "A stage key must not be blank"));
            }
            else if (IsClosed(stage.Key))
            {
                errors.Add(Error("pipeline.reserved_stage_key", path + ".key", $"“{stage.Key}”是保留的结束阶段",
                    $"'{stage.Key}' is a reserved closed stage"));
            }
            else if (!seen.Add(stage.Key))
            {
                errors.Add(Error("pipeline.duplicate_stage", path + ".key", $"阶段“{stage.Key}”重复", $"Stage '{stage.Key}' appears twice"));
            }
            if (stage.RequiredActions.Count is < MinRequiredActions or > MaxRequiredActions)
            {
                errors.Add(Error("pipeline.playbook_size", path + ".requiredActions",
                    $"阶段“{stage.Name.Zh}”必须绑定 {MinRequiredActions}–{MaxRequiredActions} 个必做动作（当前 {stage.RequiredActions.Count} 个）",
                    $"Stage '{stage.Name.En}' must bind {MinRequiredActions}–{MaxRequiredActions} required actions (has {stage.RequiredActions.Count})"));
            }
        }
        return errors.Count > 0
            ? DomainResult<PipelineDefinition>.Failure(errors)
            : DomainResult<PipelineDefinition>.Success(new PipelineDefinition(stages));
    }

    private static DomainError Error(string code, string path, string zh, string en) => new(code, path, new BilingualText(zh, en));
}
