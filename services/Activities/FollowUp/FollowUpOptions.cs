namespace SalesMesh.Activities.FollowUp;

/// <summary>
/// Settings of the follow-up features, bound from configuration section <see cref="Section"/>
/// (e.g. <c>Activities__FollowUp__WitnessThreshold=800000</c>).
/// </summary>
public sealed class FollowUpOptions
{
    public const string Section = "Activities:FollowUp";

    /// <summary>Largest accepted document, in bytes (10 MiB). The gRPC receive limit of FollowUpService is set a little above it.</summary>
    public int MaxDocumentBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Witness mode (AC-5): visit records of customers whose value is strictly above this amount wait for the supervisor's review.</summary>
    public decimal WitnessThreshold { get; set; } = 500_000m;

    /// <summary>ISO currency of <see cref="WitnessThreshold"/>.</summary>
    public string WitnessCurrency { get; set; } = "CNY";
}
