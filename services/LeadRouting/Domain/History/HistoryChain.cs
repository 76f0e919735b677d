using SalesMesh.LeadRouting.Domain.Common;

namespace SalesMesh.LeadRouting.Domain.History;

public static class HistoryChain
{
    /// <summary>
    /// Builds the next entry. <paramref name="lastGlobal"/> is the newest entry of the whole log,
    /// <paramref name="lastOfLead"/> the newest entry of the same lead (null for the first one). The
    /// caller must read both under a lock (e.g. one advisory lock for the log) so two appends cannot
    /// link to the same predecessor.
    /// </summary>
    public static HistoryEntry Append(HistoryEntry? lastGlobal, HistoryEntry? lastOfLead, HistoryEntryDraft draft)
    {
        if (lastOfLead is not null && lastOfLead.LeadId != draft.LeadId)
            throw new ArgumentException("lastOfLead belongs to another lead.", nameof(lastOfLead));

        var unsigned = new HistoryEntry(
            Sequence: (lastGlobal?.Sequence ?? 0) + 1,
            draft.EntryId,
            draft.LeadId,
            LeadSequence: (lastOfLead?.LeadSequence ?? 0) + 1,
            draft.OccurredAt.ToUniversalTime(),
            draft.Kind,
            draft.ActorId,
            new SortedDictionary<string, string>(draft.Data.ToDictionary(), StringComparer.Ordinal),
            PreviousHash: lastGlobal?.Hash ?? HistoryCanonicalForm.GenesisHash,
            LeadPreviousHash: lastOfLead?.Hash ?? HistoryCanonicalForm.GenesisHash,
            Hash: "");
        return unsigned with { Hash = HistoryCanonicalForm.ComputeHash(unsigned) };
    }
}

public enum ChainBreakKind
{
    /// <summary>The entry's content no longer matches its own hash: it was edited.</summary>
    ContentHashMismatch,
    /// <summary>The entry does not point at its predecessor's hash: an entry before it was edited (and re-hashed), replaced or inserted.</summary>
    PreviousHashMismatch,
    /// <summary>A sequence number is missing or repeated: an entry was deleted or the log was reordered.</summary>
    SequenceGap,
    /// <summary>A lead's chain contains an entry of another lead.</summary>
    ForeignEntry,
}

public sealed record ChainBreak(long Sequence, Guid EntryId, ChainBreakKind Kind, string Expected, string Actual, LocalizedText Message);

public sealed record ChainVerification(int EntriesChecked, ChainBreak? FirstBreak)
{
    public bool IsIntact => FirstBreak is null;
}

/// <summary>
/// Walks a chain from its start and names the FIRST broken entry (LR-6). Verification stops there:
/// everything after a break is untrusted anyway.
/// </summary>
public static class HashChainVerifier
{
    /// <summary>The whole log, ordered by <see cref="HistoryEntry.Sequence"/> starting at 1.</summary>
    public static ChainVerification VerifyLog(IEnumerable<HistoryEntry> entriesInOrder) =>
        Verify(entriesInOrder, null, e => e.Sequence, e => e.PreviousHash, "全局序号", "log sequence");

    /// <summary>One lead's entries, ordered by <see cref="HistoryEntry.LeadSequence"/> starting at 1.</summary>
    public static ChainVerification VerifyLead(string leadId, IEnumerable<HistoryEntry> entriesInOrder) =>
        Verify(entriesInOrder, leadId, e => e.LeadSequence, e => e.LeadPreviousHash, "线索序号", "lead sequence");

    private static ChainVerification Verify(IEnumerable<HistoryEntry> entries, string? leadId,
        Func<HistoryEntry, long> sequenceOf, Func<HistoryEntry, string> previousOf, string seqZh, string seqEn)
    {
        var expectedPrevious = HistoryCanonicalForm.GenesisHash;
        var expectedSequence = 1L;
        var checkedCount = 0;
        foreach (var e in entries)
        {
            checkedCount++;
            var seq = sequenceOf(e);
            if (leadId is not null && e.LeadId != leadId)
                return Broken(checkedCount, e, seq, ChainBreakKind.ForeignEntry, leadId, e.LeadId,
                    $"第 {seq} 条（{e.EntryId}）属于线索 {e.LeadId}，不属于 {leadId}", $"Entry {seq} ({e.EntryId}) belongs to lead {e.LeadId}, not {leadId}");
            if (seq != expectedSequence)
                return Broken(checkedCount, e, seq, ChainBreakKind.SequenceGap, expectedSequence.ToString(), seq.ToString(),
                    $"{seqZh}不连续：应为 {expectedSequence}，实际为 {seq}（条目 {e.EntryId}），有记录被删除或顺序被改动",
                    $"{seqEn} gap: expected {expectedSequence}, found {seq} (entry {e.EntryId}); an entry was deleted or reordered");

            var actualHash = HistoryCanonicalForm.ComputeHash(e);
            if (!string.Equals(actualHash, e.Hash, StringComparison.Ordinal))
                return Broken(checkedCount, e, seq, ChainBreakKind.ContentHashMismatch, actualHash, e.Hash,
                    $"第 {seq} 条（{e.EntryId}）内容与其哈希不符：该条记录被篡改",
                    $"Entry {seq} ({e.EntryId}): content does not match its hash; this entry was altered");

            var previous = previousOf(e);
            if (!string.Equals(previous, expectedPrevious, StringComparison.Ordinal))
                return Broken(checkedCount, e, seq, ChainBreakKind.PreviousHashMismatch, expectedPrevious, previous,
                    $"第 {seq} 条（{e.EntryId}）记录的前一条哈希与实际前一条不符：之前的记录被改动、替换或插入",
                    $"Entry {seq} ({e.EntryId}): its previous-hash link does not match the preceding entry; an earlier entry was altered, replaced or inserted");

            expectedPrevious = e.Hash;
            expectedSequence++;
        }
        return new ChainVerification(checkedCount, null);
    }

    private static ChainVerification Broken(int checkedCount, HistoryEntry e, long seq, ChainBreakKind kind, string expected, string actual, string zh, string en) =>
        new(checkedCount, new ChainBreak(seq, e.EntryId, kind, expected, actual, new LocalizedText(zh, en)));
}
