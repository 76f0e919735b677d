using System.Text.Json;
using System.Text.Json.Serialization;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Domain.Flags;
using SalesMesh.Activities.Grpc;
using Api = SalesMesh.Contracts.Activities.V1;

namespace SalesMesh.Activities.Flags;

/// <summary>Stored flag ⇄ the domain's <see cref="AutomaticFlag"/> (whose rules decide overrides) ⇄ wire.</summary>
public static class FlagMapping
{
    public const string StateActive = "active";
    public const string StateChanged = "changed";
    public const string StateDismissed = "dismissed";

    public static AutomaticFlag ToDomain(AutomaticFlagRecord row) =>
        new(row.Id, row.Kind, row.SubjectId.ToString(), row.RaisedValue, row.ResponsibleUserIds, row.RaisedAt)
        {
            State = row.State switch { StateChanged => FlagState.Changed, StateDismissed => FlagState.Dismissed, _ => FlagState.Active },
            Value = row.Value,
            Interventions = ReadInterventions(row.Interventions),
        };

    /// <summary>Writes the domain's decision back onto the row (state, value, the full intervention list).</summary>
    public static void Apply(AutomaticFlagRecord row, AutomaticFlag flag)
    {
        row.State = flag.State switch { FlagState.Changed => StateChanged, FlagState.Dismissed => StateDismissed, _ => StateActive };
        row.Value = flag.Value;
        row.Interventions = JsonSerializer.Serialize(
            flag.Interventions.Select(i => new StoredIntervention(i.ActorId, i.Note, i.At, i.PreviousValue, i.NewValue)).ToArray(),
            FlagJsonContext.Default.StoredInterventionArray);
        row.Version++;
    }

    public static Api.AutomaticFlag ToApi(AutomaticFlagRecord row)
    {
        var interventions = ReadInterventions(row.Interventions);
        var api = new Api.AutomaticFlag
        {
            FlagId = row.Id.ToString(),
            Kind = row.Kind,
            RaisedValue = row.RaisedValue,
            Value = row.Value,
            State = row.State,
            RaiseTime = ProtoConversions.Time(row.RaisedAt),
            WasOverridden = interventions.Count > 0,
        };
        api.ResponsibleUserIds.AddRange(row.ResponsibleUserIds);
        api.Interventions.AddRange(interventions.Select(i => new Api.FlagIntervention
        {
            ActorUserId = i.ActorId,
            Note = i.Note,
            Time = ProtoConversions.Time(i.At),
            PreviousValue = i.PreviousValue,
            NewValue = i.NewValue ?? "",
        }));
        return api;
    }

    private static IReadOnlyList<FlagIntervention> ReadInterventions(string json) =>
        [.. (JsonSerializer.Deserialize(json, FlagJsonContext.Default.StoredInterventionArray) ?? [])
            .Select(i => new FlagIntervention(i.ActorId, i.Note, i.At, i.PreviousValue, i.NewValue))];
}

internal sealed record StoredIntervention(
    [property: JsonPropertyName("actorId")] string ActorId,
    [property: JsonPropertyName("note")] string Note,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("previousValue")] string PreviousValue,
    [property: JsonPropertyName("newValue")] string? NewValue);

[JsonSerializable(typeof(StoredIntervention[]))]
internal sealed partial class FlagJsonContext : JsonSerializerContext;
