using SalesMesh.LeadRouting.Data.Operations;
using SalesMesh.LeadRouting.Domain.CircuitBreaking;

namespace SalesMesh.LeadRouting.Operations.CircuitBreaking;

/// <summary>The stored breaker row ↔ the domain's <see cref="BreakerState"/>.</summary>
internal static class BreakerRows
{
    public static BreakerState ToState(CustomerBreakerRecord row) =>
        new(row.CustomerId.ToString("D"), row.ConsecutiveReds, row.Tripped, row.LastEventId, row.LastEventAt, row.ForgivenThrough);

    public static void Store(CustomerBreakerRecord row, BreakerState state, DateTimeOffset now)
    {
        row.ConsecutiveReds = state.ConsecutiveReds;
        row.Tripped = state.Tripped;
        row.LastEventId = state.LastEventId;
        row.LastEventAt = state.LastEventAt;
        row.ForgivenThrough = state.ForgivenThrough;
        row.UpdatedAt = now;
    }
}
