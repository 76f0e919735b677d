using SalesMesh.LeadRouting.Domain.Common;

namespace SalesMesh.LeadRouting.Application.Leads;

public enum LeadOperationFailure
{
    /// <summary>The lead (or merge) does not exist for this caller — also when it belongs to someone else.</summary>
    NotFound,
    /// <summary>The lead's state does not allow it (message lists what is allowed).</summary>
    FailedPrecondition,
    PermissionDenied,
}

/// <summary>A refused lead operation; nothing was stored (the transaction rolls back). The gRPC layer maps the kind to a status code.</summary>
public sealed class LeadOperationException(LeadOperationFailure failure, LocalizedText text) : Exception(text.En)
{
    public LeadOperationFailure Failure { get; } = failure;
    public LocalizedText Text { get; } = text;

    public static LeadOperationException NotFound() => new(LeadOperationFailure.NotFound, new("线索不存在。", "The lead does not exist."));
}
