using System.Text.Json;
using SalesMesh.Activities.Data.FollowUp;
using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Domain.StatusCards;

namespace SalesMesh.Activities.FollowUp.StatusCards;

/// <summary>Between the stored card row and the domain's <see cref="StatusCard"/>.</summary>
public static class StatusCardMapping
{
    private sealed record StoredReason(string Code, string Zh, string En);

    public static string Name(StatusColor color) => color switch
    {
        StatusColor.Green => "green",
        StatusColor.Yellow => "yellow",
        StatusColor.Red => "red",
        _ => throw new ArgumentOutOfRangeException(nameof(color)),
    };

    public static StatusColor Parse(string name) => name switch
    {
        "green" => StatusColor.Green,
        "yellow" => StatusColor.Yellow,
        "red" => StatusColor.Red,
        // The columns have CHECK constraints; anything else means schema and code disagree.
        _ => throw new InvalidOperationException($"Unknown status colour '{name}'."),
    };

    public static StatusCard ToDomain(StatusCardRecord record)
    {
        var reasons = JsonSerializer.Deserialize<List<StoredReason>>(record.ReasonsJson)!
            .Select(r => new StatusReason(r.Code, new BilingualText(r.Zh, r.En))).ToList();
        StatusOverride? manual = record.OverrideTo is null ? null
            : new StatusOverride(Parse(record.OverrideFrom!), Parse(record.OverrideTo), record.OverrideReason!, record.OverrideActor!, record.OverrideAt!.Value);
        return new StatusCard(record.CustomerId.ToString(),
            new StatusEvaluation(Parse(record.AutomaticColor), reasons, record.EvaluatedAt), manual, record.ConsecutiveReds);
    }

    public static void CopyTo(StatusCard card, StatusCardRecord record, DateTimeOffset now)
    {
        record.AutomaticColor = Name(card.Automatic.Color);
        record.ReasonsJson = ReasonsJson(card.Automatic.Reasons);
        record.EvaluatedAt = card.Automatic.EvaluatedAt;
        record.OverrideFrom = card.Override is null ? null : Name(card.Override.From);
        record.OverrideTo = card.Override is null ? null : Name(card.Override.To);
        record.OverrideReason = card.Override?.Reason;
        record.OverrideActor = card.Override?.ActorId;
        record.OverrideAt = card.Override?.At;
        record.ConsecutiveReds = card.ConsecutiveReds;
        record.UpdatedAt = now;
    }

    public static string ReasonsJson(IReadOnlyList<StatusReason> reasons) =>
        JsonSerializer.Serialize(reasons.Select(r => new StoredReason(r.Code, r.Text.Zh, r.Text.En)).ToList());

    /// <summary>The reasons as one line for events and history ("zh / en; zh / en").</summary>
    public static string Describe(IReadOnlyList<StatusReason> reasons) => string.Join("; ", reasons.Select(r => r.Text.ToString()));
}
