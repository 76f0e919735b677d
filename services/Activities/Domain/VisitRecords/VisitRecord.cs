namespace SalesMesh.Activities.Domain.VisitRecords;

/// <summary>What a client submits (codes as strings, everything nullable), before validation.</summary>
public sealed record VisitRecordInput
{
    public Guid ClientRecordId { get; init; }
    public string? CustomerId { get; init; }
    public string? RepId { get; init; }
    public DateTimeOffset? VisitedAt { get; init; }
    public string? Budget { get; init; }
    public string? ObjectionType { get; init; }
    public string? BiggestConcern { get; init; }
    public string? PromisedDeliverable { get; init; }
    public NextTouchpointInput? NextTouchpoint { get; init; }
    public GeoPointInput? Gps { get; init; }
    public string? CallRecordingSummaryRef { get; init; }
    public TrialInput? Trial { get; init; }
}

public sealed record NextTouchpointInput(DateTimeOffset? At, IReadOnlyList<string>? Participants, string? Topic);

public sealed record GeoPointInput(double? Latitude, double? Longitude);

public sealed record TrialInput(bool AccountProvided, DateOnly? StartDate, DateOnly? EndDate, string? ClientLoginFrequency);

/// <summary>A validated visit record (拜访纪要). All instants are UTC; RecordedAt is server time.</summary>
public sealed record VisitRecord(
    Guid ClientRecordId,
    string CustomerId,
    string RepId,
    DateTimeOffset VisitedAt,
    DateTimeOffset RecordedAt,
    BudgetStatus Budget,
    ObjectionType? ObjectionType,
    BiggestConcern BiggestConcern,
    RichText? PromisedDeliverable,
    NextTouchpoint NextTouchpoint,
    GeoPoint? Gps,
    string? CallRecordingSummaryRef,
    TrialInfo? Trial);

public sealed record NextTouchpoint(DateTimeOffset At, IReadOnlyList<string> Participants, string Topic);

public readonly record struct GeoPoint(double Latitude, double Longitude);

public sealed record TrialInfo(bool AccountProvided, DateOnly? StartDate, DateOnly? EndDate, string? ClientLoginFrequency);
