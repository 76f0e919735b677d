namespace SalesMesh.Activities.Data;

/// <summary>
/// A stored visit record (拜访纪要, AC-3) with its typed fields. Times are stamped by the server
/// (<see cref="RecordedAt"/>, <see cref="UpdatedAt"/>). <see cref="ClientRecordId"/> is the
/// offline client's id (AC-8, unique); <see cref="VersionFingerprints"/> keeps the content
/// fingerprint of every version so replays and conflicts are recognised.
/// </summary>
public sealed class StoredVisitRecord
{
    public Guid Id { get; set; }
    public Guid ClientRecordId { get; set; }
    public Guid CustomerId { get; set; }
    public Guid? OpportunityId { get; set; }
    public required string RepUserId { get; set; }

    public DateTimeOffset VisitedAt { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Codes as in VisitCodes: "confirmedAbove500k" / "confirmedBelow500k" / "unconfirmed".</summary>
    public required string Budget { get; set; }
    public string? ObjectionType { get; set; }
    public required string BiggestConcern { get; set; }

    /// <summary>Rich-text markup as submitted; <see cref="PromisedDeliverableText"/> is its visible text (≤ 300 characters).</summary>
    public string? PromisedDeliverable { get; set; }
    public string? PromisedDeliverableText { get; set; }

    public DateTimeOffset NextTouchpointAt { get; set; }
    public List<string> NextTouchpointParticipants { get; set; } = [];
    public required string NextTouchpointTopic { get; set; }

    public double? GpsLatitude { get; set; }
    public double? GpsLongitude { get; set; }
    public string? CallRecordingSummaryRef { get; set; }

    public bool? TrialAccountProvided { get; set; }
    public DateOnly? TrialStartDate { get; set; }
    public DateOnly? TrialEndDate { get; set; }
    public string? TrialClientLoginFrequency { get; set; }

    /// <summary>The rule set (id + version) the record was checked against.</summary>
    public required string RuleSetId { get; set; }
    public int RuleSetVersion { get; set; }

    public int Version { get; set; }
    public List<string> VersionFingerprints { get; set; } = [];

    /// <summary>标准范本 (AC-9): marked by a supervisor as a template for new reps.</summary>
    public bool Exemplary { get; set; }
    public string? ExemplaryMarkedBy { get; set; }
    public DateTimeOffset? ExemplaryMarkedAt { get; set; }
    public string? ExemplaryNote { get; set; }
}
