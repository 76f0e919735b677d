using Microsoft.EntityFrameworkCore;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.Common;
using SalesMesh.LeadRouting.Domain.History;

namespace SalesMesh.LeadRouting.Application.History;

/// <summary>The outcome of verifying a chain against the stored rows and the stored head.</summary>
/// <param name="FirstBreak">The first broken entry (domain verifier), or null.</param>
/// <param name="MissingTail">Set when every stored entry checks out but the chain ends before its stored head (newest entries deleted).</param>
public sealed record HistoryVerification(long EntriesChecked, ChainBreak? FirstBreak, LocalizedText? MissingTail, long HeadSequence, string HeadHash)
{
    public bool IsIntact => FirstBreak is null && MissingTail is null;
}

/// <summary>
/// LR-6 verification: walks the stored rows with <see cref="HashChainVerifier"/> (first broken entry),
/// then compares the end of the chain with its stored head — the chain alone cannot show that its
/// newest entries were removed, the head can.
/// </summary>
public static class HistoryVerifier
{
    public static async Task<HistoryVerification> VerifyLeadAsync(LeadRoutingDbContext db, LeadRecord lead, CancellationToken ct)
    {
        var rows = await db.History.AsNoTracking().Where(h => h.LeadId == lead.Id).OrderBy(h => h.LeadSequence).ToListAsync(ct);
        var entries = rows.Select(LeadHistoryWriter.ToEntry).ToList();
        var result = HashChainVerifier.VerifyLead(lead.Id.ToString("D"), entries);
        var last = entries.LastOrDefault();
        // The lead row counts its entries (the hash of the newest one lives in the global chain).
        return WithTail(result, last?.LeadSequence ?? 0, last?.Hash, lead.HistorySequence, null, "线索");
    }

    public static async Task<HistoryVerification> VerifyLogAsync(LeadRoutingDbContext db, CancellationToken ct)
    {
        var head = await db.Set<HistoryHeadRecord>().AsNoTracking().SingleAsync(h => h.Id == 1, ct);
        // Streamed: the verifier walks the log once without holding it all in memory.
        var entries = db.History.AsNoTracking().OrderBy(h => h.Sequence).AsAsyncEnumerable();
        var list = new List<HistoryEntry>();
        await foreach (var row in entries.WithCancellation(ct))
            list.Add(LeadHistoryWriter.ToEntry(row));
        var result = HashChainVerifier.VerifyLog(list);
        var last = list.LastOrDefault();
        return WithTail(result, last?.Sequence ?? 0, last?.Hash, head.Sequence, head.Hash, "全局");
    }

    private static HistoryVerification WithTail(ChainVerification result, long lastSequence, string? lastHash, long headSequence, string? headHash, string chainZh)
    {
        LocalizedText? tail = null;
        if (result.IsIntact && (lastSequence != headSequence || (headHash is not null && headSequence > 0 && lastHash != headHash)))
        {
            tail = new LocalizedText(
                $"{chainZh}历史链在第 {lastSequence} 条结束，但记录的链头为第 {headSequence} 条：最新的记录被删除或替换",
                $"The chain ends at entry {lastSequence} but its stored head is entry {headSequence}: the newest entries were deleted or replaced");
        }
        return new HistoryVerification(result.EntriesChecked, result.FirstBreak, tail, headSequence, headHash ?? lastHash ?? "");
    }
}
