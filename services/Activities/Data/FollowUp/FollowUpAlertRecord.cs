namespace SalesMesh.Activities.Data.FollowUp;

/// <summary>
/// An alert the automation raised (touchpoint overdue, review overdue) in the recipients' inbox. It
/// keeps what the automation raised next to every human intervention (AC-10). <see cref="DedupKey"/>
/// is unique, so a timer firing twice never raises the same alert twice.
/// </summary>
public sealed class FollowUpAlertRecord
{
    public Guid Id { get; set; }

    /// <summary>"touchpointOverdue" or "reviewOverdue".</summary>
    public required string Kind { get; set; }

    public required string DedupKey { get; set; }
    public Guid CustomerId { get; set; }
    public Guid VisitRecordId { get; set; }
    public required string MessageZh { get; set; }
    public required string MessageEn { get; set; }
    public required string[] Recipients { get; set; }
    public DateTimeOffset RaisedAt { get; set; }

    /// <summary>JSON array of {visitRecordId, visitedAt, summary}, newest first.</summary>
    public required string RecentVisitsJson { get; set; }

    /// <summary>"active" or "dismissed".</summary>
    public required string State { get; set; }

    /// <summary>JSON array of {actorId, note, at, action}.</summary>
    public required string InterventionsJson { get; set; }
}

public static class AlertKinds
{
    public const string TouchpointOverdue = "touchpointOverdue";
    public const string ReviewOverdue = "reviewOverdue";
}
