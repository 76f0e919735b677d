using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// One rep's roster entry was created, changed or deactivated in LeadRouting (LR-3 roster management).
/// Carries the whole entry as it now stands, so a consumer can upsert without ordering worries
/// (apply only when <paramref name="Version"/> is newer than what it holds). Activities uses it to
/// know each rep's direct supervisor (witness mode, AC-5) and team.
/// </summary>
/// <param name="UserId">The rep's user id.</param>
/// <param name="DisplayName">Name shown to people, e.g. "王磊".</param>
/// <param name="TeamId">Team id, or null.</param>
/// <param name="SupervisorUserId">Direct supervisor's user id, or null.</param>
/// <param name="Active">False once the rep left the roster (no new leads, no reviews routed to them).</param>
/// <param name="Version">Monotonic per rep; higher wins.</param>
/// <param name="ChangedAtUtc">When the change committed (server clock, UTC).</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record RosterChanged(
    string UserId,
    string DisplayName,
    string? TeamId,
    string? SupervisorUserId,
    bool Active,
    long Version,
    DateTimeOffset ChangedAtUtc)
{
    public const string EventName = "salesmesh.leadrouting.v1.roster-changed";
}
