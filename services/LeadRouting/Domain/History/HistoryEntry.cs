namespace SalesMesh.LeadRouting.Domain.History;

/// <summary>What a caller wants to record; the chain adds sequence numbers and hashes.</summary>
public sealed record HistoryEntryDraft(
    Guid EntryId,
    string LeadId,
    DateTimeOffset OccurredAt,
    string Kind,
    string ActorId,
    IReadOnlyDictionary<string, string> Data);

/// <summary>
/// One entry of the tamper-evident history (LR-6). It sits on two chains at once: the global log
/// (<see cref="Sequence"/>, <see cref="PreviousHash"/>) and its lead's own chain
/// (<see cref="LeadSequence"/>, <see cref="LeadPreviousHash"/>), so a single lead can be verified
/// without reading the whole log. <see cref="Hash"/> covers every other field (see
/// <see cref="HistoryCanonicalForm"/>).
/// </summary>
public sealed record HistoryEntry(
    long Sequence,
    Guid EntryId,
    string LeadId,
    long LeadSequence,
    DateTimeOffset OccurredAt,
    string Kind,
    string ActorId,
    IReadOnlyDictionary<string, string> Data,
    string PreviousHash,
    string LeadPreviousHash,
    string Hash);
