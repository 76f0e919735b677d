using System.Text.Json;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.History;

namespace SalesMesh.LeadRouting.Application.History;

/// <summary>
/// Records what happened to a lead (LR-6) inside the caller's unit of work: the caller's SaveChanges
/// inserts a <see cref="HistoryDraftRecord"/> atomically with the state change it records, and
/// <see cref="HistorySealer"/> links it into the lead's chain and the global chain shortly after.
/// <para>
/// Nothing shared is locked here, so state changes of different leads never wait for each other
/// (the global chain's single head is only locked by the sealer, once per batch). The lead must be
/// tracked and either just created or locked by the caller (<see cref="LeadLocks.LockLeadAsync"/>),
/// so its entries get consecutive lead sequences in the order they happened.
/// </para>
/// </summary>
public static class LeadHistoryWriter
{
    internal static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Adds the next entry of <paramref name="lead"/>. <paramref name="data"/> are the facts worth
    /// proving later (ids, reasons, summaries; no clear-text contact data), hashed exactly as given.
    /// </summary>
    public static HistoryDraftRecord Append(LeadRoutingDbContext db, LeadRecord lead, string kind, string actorId,
        IReadOnlyDictionary<string, string> data, DateTimeOffset occurredAt)
    {
        lead.HistorySequence++;
        var draft = new HistoryDraftRecord
        {
            EntryId = Guid.NewGuid(),
            LeadId = lead.Id,
            LeadSequence = lead.HistorySequence,
            OccurredAt = TruncateToMicroseconds(occurredAt),
            Kind = kind,
            ActorId = actorId,
            Data = JsonSerializer.Serialize(data, DataJson),
        };
        db.HistoryDrafts.Add(draft);
        return draft;
    }

    /// <summary>The stored row as the domain entry the verifier hashes.</summary>
    public static HistoryEntry ToEntry(HistoryEntryRecord r) => new(
        r.Sequence, r.EntryId, r.LeadId.ToString("D"), r.LeadSequence, r.OccurredAt, r.Kind, r.ActorId,
        DataOf(r.Data), r.PreviousHash, r.LeadPreviousHash, r.Hash);

    public static Dictionary<string, string> DataOf(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json, DataJson) ?? [];

    /// <summary>PostgreSQL keeps microseconds: hash exactly what will be read back.</summary>
    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value) =>
        new DateTimeOffset(value.UtcTicks - value.UtcTicks % 10, TimeSpan.Zero);
}
