namespace SalesMesh.LeadRouting.Domain.Pools;

/// <summary>LR-7 limits. Days are counted in Asia/Shanghai local dates.</summary>
public sealed record PublicPoolPolicy(
    TimeSpan RecycleIfNotContactedWithin,
    int MaxClaimsPerDay,
    int MaxOpenLeadsPerRep,
    TimeSpan PreviousOwnerCooldown,
    TimeSpan MinValidCallDuration,
    TimeSpan MaxEvidenceRecordingDelay)
{
    public static PublicPoolPolicy Default { get; } = new(
        RecycleIfNotContactedWithin: TimeSpan.FromHours(48),
        MaxClaimsPerDay: 5,
        MaxOpenLeadsPerRep: 50,
        PreviousOwnerCooldown: TimeSpan.FromDays(7),
        MinValidCallDuration: TimeSpan.FromSeconds(30),
        MaxEvidenceRecordingDelay: TimeSpan.FromHours(24));
}
