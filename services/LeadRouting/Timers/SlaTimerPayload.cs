using System.Text.Json;

namespace SalesMesh.LeadRouting.Timers;

/// <summary>
/// What an SLA timer remembers about the assignment that started its clocks. The due times are
/// fixed when the lead is assigned (policy and business hours of that moment), so a later policy
/// edit does not move clocks that are already running.
/// </summary>
public sealed record SlaTimerPayload(Guid AssignmentId, string RepUserId, DateTimeOffset AssignedAt, DateTimeOffset ViewDueAt, DateTimeOffset FirstCallDueAt)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SlaTimerPayload FromJson(string json) =>
        JsonSerializer.Deserialize<SlaTimerPayload>(json, Json) ?? throw new JsonException("Empty SLA timer payload.");
}
