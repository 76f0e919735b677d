using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// A high-value visit record (customer value above the witness threshold, AC-5) waits for the rep's
/// direct supervisor's review, due 2 hours after submission. Published by Activities through its
/// outbox; notification channels consume it to tell the supervisor.
/// </summary>
/// <param name="VisitRecordId">The record under review (one review per record).</param>
/// <param name="CustomerId">Its customer.</param>
/// <param name="RepUserId">The rep who submitted it.</param>
/// <param name="SupervisorUserId">The rep's direct supervisor (from the roster), who must review; null when
/// the roster names none — then the review is routed to the supervisors of <paramref name="RoutedToTeamId"/>
/// and to admins.</param>
/// <param name="CustomerValue">The customer value that crossed the threshold.</param>
/// <param name="Currency">ISO currency of <paramref name="CustomerValue"/>.</param>
/// <param name="SubmittedAtUtc">When the record was submitted (server time).</param>
/// <param name="DueAtUtc">Submission + 2 h.</param>
/// <param name="RoutedToTeamId">Only for a review without a direct supervisor: the team whose supervisors
/// (and the admins) may review it; null when the rep has no team either (admins only), or when assigned.</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record ReviewRequested(
    Guid VisitRecordId,
    Guid CustomerId,
    string RepUserId,
    string? SupervisorUserId,
    decimal CustomerValue,
    string Currency,
    DateTimeOffset SubmittedAtUtc,
    DateTimeOffset DueAtUtc,
    string? RoutedToTeamId = null)
{
    public const string EventName = "salesmesh.activities.v1.review-requested";
}
