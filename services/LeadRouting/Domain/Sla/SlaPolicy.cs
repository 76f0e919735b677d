using SalesMesh.LeadRouting.Domain.Scheduling;

namespace SalesMesh.LeadRouting.Domain.Sla;

/// <summary>
/// LR-4 clocks, both measured from the assignment: view within <see cref="ViewWithin"/>, first call
/// within <see cref="FirstCallWithin"/>. With <see cref="BusinessHours"/> only working time counts.
/// </summary>
public sealed record SlaPolicy(TimeSpan ViewWithin, TimeSpan FirstCallWithin, WeeklySchedule? BusinessHours = null)
{
    public static SlaPolicy Default { get; } = new(TimeSpan.FromMinutes(30), TimeSpan.FromHours(2));
}
