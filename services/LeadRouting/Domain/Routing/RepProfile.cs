using SalesMesh.LeadRouting.Domain.Scheduling;

namespace SalesMesh.LeadRouting.Domain.Routing;

/// <summary>A rep as the roster (LR-10) describes them.</summary>
public sealed record RepProfile(
    string RepId,
    string DisplayName,
    string TeamId,
    IReadOnlySet<string> Territories,
    IReadOnlySet<string> Qualifications,
    int Capacity,
    string? SupervisorId = null,
    string? BackupRepId = null,
    WeeklySchedule? Shift = null,
    bool IsActive = true);

/// <summary>Whether one SLA clock of this rep was met; the input of the responsiveness factor.</summary>
public sealed record SlaRecord(DateTimeOffset DueAt, bool Met);

/// <summary>
/// The rep's current routing state, read from storage by the caller at decision time.
/// <see cref="LastAssignedAt"/> drives the fair tie-break: the caller must store the decision's
/// assignment time for the chosen rep, otherwise equal reps are not rotated. The counts are over
/// the policy's windows ending at the decision time (the caller counts them where the data is:
/// a busy team has tens of thousands of contacts a month, and every intake needs them).
/// </summary>
/// <param name="FollowUpsInWindow">Contacts recorded by the rep within the follow-up window.</param>
/// <param name="Sla">SLA clocks of the rep that fell due within the responsiveness window.</param>
public sealed record RepWorkload(
    int OpenLeadCount,
    DateTimeOffset? LastAssignedAt,
    int FollowUpsInWindow,
    SlaTally Sla)
{
    public static RepWorkload Idle { get; } = new(0, null, 0, SlaTally.None);
}

/// <summary>SLA clocks that fell due in a window, and how many of them were met.</summary>
public sealed record SlaTally(int Due, int Met)
{
    public static SlaTally None { get; } = new(0, 0);
}

public sealed record RoutingCandidate(RepProfile Rep, RepWorkload Workload);

/// <summary>The lead being routed.</summary>
public sealed record LeadToRoute(string LeadId, string? Territory, string? ProductLine, string? CustomerId = null);

public enum CallerExclusionReason
{
    /// <summary>The rep breached an SLA on this lead; it is being taken away from them.</summary>
    SlaBreachedOnThisLead,
    /// <summary>The circuit breaker revoked the rep's follow-up rights for this customer (LR-8).</summary>
    FollowUpRightsRevoked,
    /// <summary>The rep released this lead to the public pool.</summary>
    ReleasedThisLead,
}

public sealed record CallerExclusion(string RepId, CallerExclusionReason Reason);

public sealed record RoutingRequest(
    LeadToRoute Lead,
    IReadOnlyList<RoutingCandidate> Candidates,
    IReadOnlyList<CallerExclusion>? Exclusions = null);
