using Google.Protobuf;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SalesMesh.Contracts.Events;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.LeadRouting.Application.History;
using SalesMesh.LeadRouting.Application.Routing;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.Contacts;
using SalesMesh.LeadRouting.Grpc;
using SalesMesh.ServiceDefaults.Data;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.LeadRouting.Application.Intake;

/// <summary>What one intake did.</summary>
/// <param name="Lead">The lead the intake created or was merged into (state after the commit).</param>
/// <param name="Source">The intake's source row.</param>
/// <param name="MergeId">Set when the intake was merged into an existing lead.</param>
/// <param name="Replayed">True when the idempotency key was seen before and nothing was stored.</param>
/// <param name="RoutingSummary">Why the new lead went where it went (null for merges and replays).</param>
public sealed record IntakeOutcome(LeadRecord Lead, LeadSourceRecord Source, Guid? MergeId, bool Replayed, Domain.Common.LocalizedText? RoutingSummary);

/// <summary>
/// LR-1/LR-2/LR-3 in one transaction: honour the idempotency key, de-duplicate against every source
/// of every lead that is not abandoned, merge (source + merge row + LeadMerged) or create and route
/// the lead (assignment with explanation + LeadAssigned, or the public pool with the reason), chain
/// the history, and enqueue LeadReceived — all committed together or not at all.
/// <para>
/// Concurrency: the transaction first takes a transaction-scoped advisory lock per de-dup key and
/// on the idempotency key (sorted, so two intakes sharing several keys cannot deadlock). Two intakes
/// of the same person therefore run one after the other, and the second one sees the first one's
/// committed lead (READ COMMITTED: each statement after the lock reads the latest commits).
/// </para>
/// </summary>
public sealed class LeadIntakeService(LeadRoutingDbContext db, LeadAssignmentService assignments, TimeProvider time)
{
    public Task<IntakeOutcome> IntakeAsync(IntakeLeadRequest request, ValidIntake intake, string submittedBy, CancellationToken cancellationToken)
    {
        // EF wraps a SaveChanges inside a transaction in a savepoint so the caller could go on after a
        // failed save; a failed intake always ends its transaction, and every row written under a
        // savepoint is a PostgreSQL subtransaction the other sessions' visibility checks pay for.
        db.Database.AutoSavepointsEnabled = false;
        return db.InTransactionAsync((db, ct) => IntakeInTransactionAsync(db, request, intake, submittedBy, ct), cancellationToken);
    }

    private async Task<IntakeOutcome> IntakeInTransactionAsync(LeadRoutingDbContext db, IntakeLeadRequest request, ValidIntake intake,
        string submittedBy, CancellationToken ct)
    {
        var keys = DedupKeysOf(intake);
        await LockAsync(db, [.. keys.All.Append("idempotency:" + request.IdempotencyKey)], ct);

        var (replayed, target) = await FindReplayOrMergeTargetAsync(db, request.IdempotencyKey, keys, ct);
        if (replayed is { } sourceId)
            return await ReplayAsync(db, sourceId, ct);

        var now = LeadHistoryWriter.TruncateToMicroseconds(time.GetUtcNow());
        var source = NewSource(request, intake, submittedBy, now);
        return target is null
            ? await CreateAndRouteAsync(db, request, source, submittedBy, ct)
            : await MergeAsync(db, request, source, target.Value.LeadId, target.Value.Match, submittedBy, ct);
    }

    private async Task<IntakeOutcome> CreateAndRouteAsync(LeadRoutingDbContext db, IntakeLeadRequest request, LeadSourceRecord source,
        string submittedBy, CancellationToken ct)
    {
        var lead = LeadFrom(source);
        source.LeadId = lead.Id;
        source.IsOrigin = true;
        db.Leads.Add(lead);
        db.LeadSources.Add(source);

        LeadHistoryWriter.Append(db, lead, HistoryKinds.Received, submittedBy, ReceivedData(source), source.ReceivedAt);
        db.EnqueueEvent(new LeadReceived(lead.Id, lead.Channel, lead.ReceivedAt, Summary(request)));
        var routed = await assignments.RouteAsync(lead, [], AssignmentReasons.Intake, HistoryActors.System, ct);
        return new IntakeOutcome(lead, source, null, false, routed.Decision.Summary);
    }

    private static async Task<IntakeOutcome> MergeAsync(LeadRoutingDbContext db, IntakeLeadRequest request, LeadSourceRecord source,
        Guid targetId, DuplicateMatch match, string submittedBy, CancellationToken ct)
    {
        var lead = await LeadLocks.LockLeadAsync(db, targetId, ct)
            ?? throw new InvalidOperationException($"Merge target {targetId} vanished inside the intake transaction.");
        var merge = new LeadMergeRecord
        {
            Id = NewId.NextSequentialGuid(),
            LeadId = lead.Id,
            SourceId = source.Id,
            MatchedOn = [.. match.MatchedKeys.Select(k => k[..k.IndexOf(':')]).Distinct()],
            Strength = match.Strength == MatchStrength.SamePerson ? "same-person" : "same-company",
            MergedAt = source.ReceivedAt,
        };
        source.LeadId = lead.Id;
        source.MergeId = merge.Id;
        db.LeadSources.Add(source);
        db.LeadMerges.Add(merge);
        lead.SourceCount++;

        var data = ReceivedData(source);
        data["mergeId"] = merge.Id.ToString("D");
        data["matchedOn"] = string.Join(",", merge.MatchedOn);
        LeadHistoryWriter.Append(db, lead, HistoryKinds.Merged, submittedBy, data, source.ReceivedAt);
        db.EnqueueEvent(new LeadMerged(lead.Id, merge.Id, source.Id, source.Channel, merge.MatchedOn, lead.OwnerUserId, source.ReceivedAt));
        // Intake volume per channel still counts every delivery (LR-2: a duplicate is never rejected).
        db.EnqueueEvent(new LeadReceived(lead.Id, source.Channel, source.ReceivedAt, Summary(request)));
        return new IntakeOutcome(lead, source, merge.Id, false, null);
    }

    /// <summary>The de-dup keys of a stored source (UndoMerge locks them like intake does).</summary>
    public static IEnumerable<string> KeysOf(LeadSourceRecord source) =>
        new DedupKeys(
            source.PhoneNormalized is null ? new HashSet<string>() : new HashSet<string> { source.PhoneNormalized },
            source.EmailNormalized is null ? new HashSet<string>() : new HashSet<string> { source.EmailNormalized },
            source.CompanyKey).All;

    /// <summary>Transaction-scoped advisory locks on de-dup keys, in ascending order: two transactions sharing several keys cannot deadlock.</summary>
    public static Task LockKeysAsync(LeadRoutingDbContext db, IEnumerable<string> names, CancellationToken ct) => LockAsync(db, names, ct);

    private static async Task LockAsync(LeadRoutingDbContext db, IEnumerable<string> names, CancellationToken ct)
    {
        var keys = names.Select(n => AdvisoryLockKeys.For("lead-intake:" + n)).Distinct().Order().ToArray();
        await db.Database.ExecuteSqlAsync(
            $"SELECT pg_advisory_xact_lock(k) FROM (SELECT unnest({keys}) AS k ORDER BY 1) AS ordered", ct);
    }

    private static async Task<IntakeOutcome> ReplayAsync(LeadRoutingDbContext db, Guid sourceId, CancellationToken ct)
    {
        var source = await db.LeadSources.AsNoTracking().SingleAsync(s => s.Id == sourceId, ct);
        var lead = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == source.LeadId, ct);
        return new IntakeOutcome(lead, source, source.MergeId, true, null);
    }

    /// <summary>
    /// One read for both questions of an intake: the source an earlier intake with this idempotency
    /// key stored (whatever became of its lead), else the strongest match among leads that are not
    /// abandoned, over all their sources' keys (DuplicateFinder's order).
    /// </summary>
    private static async Task<(Guid? ReplayedSourceId, (Guid LeadId, DuplicateMatch Match)? Target)> FindReplayOrMergeTargetAsync(
        LeadRoutingDbContext db, string idempotencyKey, DedupKeys keys, CancellationToken ct)
    {
        var company = keys.Company;
        var found = new List<SourceMatch>();
        await foreach (var row in SourcesMatching(db, idempotencyKey, [.. keys.Phones], [.. keys.Emails], company).WithCancellation(ct))
            found.Add(row);
        if (found.FirstOrDefault(r => r.IdempotencyKey == idempotencyKey) is { } replayed)
            return (replayed.Id, null);
        var rows = found.Where(r => !r.Abandoned).ToList();
        if (rows.Count == 0)
            return (null, null);

        var existing = rows.GroupBy(r => r.LeadId).Select(g => (g.Key.ToString("D"), new DedupKeys(
            g.Where(r => r.PhoneNormalized != null).Select(r => r.PhoneNormalized!).ToHashSet(StringComparer.Ordinal),
            g.Where(r => r.EmailNormalized != null).Select(r => r.EmailNormalized!).ToHashSet(StringComparer.Ordinal),
            // DedupKeys holds one company per record; the matching one is the one that matters.
            g.Any(r => r.CompanyKey == company) ? company : g.Select(r => r.CompanyKey).FirstOrDefault(c => c != null))));
        var best = DuplicateFinder.FindMatches(keys, existing).FirstOrDefault();
        return (null, best is null ? null : (Guid.Parse(best.RecordId), best));
    }

    private sealed record SourceMatch(Guid Id, Guid LeadId, string IdempotencyKey, bool Abandoned, string? PhoneNormalized, string? EmailNormalized, string? CompanyKey);

    /// <summary>Compiled once: every intake runs it.</summary>
    private static readonly Func<LeadRoutingDbContext, string, string[], string[], string?, IAsyncEnumerable<SourceMatch>> SourcesMatching =
        EF.CompileAsyncQuery((LeadRoutingDbContext db, string idempotencyKey, string[] phones, string[] emails, string? company) =>
            from s in db.LeadSources.AsNoTracking()
            join l in db.Leads.AsNoTracking() on s.LeadId equals l.Id
            where s.IdempotencyKey == idempotencyKey
                  || (l.Status != Domain.Lifecycle.LeadStatus.Abandoned
                      && ((s.PhoneNormalized != null && phones.Contains(s.PhoneNormalized))
                          || (s.EmailNormalized != null && emails.Contains(s.EmailNormalized))
                          || (company != null && s.CompanyKey == company)))
            select new SourceMatch(s.Id, s.LeadId, s.IdempotencyKey, l.Status == Domain.Lifecycle.LeadStatus.Abandoned,
                s.PhoneNormalized, s.EmailNormalized, s.CompanyKey));

    private static DedupKeys DedupKeysOf(ValidIntake intake) => new(
        intake.Phone is null ? new HashSet<string>() : new HashSet<string>(StringComparer.Ordinal) { intake.Phone.Normalized },
        intake.EmailKey is null ? new HashSet<string>() : new HashSet<string>(StringComparer.Ordinal) { intake.EmailKey },
        intake.CompanyKey);

    private static LeadSourceRecord NewSource(IntakeLeadRequest request, ValidIntake intake, string submittedBy, DateTimeOffset now) => new()
    {
        Id = NewId.NextSequentialGuid(),
        IdempotencyKey = request.IdempotencyKey,
        Channel = intake.Channel,
        ReceivedAt = now,
        CapturedAt = intake.CapturedAt is { } captured ? LeadHistoryWriter.TruncateToMicroseconds(captured) : null,
        Name = Blank(request.Name),
        Phone = Blank(request.Phone),
        PhoneNormalized = intake.Phone?.Normalized,
        Email = Blank(request.Email),
        EmailNormalized = intake.EmailKey,
        Company = Blank(request.Company),
        CompanyKey = intake.CompanyKey,
        City = Blank(request.City),
        Territory = intake.Territory,
        ProductTags = [.. request.ProductTags.Select(t => t.Trim())],
        Payload = request.Payload is null ? null : JsonFormatter.Default.Format(request.Payload),
        ReferredBy = intake.ReferredBy,
        SubmittedBy = submittedBy,
    };

    /// <summary>A new lead carries its origin source's data (and, after an undone merge, the split source's).</summary>
    public static LeadRecord LeadFrom(LeadSourceRecord source) => new()
    {
        Id = NewId.NextSequentialGuid(),
        IdempotencyKey = source.IdempotencyKey,
        Channel = source.Channel,
        ReceivedAt = source.ReceivedAt,
        CapturedAt = source.CapturedAt,
        Name = source.Name,
        Phone = source.Phone,
        PhoneNormalized = source.PhoneNormalized,
        Email = source.Email,
        EmailNormalized = source.EmailNormalized,
        Company = source.Company,
        CompanyKey = source.CompanyKey,
        City = source.City,
        ProductTags = source.ProductTags,
        Payload = source.Payload,
        ReferredBy = source.ReferredBy,
        Territory = source.Territory,
        ProductLine = source.ProductTags.FirstOrDefault(),
        StatusChangedAt = source.ReceivedAt,
        SourceCount = 1,
    };

    /// <summary>History facts of an intake: ids and channel, never clear contact data.</summary>
    private static Dictionary<string, string> ReceivedData(LeadSourceRecord source) => new()
    {
        ["sourceId"] = source.Id.ToString("D"),
        ["channel"] = source.Channel,
        ["idempotencyKey"] = source.IdempotencyKey,
        ["territory"] = source.Territory ?? "",
        ["productLine"] = source.ProductTags.FirstOrDefault() ?? "",
    };

    /// <summary>Masked, so the event is safe for every subscriber (see LeadReceived).</summary>
    private static string? Summary(IntakeLeadRequest request)
    {
        var parts = new[]
        {
            ContactMasker.MaskName(request.Name),
            string.IsNullOrWhiteSpace(request.Phone) ? ContactMasker.MaskEmail(request.Email) : ContactMasker.MaskPhone(request.Phone),
        }.Where(p => p.Length > 0).ToArray();
        return parts.Length == 0 ? null : string.Join(' ', parts);
    }

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>True for the unique violation of a concurrent intake with the same idempotency key.</summary>
    public static bool IsIdempotencyRace(DbUpdateException ex) =>
        ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg
        && pg.ConstraintName is LeadSourceRecordConfiguration.IdempotencyKeyIndex or LeadRecordConfiguration.IdempotencyKeyIndex;
}
