using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Domain.Pipeline;

namespace SalesMesh.Activities.Pipeline;

/// <summary>
/// The pipeline in force, as the domain's <see cref="PipelineDefinition"/>: the open stages of the
/// latest pipeline_stages version, each with the latest version of its playbook.
/// </summary>
public static class PipelineStore
{
    public sealed record Loaded(PipelineDefinition Definition, IReadOnlyDictionary<string, PlaybookRecord> Playbooks);

    public static async Task<Loaded> LoadAsync(ActivitiesDbContext db, CancellationToken ct)
    {
        var version = await db.PipelineStages.MaxAsync(s => (int?)s.Version, ct)
            ?? throw new InvalidOperationException("No pipeline is configured (the Initial migration seeds one).");
        var stages = await db.PipelineStages.AsNoTracking()
            .Where(s => s.Version == version && s.Outcome == "open")
            .OrderBy(s => s.Position)
            .ToListAsync(ct);
        var codes = stages.Select(s => s.Code).ToList();
        var playbooks = (await db.Playbooks.AsNoTracking()
                .Where(p => codes.Contains(p.StageCode))
                .ToListAsync(ct))
            .GroupBy(p => p.StageCode)
            .ToDictionary(g => g.Key, g => g.MaxBy(p => p.Version)!);

        var definitions = stages.Select(s =>
        {
            var playbook = playbooks.GetValueOrDefault(s.Code)
                ?? throw new InvalidOperationException($"Stage '{s.Code}' has no playbook.");
            return new StageDefinition(s.Code, new BilingualText(s.NameZhCn, s.NameEn),
                PlaybookActionsJson.Read(playbook.RequiredActions),
                [.. playbook.RequiredFields.Select(f => new PlaybookItem(f, PlaybookFieldCatalogue.NameOf(f)))]);
        }).ToList();
        var definition = PipelineDefinition.Create(definitions);
        if (!definition.IsSuccess)
        {
            throw new InvalidOperationException("The stored pipeline is invalid: " + string.Join("; ", definition.Errors));
        }
        return new Loaded(definition.Value, playbooks);
    }

    public static string FirstStage(PipelineDefinition pipeline) => pipeline.OpenStages[0].Key;

    /// <summary>What the current stage's playbook still misses (empty for a closed stage or a complete playbook).</summary>
    public static IReadOnlyList<MissingPlaybookItem> Missing(PipelineDefinition pipeline, OpportunityRecord opportunity)
    {
        var index = pipeline.IndexOf(opportunity.Stage);
        if (index < 0)
        {
            return [];
        }
        var stage = pipeline.OpenStages[index];
        var filled = OpportunityFields.Filled(opportunity.FieldValues);
        return
        [
            .. stage.RequiredActions.Where(a => !opportunity.CompletedActions.Contains(a.Key))
                .Select(a => new MissingPlaybookItem(PlaybookItemKind.Action, a.Key, a.Name)),
            .. stage.RequiredFields.Where(f => !filled.Contains(f.Key))
                .Select(f => new MissingPlaybookItem(PlaybookItemKind.Field, f.Key, f.Name)),
        ];
    }
}
