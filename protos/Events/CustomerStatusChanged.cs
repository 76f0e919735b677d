using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// A customer's status card changed colour (AC-6), automatically or by a person's override.
/// Published by Activities through its outbox. LeadRouting's circuit breaker (LR-9) consumes it:
/// two consecutive reds for the customer of a lead move that lead to the cleaning pool and revoke
/// the rep's follow-up rights.
/// </summary>
/// <param name="CustomerId">Activities' customer id.</param>
/// <param name="LeadId">The LeadRouting lead the customer was converted from, or null for customers created by hand.</param>
/// <param name="OwnerUserId">The rep who owns the customer.</param>
/// <param name="PreviousStatus">"green", "yellow" or "red"; null for the first card.</param>
/// <param name="Status">"green", "yellow" or "red".</param>
/// <param name="ConsecutiveReds">How many red evaluations in a row, this one included (0 when not red).</param>
/// <param name="Automatic">True when the system set it (e.g. 60 days without effective interaction), false for a person's override.</param>
/// <param name="Reason">Why, in words a person can read (the override reason or the automatic rule).</param>
/// <param name="ChangedAtUtc">When the change committed (server clock, UTC).</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record CustomerStatusChanged(
    Guid CustomerId,
    Guid? LeadId,
    string OwnerUserId,
    string? PreviousStatus,
    string Status,
    int ConsecutiveReds,
    bool Automatic,
    string Reason,
    DateTimeOffset ChangedAtUtc)
{
    public const string EventName = "salesmesh.activities.v1.customer-status-changed";
}
