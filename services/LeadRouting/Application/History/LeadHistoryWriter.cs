using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.History;

namespace SalesMesh.LeadRouting.Application.History;

/// <summary>
/// Appends entries to the tamper-evident history (LR-6) inside the caller's unit of work: the rows
/// are inserted by the caller's SaveChanges, atomically with the state change they record.
/// <para>
/// Must run inside an explicit transaction (<c>db.InTransactionAsync(...)</c>): the first append of
/// a transaction locks the global chain head (<c>SELECT … FOR UPDATE</c>) until commit, so two
/// transactions can never link to the same predecessor. Because that lock serializes every writer,
/// append as LATE as possible in the unit of work (after routing, right before SaveChanges). The
/// lead's own chain head lives on the lead row, which the caller has loaded (tracked) and should
/// hold locked (<see cref="LeadLocks.LockLeadAsync"/>) or have just created.
/// </para>
/// </summary>
public static class LeadHistoryWriter
{
    private static readonly ConditionalWeakTable<IDbContextTransaction, HistoryHeadRecord> HeadByTransaction = new();

    internal static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Adds one chained entry for <paramref name="lead"/> (tracked) and moves both chain heads.
    /// <paramref name="data"/> are the facts worth proving later (ids, reasons, summaries; no
    /// clear-text contact data). Values are hashed exactly as given.
    /// </summary>
    public static async Task<HistoryEntryRecord> AppendAsync(LeadRoutingDbContext db, LeadRecord lead, string kind, string actorId,
        IReadOnlyDictionary<string, string> data, DateTimeOffset occurredAt, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("LeadHistoryWriter.AppendAsync needs an explicit transaction (use db.InTransactionAsync).");
        var head = await LockHeadAsync(db, transaction, cancellationToken);

        var leadId = lead.Id.ToString("D");
        var draft = new HistoryEntryDraft(Guid.NewGuid(), leadId, TruncateToMicroseconds(occurredAt), kind, actorId, data);
        var entry = HistoryChain.Append(
            lastGlobal: head.Sequence == 0 ? null : Stub(head.Sequence, 0, leadId, head.Hash),
            lastOfLead: lead.HistorySequence == 0 ? null : Stub(0, lead.HistorySequence, leadId, lead.HistoryHeadHash),
            draft);

        var record = new HistoryEntryRecord
        {
            Sequence = entry.Sequence,
            EntryId = entry.EntryId,
            LeadId = lead.Id,
            LeadSequence = entry.LeadSequence,
            OccurredAt = entry.OccurredAt,
            Kind = entry.Kind,
            ActorId = entry.ActorId,
            Data = JsonSerializer.Serialize(entry.Data, DataJson),
            PreviousHash = entry.PreviousHash,
            LeadPreviousHash = entry.LeadPreviousHash,
            Hash = entry.Hash,
        };
        db.History.Add(record);
        head.Sequence = entry.Sequence;
        head.Hash = entry.Hash;
        lead.HistorySequence = entry.LeadSequence;
        lead.HistoryHeadHash = entry.Hash;
        return record;
    }

    /// <summary>The stored row as the domain entry the verifier hashes.</summary>
    public static HistoryEntry ToEntry(HistoryEntryRecord r) => new(
        r.Sequence, r.EntryId, r.LeadId.ToString("D"), r.LeadSequence, r.OccurredAt, r.Kind, r.ActorId,
        JsonSerializer.Deserialize<Dictionary<string, string>>(r.Data, DataJson) ?? [],
        r.PreviousHash, r.LeadPreviousHash, r.Hash);

    private static async Task<HistoryHeadRecord> LockHeadAsync(LeadRoutingDbContext db, IDbContextTransaction transaction, CancellationToken ct)
    {
        if (HeadByTransaction.TryGetValue(transaction, out var held))
            return held;
        // A context may still track the head from an earlier unit of work: forget it, read it locked.
        foreach (var stale in db.ChangeTracker.Entries<HistoryHeadRecord>().ToList())
            stale.State = EntityState.Detached;
        var head = await db.Set<HistoryHeadRecord>()
            .FromSql($"SELECT id, sequence, hash FROM lead_routing.lead_history_head WHERE id = 1 FOR UPDATE")
            .SingleAsync(ct);
        HeadByTransaction.AddOrUpdate(transaction, head);
        return head;
    }

    // HistoryChain.Append reads only sequence numbers, hashes and the lead id of its predecessors.
    private static HistoryEntry Stub(long sequence, long leadSequence, string leadId, string hash) =>
        new(sequence, Guid.Empty, leadId, leadSequence, default, "", "", new Dictionary<string, string>(), "", "", hash);

    /// <summary>PostgreSQL keeps microseconds: hash exactly what will be read back.</summary>
    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value) =>
        new DateTimeOffset(value.UtcTicks - value.UtcTicks % 10, TimeSpan.Zero);
}
