namespace SalesMesh.LeadRouting.Timers;

/// <summary>The durable timer kinds LeadRouting registers (stored in every row: never rename).</summary>
public static class TimerKinds
{
    /// <summary>One per owned lead, key = lead id: the earliest pending SLA clock of the current assignment (LR-4).</summary>
    public const string Sla = "leadrouting.sla";

    /// <summary>A single recurring timer, key <see cref="RecycleSweepKey"/>: returns unfollowed and abandoned leads to the public pool (LR-7).</summary>
    public const string RecycleSweep = "leadrouting.recycle-sweep";

    public const string RecycleSweepKey = "sweep";
}
