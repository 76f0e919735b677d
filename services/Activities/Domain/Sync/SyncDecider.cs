namespace SalesMesh.Activities.Domain.Sync;

/// <summary>
/// Offline sync decisions (AC-8). Never overwrites silently: an edit based on an older version is
/// either recognised as a replay (its content equals what that edit produced) or reported as a
/// conflict. Nothing here touches storage; the service applies <see cref="SyncItemResult.RequiresWrite"/> items.
/// </summary>
public static class SyncDecider
{
    public static SyncItemResult Decide(StoredRecordState? existing, SyncItem item)
    {
        if (item.ClientId == Guid.Empty)
        {
            return Reject(item, existing, "sync.missing_client_id", "缺少客户端记录编号", "The client record id is missing");
        }
        if (string.IsNullOrEmpty(item.ContentFingerprint))
        {
            return Reject(item, existing, "sync.missing_content", "缺少记录内容", "The record content is missing");
        }
        return item.BaseVersion is null ? DecideCreate(existing, item) : DecideEdit(existing, item, item.BaseVersion.Value);
    }

    private static SyncItemResult DecideCreate(StoredRecordState? existing, SyncItem item)
    {
        if (existing is null)
        {
            return new SyncItemResult(item.ClientId, SyncOutcome.Created, 1, null);
        }
        if (existing.VersionFingerprints[0] == item.ContentFingerprint)
        {
            return new SyncItemResult(item.ClientId, SyncOutcome.AlreadyApplied, existing.Version, null);
        }
        return Reject(item, existing, "sync.client_id_reused",
            $"客户端记录编号 {item.ClientId} 已用于另一条内容不同的记录",
            $"Client record id {item.ClientId} was already used for a record with different content");
    }

    private static SyncItemResult DecideEdit(StoredRecordState? existing, SyncItem item, int baseVersion)
    {
        if (existing is null)
        {
            return Reject(item, null, "sync.unknown_record", $"记录 {item.ClientId} 不存在，无法修改",
                $"Record {item.ClientId} does not exist, so it cannot be edited");
        }
        if (baseVersion < 1 || baseVersion > existing.Version)
        {
            return Reject(item, existing, "sync.invalid_base_version",
                $"基础版本 {baseVersion} 无效（服务器版本 {existing.Version}）",
                $"Base version {baseVersion} is invalid (server version {existing.Version})");
        }
        if (baseVersion == existing.Version)
        {
            return item.ContentFingerprint == existing.CurrentFingerprint
                ? new SyncItemResult(item.ClientId, SyncOutcome.AlreadyApplied, existing.Version, null)
                : new SyncItemResult(item.ClientId, SyncOutcome.Updated, existing.Version + 1, null);
        }
        // Older base: the same edit replayed produced exactly the version right after its base.
        if (existing.VersionFingerprints[baseVersion] == item.ContentFingerprint)
        {
            return new SyncItemResult(item.ClientId, SyncOutcome.AlreadyApplied, existing.Version, null);
        }
        return new SyncItemResult(item.ClientId, SyncOutcome.Conflict, existing.Version, new DomainError("sync.conflict", "baseVersion",
            new($"记录已被他人修改：你的修改基于版本 {baseVersion}，服务器已是版本 {existing.Version}，请合并后重试",
                $"The record was changed elsewhere: your edit is based on version {baseVersion}, the server has version {existing.Version}; merge and retry")));
    }

    /// <summary>Decides items in order; later items see the effect of earlier ones in the same batch.</summary>
    public static SyncBatchDecision DecideBatch(IReadOnlyList<SyncItem> items, Func<Guid, StoredRecordState?> lookup)
    {
        var changed = new Dictionary<Guid, StoredRecordState>();
        var results = new List<SyncItemResult>(items.Count);
        foreach (var item in items)
        {
            var existing = changed.TryGetValue(item.ClientId, out var pending) ? pending : lookup(item.ClientId);
            var result = Decide(existing, item);
            results.Add(result);
            if (result.RequiresWrite)
            {
                var versions = existing is null ? new List<string>() : new List<string>(existing.VersionFingerprints);
                versions.Add(item.ContentFingerprint);
                changed[item.ClientId] = new StoredRecordState(item.ClientId, versions);
            }
        }
        return new SyncBatchDecision(results, changed);
    }

    private static SyncItemResult Reject(SyncItem item, StoredRecordState? existing, string code, string zh, string en) =>
        new(item.ClientId, SyncOutcome.Rejected, existing?.Version ?? 0, new DomainError(code, "", new(zh, en)));
}
