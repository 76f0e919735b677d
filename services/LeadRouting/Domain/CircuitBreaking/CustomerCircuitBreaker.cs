using SalesMesh.LeadRouting.Domain.Common;

namespace SalesMesh.LeadRouting.Domain.CircuitBreaking;

/// <summary>Status card colours from Activities (AC-7).</summary>
public enum StatusColor
{
    Green,
    Yellow,
    Red,
}

public sealed record StatusEvent(string EventId, string CustomerId, StatusColor Color, DateTimeOffset OccurredAt);

/// <summary>Per customer: consecutive red events and whether the breaker is open (tripped).</summary>
public sealed record BreakerState(string CustomerId, int ConsecutiveReds, bool Tripped, string? LastEventId, DateTimeOffset? LastEventAt)
{
    public static BreakerState Closed(string customerId) => new(customerId, 0, false, null, null);
}

/// <summary>Result of feeding one status event to the breaker. <see cref="TrippedNow"/> is true only on the event that trips it.</summary>
public sealed record BreakerStep(BreakerState State, bool TrippedNow, LocalizedText? Reason);

/// <summary>
/// LR-8: two consecutive red status events for a customer trip the breaker — the lead moves to the
/// cleaning pool and the owner loses follow-up rights for that customer. A green or yellow event in
/// between resets the count. Only an approved appeal (or cleaning) closes the breaker again.
/// Events are applied in occurrence order; a replayed or older event changes nothing.
/// </summary>
public static class CustomerCircuitBreaker
{
    public const int RedsToTrip = 2;

    public static BreakerStep Apply(BreakerState state, StatusEvent e)
    {
        if (e.CustomerId != state.CustomerId)
            throw new ArgumentException($"Event for customer {e.CustomerId} applied to breaker of {state.CustomerId}.", nameof(e));
        if (e.EventId == state.LastEventId || (state.LastEventAt is { } last && e.OccurredAt < last))
            return new BreakerStep(state, false, null);

        var reds = e.Color == StatusColor.Red ? state.ConsecutiveReds + 1 : 0;
        var tripsNow = !state.Tripped && reds >= RedsToTrip;
        var next = state with { ConsecutiveReds = reds, Tripped = state.Tripped || tripsNow, LastEventId = e.EventId, LastEventAt = e.OccurredAt };
        return new BreakerStep(next, tripsNow, tripsNow
            ? new LocalizedText($"客户连续 {reds} 次被标为红色，线索移入待清洗池，跟进权收回", $"The customer was marked red {reds} times in a row; the lead moves to the cleaning pool and follow-up rights are revoked")
            : null);
    }

    /// <summary>After an approved appeal: closed, count reset, event ordering kept so replays stay ignored.</summary>
    public static BreakerState Reset(BreakerState state) => state with { ConsecutiveReds = 0, Tripped = false };
}
