namespace SalesMesh.Activities.Domain.Sync;

/// <summary>
/// One item from an offline client: a create (<see cref="BaseVersion"/> null) or an edit of the
/// version the client last saw. <see cref="ContentFingerprint"/> identifies the content
/// (see <see cref="ContentFingerprints"/>).
/// </summary>
public sealed record SyncItem(Guid ClientId, int? BaseVersion, string ContentFingerprint);

/// <summary>
/// What the server knows about a record: the fingerprint of every version, oldest first
/// (index 0 = version 1). Keeping them all is what makes replays of old edits recognisable.
/// </summary>
public sealed record StoredRecordState(Guid ClientId, IReadOnlyList<string> VersionFingerprints)
{
    public int Version => VersionFingerprints.Count;
    public string CurrentFingerprint => VersionFingerprints[^1];
}

public enum SyncOutcome
{
    /// <summary>New record stored as version 1.</summary>
    Created,
    /// <summary>Edit applied as a new version.</summary>
    Updated,
    /// <summary>Replay of something already applied (or an edit that changes nothing): no-op.</summary>
    AlreadyApplied,
    /// <summary>Edit made against an older version whose content differs: not applied, the client must merge.</summary>
    Conflict,
    /// <summary>Invalid item (client id reused for different content, unknown record, bad version).</summary>
    Rejected,
}

/// <summary>Per-item answer; <see cref="ServerVersion"/> is the server's version after this item.</summary>
public sealed record SyncItemResult(Guid ClientId, SyncOutcome Outcome, int ServerVersion, DomainError? Error)
{
    /// <summary>Whether the service must write a new version (and its outbox event).</summary>
    public bool RequiresWrite => Outcome is SyncOutcome.Created or SyncOutcome.Updated;
}

/// <summary>A batch's answers plus the states to persist for items that require a write.</summary>
public sealed record SyncBatchDecision(IReadOnlyList<SyncItemResult> Results, IReadOnlyDictionary<Guid, StoredRecordState> ChangedStates);
