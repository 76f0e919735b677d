namespace SalesMesh.Activities.Data;

/// <summary>
/// Something the automation raised about a subject (AC-10): e.g. a visit record entered late, a
/// touchpoint overdue, a review escalated. The responsible people may dismiss it or change its
/// value with a note; <see cref="Interventions"/> keeps every such override, so the subject shows
/// it was overridden. AC-OPS raises its own kinds in the same table.
/// </summary>
public sealed class AutomaticFlagRecord
{
    public const string SubjectVisitRecord = "visitRecord";
    public const string SubjectCustomer = "customer";
    public const string SubjectOpportunity = "opportunity";

    public Guid Id { get; set; }

    /// <summary>"visitRecord", "customer" or "opportunity".</summary>
    public required string SubjectType { get; set; }
    public Guid SubjectId { get; set; }

    /// <summary>Stable kind code, e.g. "lateEntry", "touchpointOverdue".</summary>
    public required string Kind { get; set; }

    public required string RaisedValue { get; set; }
    public required string Value { get; set; }

    /// <summary>"active", "changed" or "dismissed".</summary>
    public required string State { get; set; }

    public List<string> ResponsibleUserIds { get; set; } = [];
    public DateTimeOffset RaisedAt { get; set; }

    /// <summary>JSON array of {"actorId","note","at","previousValue","newValue"}.</summary>
    public string Interventions { get; set; } = "[]";

    public int Version { get; set; }
}
