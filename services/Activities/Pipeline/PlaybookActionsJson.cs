using System.Text.Json;
using System.Text.Json.Serialization;
using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Domain.Pipeline;

namespace SalesMesh.Activities.Pipeline;

/// <summary>The stored form of a playbook's required actions (<c>playbooks.required_actions</c>, jsonb).</summary>
public static class PlaybookActionsJson
{
    public static string Write(IEnumerable<PlaybookItem> actions) =>
        JsonSerializer.Serialize(actions.Select(a => new StoredAction(a.Key, a.Name.Zh, a.Name.En)).ToArray(), PlaybookJsonContext.Default.StoredActionArray);

    public static IReadOnlyList<PlaybookItem> Read(string json) =>
        [.. (JsonSerializer.Deserialize(json, PlaybookJsonContext.Default.StoredActionArray) ?? [])
            .Select(a => new PlaybookItem(a.Key, new BilingualText(a.Zh, a.En)))];
}

internal sealed record StoredAction(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("zh")] string Zh,
    [property: JsonPropertyName("en")] string En);

[JsonSerializable(typeof(StoredAction[]))]
internal sealed partial class PlaybookJsonContext : JsonSerializerContext;
