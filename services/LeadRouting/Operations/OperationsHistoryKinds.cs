namespace SalesMesh.LeadRouting.Operations;

/// <summary>History entry kinds written by the operations features (part of the hashed content: never rename).</summary>
public static class OperationsHistoryKinds
{
    public const string SlaBreached = "lead-sla-breached";
    public const string CleaningPooled = "lead-cleaning-pooled";
    public const string Claimed = "lead-claimed";
    public const string AssignmentOverridden = "assignment-overridden";
    public const string FollowUpRightsRevoked = "follow-up-rights-revoked";
    public const string AppealFiled = "appeal-filed";
    public const string AppealDecided = "appeal-decided";
}

/// <summary>Stored <c>LeadPooled.Cause</c> values.</summary>
public static class PoolCauses
{
    public const string NotContactedInTime = "not-contacted-in-time";
    public const string Abandoned = "abandoned";
    public const string SlaBreach = "sla-breach";
    public const string Override = "override";
    public const string CircuitBreaker = "circuit-breaker";
}
