using SalesMesh.LeadRouting.Domain.Common;

namespace SalesMesh.LeadRouting.Domain.CircuitBreaking;

/// <summary>Status card colours from Activities (AC-7).</summary>
public enum StatusColor
{
    Green,
    Yellow,
    Red,
}

/// <summary>
/// One status-card change as Activities published it. <paramref name="ConsecutiveReds"/> is Activities'
/// red streak including this change (0 when not red): Activities serialises a customer's card changes,
/// so its count is the truth about their order, whatever order the events arrive in here.
/// </summary>
public sealed record StatusEvent(string EventId, string CustomerId, StatusColor Color, int ConsecutiveReds, DateTimeOffset OccurredAt);

/// <summary>
/// Per customer: the red streak as the newest applied event reports it, whether the breaker is open
/// (tripped), the newest applied event, and the moment up to which an approved appeal forgave the
/// customer's reds (events that occurred until then never trip the breaker again).
/// </summary>
public sealed record BreakerState(string CustomerId, int ConsecutiveReds, bool Tripped, string? LastEventId, DateTimeOffset? LastEventAt,
    DateTimeOffset? ForgivenThrough = null)
{
    public static BreakerState Closed(string customerId) => new(customerId, 0, false, null, null);
}

/// <summary>Result of feeding one status event to the breaker. <see cref="TrippedNow"/> is true only on the event that trips it.</summary>
public sealed record BreakerStep(BreakerState State, bool TrippedNow, LocalizedText? Reason);

/// <summary>
/// LR-8: two consecutive red markings of a customer trip the breaker — the lead moves to the cleaning
/// pool and the owner loses follow-up rights for that customer. The count is Activities' own
/// (<see cref="StatusEvent.ConsecutiveReds"/>): the red that brings a streak to exactly
/// <see cref="RedsToTrip"/> trips it, once per streak, in whatever order the events arrive (two reds in
/// flight at once, applied newest first, still trip it exactly once). A green or yellow in between
/// starts a new streak on Activities' side. While tripped nothing trips it again; only an approved
/// appeal closes it (<see cref="Reset"/>), and what occurred before that — a late or replayed red, an
/// older green — neither re-trips nor re-opens it. The stored streak follows the newest event only.
/// </summary>
public static class CustomerCircuitBreaker
{
    public const int RedsToTrip = 2;

    public static BreakerStep Apply(BreakerState state, StatusEvent e)
    {
        if (e.CustomerId != state.CustomerId)
            throw new ArgumentException($"Event for customer {e.CustomerId} applied to breaker of {state.CustomerId}.", nameof(e));
        if (e.EventId == state.LastEventId)
            return new BreakerStep(state, false, null);

        var forgiven = state.ForgivenThrough is { } through && e.OccurredAt <= through;
        var tripsNow = !state.Tripped && !forgiven && e.Color == StatusColor.Red && e.ConsecutiveReds == RedsToTrip;
        var newest = state.LastEventAt is not { } last || e.OccurredAt > last;
        var next = state with
        {
            Tripped = state.Tripped || tripsNow,
            ConsecutiveReds = newest ? (e.Color == StatusColor.Red ? e.ConsecutiveReds : 0) : state.ConsecutiveReds,
            LastEventId = newest ? e.EventId : state.LastEventId,
            LastEventAt = newest ? e.OccurredAt : state.LastEventAt,
        };
        return new BreakerStep(next, tripsNow, tripsNow
            ? new LocalizedText($"客户连续 {RedsToTrip} 次被标为红色，线索移入待清洗池，跟进权收回",
                $"The customer was marked red {RedsToTrip} times in a row; the lead moves to the cleaning pool and follow-up rights are revoked")
            : null);
    }

    /// <summary>
    /// After an approved appeal at <paramref name="approvedAt"/>: closed, and every status change that
    /// occurred until then (or until the newest event applied, if that is later) is forgiven, so a late
    /// red of the judged period cannot trip it again. A streak that reaches two afterwards trips it again.
    /// </summary>
    public static BreakerState Reset(BreakerState state, DateTimeOffset approvedAt) => state with
    {
        Tripped = false,
        ForgivenThrough = state.LastEventAt is { } last && last > approvedAt ? last : approvedAt,
    };
}
