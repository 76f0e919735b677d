using Microsoft.EntityFrameworkCore;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.History;
using SalesMesh.ServiceDefaults.Data;

namespace SalesMesh.LeadRouting.Application.History;

/// <summary>
/// Links history drafts into both hash chains (LR-6): in one transaction per batch it locks the global
/// head, takes the oldest drafts, computes each entry from its lead's previous entry and the global
/// previous entry (<see cref="HistoryChain.Append"/>), inserts the entries, deletes the drafts and
/// moves the head. One batch at a time across all replicas (the head's row lock); a batch of
/// hundreds of entries costs one commit, which is what lets intake run without a global lock.
/// </summary>
public sealed class HistorySealer(LeadRoutingDbContext db, ILogger<HistorySealer> logger)
{
    public const int BatchSize = 500;

    /// <summary>
    /// Seals up to <see cref="BatchSize"/> drafts and returns how many. With <paramref name="waitForHead"/>
    /// false it returns 0 at once when another replica is sealing.
    /// </summary>
    public Task<int> SealBatchAsync(bool waitForHead, CancellationToken cancellationToken) =>
        db.InTransactionAsync((db, ct) => SealInTransactionAsync(db, waitForHead, ct), cancellationToken);

    /// <summary>Seals everything committed so far (verification starts from a complete chain).</summary>
    public async Task SealPendingAsync(CancellationToken cancellationToken)
    {
        // Bounded: under a steady stream of new drafts, stop once a batch is no longer full.
        for (var batch = 0; batch < 1_000; batch++)
        {
            if (await SealBatchAsync(waitForHead: true, cancellationToken) < BatchSize)
                return;
        }
    }

    private async Task<int> SealInTransactionAsync(LeadRoutingDbContext db, bool waitForHead, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var head = await (waitForHead
                ? db.Set<HistoryHeadRecord>().FromSql($"SELECT id, sequence, hash FROM lead_routing.lead_history_head WHERE id = 1 FOR UPDATE")
                : db.Set<HistoryHeadRecord>().FromSql($"SELECT id, sequence, hash FROM lead_routing.lead_history_head WHERE id = 1 FOR UPDATE SKIP LOCKED"))
            .SingleOrDefaultAsync(ct);
        if (head is null)
            return 0;

        var drafts = InLeadOrder(await db.HistoryDrafts.AsNoTracking().OrderBy(d => d.Id).Take(BatchSize).ToListAsync(ct));
        if (drafts.Count == 0)
            return 0;

        var lastOfLead = await PredecessorsAsync(db, drafts, ct);
        HistoryEntry? lastGlobal = head.Sequence == 0 ? null : Stub(head.Sequence, 0, "", head.Hash);
        var sealedIds = new List<long>(drafts.Count);
        var blocked = new HashSet<Guid>();
        foreach (var draft in drafts)
        {
            var previous = lastOfLead.GetValueOrDefault(draft.LeadId);
            if (blocked.Contains(draft.LeadId) || draft.LeadSequence != (previous?.LeadSequence ?? 0) + 1)
            {
                // Its predecessor is neither chained nor in this batch (usually: the batch cut a transaction's
                // drafts in two; the next batch has it). Never link past a gap; a lasting one shows in verification.
                if (blocked.Add(draft.LeadId))
                    logger.LogDebug("History draft {EntryId} (lead {LeadId}, entry {LeadSequence}) waits for its predecessor.",
                        draft.EntryId, draft.LeadId, draft.LeadSequence);
                continue;
            }
            var entry = HistoryChain.Append(lastGlobal, previous,
                new HistoryEntryDraft(draft.EntryId, draft.LeadId.ToString("D"), draft.OccurredAt, draft.Kind, draft.ActorId,
                    LeadHistoryWriter.DataOf(draft.Data)));
            db.History.Add(new HistoryEntryRecord
            {
                Sequence = entry.Sequence,
                EntryId = entry.EntryId,
                LeadId = draft.LeadId,
                LeadSequence = entry.LeadSequence,
                OccurredAt = entry.OccurredAt,
                Kind = entry.Kind,
                ActorId = entry.ActorId,
                Data = draft.Data,
                PreviousHash = entry.PreviousHash,
                LeadPreviousHash = entry.LeadPreviousHash,
                Hash = entry.Hash,
            });
            lastGlobal = entry;
            lastOfLead[draft.LeadId] = entry;
            sealedIds.Add(draft.Id);
        }
        if (sealedIds.Count == 0)
            return 0;

        await db.HistoryDrafts.Where(d => sealedIds.Contains(d.Id)).ExecuteDeleteAsync(ct);
        head.Sequence = lastGlobal!.Sequence;
        head.Hash = lastGlobal.Hash;
        await db.SaveChangesAsync(ct);
        return sealedIds.Count;
    }

    /// <summary>
    /// The batch in id (commit) order, except that each lead's drafts are put in lead-sequence order within
    /// the places they occupy: one SaveChanges may insert a transaction's drafts in any order.
    /// </summary>
    private static List<HistoryDraftRecord> InLeadOrder(List<HistoryDraftRecord> drafts)
    {
        var sortedByLead = drafts.GroupBy(d => d.LeadId).ToDictionary(g => g.Key, g => new Queue<HistoryDraftRecord>(g.OrderBy(d => d.LeadSequence)));
        return drafts.Select(d => sortedByLead[d.LeadId].Dequeue()).ToList();
    }

    /// <summary>For each lead in the batch, its newest chained entry (the one its first draft links to).</summary>
    private static async Task<Dictionary<Guid, HistoryEntry?>> PredecessorsAsync(LeadRoutingDbContext db, List<HistoryDraftRecord> drafts, CancellationToken ct)
    {
        var firsts = drafts.GroupBy(d => d.LeadId).Select(g => (Lead: g.Key, Sequence: g.Min(d => d.LeadSequence) - 1)).Where(f => f.Sequence > 0).ToList();
        var result = drafts.Select(d => d.LeadId).Distinct().ToDictionary(id => id, _ => (HistoryEntry?)null);
        if (firsts.Count == 0)
            return result;
        var leads = firsts.Select(f => f.Lead).ToArray();
        var sequences = firsts.Select(f => f.Sequence).ToArray();
        var rows = await db.History.FromSql($"""
                SELECT h.* FROM lead_routing.lead_history h
                JOIN unnest({leads}, {sequences}) AS p(lead_id, lead_sequence) ON h.lead_id = p.lead_id AND h.lead_sequence = p.lead_sequence
                """).AsNoTracking().ToListAsync(ct);
        foreach (var row in rows)
            result[row.LeadId] = Stub(row.Sequence, row.LeadSequence, row.LeadId.ToString("D"), row.Hash);
        return result;
    }

    // HistoryChain.Append reads only sequence numbers, hashes and the lead id of its predecessors.
    private static HistoryEntry Stub(long sequence, long leadSequence, string leadId, string hash) =>
        new(sequence, Guid.Empty, leadId, leadSequence, default, "", "", new Dictionary<string, string>(), "", "", hash);
}
