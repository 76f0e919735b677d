namespace SalesMesh.LeadRouting.Data;

/// <summary>
/// One intake as stored: what the channel said verbatim (LR-1) next to the normalized keys used
/// for de-duplication (LR-2). Routing, SLA and ownership columns arrive with their issues.
/// </summary>
public sealed class LeadRecord
{
    public Guid Id { get; set; }

    /// <summary>The caller's idempotency key; unique, so a retried intake finds the first lead.</summary>
    public required string IdempotencyKey { get; set; }

    /// <summary>Kebab-case channel name (SalesMesh.Contracts.Events.LeadChannelNames).</summary>
    public required string Channel { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? CapturedAt { get; set; }

    public string? Name { get; set; }
    public string? Phone { get; set; }
    public string? PhoneNormalized { get; set; }
    public string? Email { get; set; }
    public string? EmailNormalized { get; set; }
    public string? Company { get; set; }
    public string? CompanyKey { get; set; }
    public string? City { get; set; }
    public string[] ProductTags { get; set; } = [];

    /// <summary>The channel's raw record as JSON (google.protobuf.Struct in its JSON form).</summary>
    public string? Payload { get; set; }

    public Guid? ReferredBy { get; set; }

    /// <summary>The surviving lead this one was merged into (LR-2), or null for a distinct lead.</summary>
    public Guid? DuplicateOf { get; set; }
}
