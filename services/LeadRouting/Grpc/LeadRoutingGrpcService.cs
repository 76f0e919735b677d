using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.Events;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.Grpc;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.Contacts;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.LeadRouting.Grpc;

/// <summary>LR-1 intake: validate, honour the idempotency key, store the lead and its LeadReceived event in one commit.</summary>
public sealed class LeadRoutingGrpcService(LeadRoutingDbContext db, ILogger<LeadRoutingGrpcService> logger) : LeadRoutingService.LeadRoutingServiceBase
{
    public override async Task<IntakeLeadResponse> IntakeLead(IntakeLeadRequest request, ServerCallContext context)
    {
        var (intake, violations) = IntakeLeadValidator.Validate(request);
        if (intake is null)
        {
            var language = RequestLanguage.Of(context);
            throw RpcExceptions.InvalidArgument(
                language == "en" ? "The lead is invalid." : "线索信息无效。",
                [.. violations.Select(v => (v.FieldPath, v.Message.For(language)))]);
        }

        var ct = context.CancellationToken;
        if (await FindByKeyAsync(request.IdempotencyKey, ct) is { } earlier)
            return Response(earlier, replayed: true);

        var lead = NewLead(request, intake);
        lead.DuplicateOf = await FindSurvivorAsync(intake, ct);
        db.Leads.Add(lead);
        db.EnqueueEvent(new LeadReceived(lead.Id, lead.Channel, lead.ReceivedAt, Summary(request)));
        try
        {
            // One SaveChanges = one transaction: the lead and its event commit together or not at all.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: LeadRecordConfiguration.IdempotencyKeyIndex })
        {
            // A concurrent call with the same key committed first: answer with its lead, store nothing.
            logger.LogInformation("Idempotency key raced with a concurrent intake; replaying the committed lead.");
            db.ChangeTracker.Clear();
            var winner = await FindByKeyAsync(request.IdempotencyKey, ct)
                ?? throw new RpcException(new Status(StatusCode.Aborted, "Concurrent intake with the same idempotency key; retry."));
            return Response(winner, replayed: true);
        }

        return Response(lead, replayed: false);
    }

    private Task<LeadRecord?> FindByKeyAsync(string key, CancellationToken ct) =>
        db.Leads.AsNoTracking().SingleOrDefaultAsync(l => l.IdempotencyKey == key, ct);

    /// <summary>
    /// LR-2 minimal: the oldest distinct lead with the same normalized phone or e-mail. The lead is
    /// still stored (intake never rejects a duplicate); full merge rules come with the dedup issue.
    /// </summary>
    private async Task<Guid?> FindSurvivorAsync(ValidIntake intake, CancellationToken ct)
    {
        var phone = intake.Phone?.Normalized;
        var email = intake.EmailKey;
        var match = await db.Leads.AsNoTracking()
            .Where(l => l.DuplicateOf == null && ((phone != null && l.PhoneNormalized == phone) || (email != null && l.EmailNormalized == email)))
            .OrderBy(l => l.ReceivedAt).ThenBy(l => l.Id)
            .Select(l => (Guid?)l.Id)
            .FirstOrDefaultAsync(ct);
        return match;
    }

    private static LeadRecord NewLead(IntakeLeadRequest request, ValidIntake intake) => new()
    {
        Id = NewId.NextSequentialGuid(),
        IdempotencyKey = request.IdempotencyKey,
        Channel = intake.Channel,
        // PostgreSQL keeps microseconds: truncate now so a replay returns exactly the first answer.
        ReceivedAt = TruncateToMicroseconds(DateTimeOffset.UtcNow),
        CapturedAt = intake.CapturedAt is { } captured ? TruncateToMicroseconds(captured) : null,
        Name = Blank(request.Name),
        Phone = Blank(request.Phone),
        PhoneNormalized = intake.Phone?.Normalized,
        Email = Blank(request.Email),
        EmailNormalized = intake.EmailKey,
        Company = Blank(request.Company),
        CompanyKey = intake.CompanyKey,
        City = Blank(request.City),
        ProductTags = [.. request.ProductTags],
        Payload = request.Payload is null ? null : JsonFormatter.Default.Format(request.Payload),
        ReferredBy = intake.ReferredBy,
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

    private static IntakeLeadResponse Response(LeadRecord lead, bool replayed) => new()
    {
        LeadId = new LeadId { Value = lead.Id.ToString("D") },
        ReceivedAt = Timestamp.FromDateTimeOffset(lead.ReceivedAt),
        DuplicateOf = lead.DuplicateOf is { } survivor ? new LeadId { Value = survivor.ToString("D") } : null,
        Replayed = replayed,
    };

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value) =>
        new(value.Ticks - value.Ticks % (TimeSpan.TicksPerMillisecond / 1000), value.Offset);
}
