using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.LeadRouting.Application.Routing;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Data.Operations;
using SalesMesh.LeadRouting.Domain.Common;
using LocalizedText = SalesMesh.LeadRouting.Domain.Common.LocalizedText;
using SalesMesh.LeadRouting.Domain.Contacts;
using SalesMesh.LeadRouting.Domain.Lifecycle;
using LeadStatus = SalesMesh.LeadRouting.Domain.Lifecycle.LeadStatus;
using SalesMesh.LeadRouting.Domain.Sla;
using SalesMesh.LeadRouting.Grpc;
using SalesMesh.LeadRouting.Operations.Board;
using SalesMesh.LeadRouting.Operations.CircuitBreaking;
using SalesMesh.LeadRouting.Operations.Overrides;
using SalesMesh.LeadRouting.Operations.Pools;
using SalesMesh.LeadRouting.Operations.Sla;
using SalesMesh.ServiceDefaults.Identity;
using ProtoSlaClock = SalesMesh.Contracts.LeadRouting.V1.SlaClock;

namespace SalesMesh.LeadRouting.Operations.Grpc;

/// <summary>
/// LeadOperationsService over gRPC: identity, input validation and mapping only; the rules live in
/// the domain and in the services of this folder.
/// </summary>
public sealed class LeadOperationsGrpcService(
    LeadRoutingDbContext db,
    ClaimService claims,
    OverrideService overrides,
    AppealService appeals,
    BoardFeed board,
    TimeProvider time) : LeadOperationsService.LeadOperationsServiceBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    public override async Task<GetSlaClocksResponse> GetSlaClocks(GetSlaClocksRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var errors = OperationErrors.For(context);
        var leadId = ParseLeadId(request.LeadId, errors);
        var ct = context.CancellationToken;
        var lead = await db.Leads.AsNoTracking().FirstOrDefaultAsync(l => l.Id == leadId, ct);
        if (lead is null || !await MaySeeFullAsync(caller, lead, ct))
            throw errors.NotFound("lead", leadId.ToString("D"));
        var policy = await RoutingPolicyStore.GetCurrentAsync(db, ct);
        var clocks = await SlaProgressReader.ClocksAsync(db, lead, policy.Sla, time.GetUtcNow(), ct);
        var response = new GetSlaClocksResponse { LeadId = request.LeadId };
        if (lead.IsOwned && lead.OwnerUserId is not null)
            response.Owner = new UserId { Value = lead.OwnerUserId };
        response.Clocks.AddRange(clocks.Select(ToProto));
        return response;
    }

    public override async Task<ListPublicPoolResponse> ListPublicPool(ListPublicPoolRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var errors = OperationErrors.For(context);
        // The pool is for those who can claim from it or assign out of it, like the claim board.
        if (!LeadAccess.IsSalesRole(caller))
            throw errors.PermissionDenied("只有销售、主管和管理员可以查看公海", "Only reps, supervisors and admins can list the public pool");
        var size = request.Page?.PageSize ?? 0;
        if (size < 0)
            throw errors.InvalidArgument("分页参数无效", "Invalid paging", ("page.pageSize", new LocalizedText("每页条数不能为负数", "The page size cannot be negative")));
        size = size == 0 ? DefaultPageSize : Math.Min(size, MaxPageSize);
        var cursor = PoolCursor.Parse(request.Page?.PageToken, errors);

        var ct = context.CancellationToken;
        var query = db.Leads.AsNoTracking().Where(l => l.Status == LeadStatus.PublicPool);
        var total = await query.LongCountAsync(ct);
        if (cursor is { } c)
            query = query.Where(l => l.PooledAt < c.PooledAt || (l.PooledAt == c.PooledAt && l.Id.CompareTo(c.LeadId) > 0));
        var page = await query.OrderByDescending(l => l.PooledAt).ThenBy(l => l.Id).Take(size + 1).ToListAsync(ct);

        var response = new ListPublicPoolResponse { Page = new PageResponse { TotalSize = total } };
        foreach (var lead in page.Take(size))
        {
            response.Leads.Add(new PoolLead
            {
                LeadId = new LeadId { Value = lead.Id.ToString("D") },
                Company = lead.Company ?? "",
                ContactNameMasked = ContactMasker.MaskName(lead.Name),
                PhoneMasked = ContactMasker.MaskPhone(lead.Phone),
                City = lead.City ?? "",
                ProductLine = lead.ProductLine ?? "",
                PooledAt = lead.PooledAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
                PoolReason = new Contracts.Common.V1.LocalizedText { ZhCn = lead.PoolReasonZh ?? "", En = lead.PoolReasonEn ?? "" },
            });
        }
        if (page.Count > size && page[size - 1] is { PooledAt: { } last } lastLead)
            response.Page.NextPageToken = PoolCursor.Format(last, lastLead.Id);
        return response;
    }

    public override async Task<ClaimLeadResponse> ClaimLead(ClaimLeadRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var errors = OperationErrors.For(context);
        var leadId = ParseLeadId(request.LeadId, errors);
        var outcome = await claims.ClaimAsync(caller, leadId, errors, context.CancellationToken);
        var response = new ClaimLeadResponse
        {
            LeadId = request.LeadId,
            ClaimedAt = Timestamp.FromDateTimeOffset(outcome.ClaimedAt),
            ClaimsLeftToday = outcome.ClaimsLeftToday,
        };
        response.Clocks.Add(ToProto(new SlaClockView(SlaKind.View, outcome.ClaimedAt, outcome.Deadlines.ViewDueAt, null, SlaClockStatus.Pending)));
        response.Clocks.Add(ToProto(new SlaClockView(SlaKind.FirstCall, outcome.ClaimedAt, outcome.Deadlines.FirstCallDueAt, null, SlaClockStatus.Pending)));
        return response;
    }

    public override async Task<OverrideAssignmentResponse> OverrideAssignment(OverrideAssignmentRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var errors = OperationErrors.For(context);
        if (!caller.IsSupervisor)
            throw errors.PermissionDenied("只有主管或管理员可以覆盖分配", "Only supervisors and admins can override assignments");
        var leadId = ParseLeadId(request.LeadId, errors);
        OverrideKind? kind = request.Target switch
        {
            OverrideTarget.Assign => OverrideKind.Assign,
            OverrideTarget.PublicPool => OverrideKind.PublicPool,
            OverrideTarget.CleaningPool => OverrideKind.CleaningPool,
            _ => null,
        };
        var outcome = await overrides.OverrideAsync(caller, leadId, kind, request.NewOwner?.Value, request.Reason, errors, context.CancellationToken);
        var response = new OverrideAssignmentResponse
        {
            LeadId = request.LeadId,
            Status = BoardProjection.StatusOf(outcome.Status),
            HistoryEntryId = outcome.HistoryEntryId.ToString("D"),
        };
        if (outcome.Owner is not null)
            response.Owner = new UserId { Value = outcome.Owner };
        if (outcome.PreviousOwner is not null)
            response.PreviousOwner = new UserId { Value = outcome.PreviousOwner };
        return response;
    }

    public override async Task<FileAppealResponse> FileAppeal(FileAppealRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var errors = OperationErrors.For(context);
        var leadId = ParseLeadId(request.LeadId, errors);
        var files = request.Evidence.Select(e => new EvidenceContent(e.FileName, e.Content.ToByteArray())).ToList();
        var record = await appeals.FileAsync(caller, leadId, request.Reason, files, errors, context.CancellationToken);
        return new FileAppealResponse { Appeal = ToProto(record) };
    }

    public override async Task<DecideAppealResponse> DecideAppeal(DecideAppealRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var errors = OperationErrors.For(context);
        if (!Guid.TryParse(request.AppealId, out var appealId))
            throw errors.InvalidArgument("申诉编号无效", "Invalid appeal id", ("appealId", new LocalizedText("必须是 UUID", "Must be a UUID")));
        var outcome = await appeals.DecideAsync(caller, appealId, request.Approve, request.Reason, errors, context.CancellationToken);
        return new DecideAppealResponse
        {
            Appeal = ToProto(outcome.Appeal),
            RightsRestored = outcome.RightsRestored,
            LeadStatus = BoardProjection.StatusOf(outcome.LeadStatus),
        };
    }

    public override async Task<ListAppealsResponse> ListAppeals(ListAppealsRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var errors = OperationErrors.For(context);
        var leadId = ParseLeadId(request.LeadId, errors);
        var ct = context.CancellationToken;
        var query = db.Set<LeadAppealRecord>().AsNoTracking().Include(a => a.Evidence).Where(a => a.LeadId == leadId);
        if (!caller.IsSupervisor)
            query = query.Where(a => a.RepUserId == caller.UserId); // a rep sees only their own appeals
        var list = await query.OrderByDescending(a => a.FiledAt).ToListAsync(ct);
        var response = new ListAppealsResponse();
        response.Appeals.AddRange(list.Select(ToProto));
        return response;
    }

    public override async Task WatchBoard(WatchBoardRequest request, IServerStreamWriter<WatchBoardResponse> responseStream, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        if (!LeadAccess.IsSalesRole(caller))
            throw OperationErrors.For(context).PermissionDenied("只有销售、主管和管理员可以查看认领公示板", "Only reps, supervisors and admins can watch the claim board");
        var ct = context.CancellationToken;
        // Subscribe before reading the snapshot: a change committed in between arrives as a change, never lost.
        using var subscription = board.Subscribe();
        var snapshot = await BoardProjection.SnapshotLeadsAsync(db, ct);
        foreach (var row in await BoardProjection.ProjectAsync(db, caller, snapshot, ct))
            await responseStream.WriteAsync(new WatchBoardResponse { Kind = BoardUpdateKind.Snapshot, Lead = row }, ct);
        await responseStream.WriteAsync(new WatchBoardResponse { Kind = BoardUpdateKind.SnapshotComplete }, ct);

        try
        {
            while (await subscription.Changes.WaitToReadAsync(ct))
            {
                var ids = new HashSet<Guid>();
                while (ids.Count < 200 && subscription.Changes.TryRead(out var id))
                    ids.Add(id);
                var leads = await db.Leads.AsNoTracking().Where(l => ids.Contains(l.Id)).ToListAsync(ct);
                foreach (var row in await BoardProjection.ProjectAsync(db, caller, leads, ct))
                    await responseStream.WriteAsync(new WatchBoardResponse { Kind = BoardUpdateKind.Change, Lead = row }, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the watcher went away
        }
    }

    private async Task<bool> MaySeeFullAsync(Caller caller, LeadRecord lead, CancellationToken ct)
    {
        if (caller.IsAdmin || (lead.OwnerUserId is not null && lead.OwnerUserId == caller.UserId))
            return true;
        if (!caller.IsInRole(CallerRoles.Supervisor))
            return false;
        var supervisor = lead.OwnerUserId is null ? null
            : await db.Reps.AsNoTracking().Where(r => r.UserId == lead.OwnerUserId).Select(r => r.SupervisorUserId).FirstOrDefaultAsync(ct);
        // Supervisors see their team's leads, and unowned ones (pool decisions are theirs to make).
        return lead.OwnerUserId is null || supervisor == caller.UserId;
    }

    private static Guid ParseLeadId(LeadId? id, OperationErrors errors) =>
        Guid.TryParse(id?.Value, out var leadId)
            ? leadId
            : throw errors.InvalidArgument("线索编号无效", "Invalid lead id", ("leadId", new LocalizedText("必须是 UUID", "Must be a UUID")));

    private static ProtoSlaClock ToProto(SlaClockView clock)
    {
        var proto = new ProtoSlaClock
        {
            Kind = clock.Kind == SlaKind.View ? SlaClockKind.View : SlaClockKind.FirstCall,
            State = clock.Status switch { SlaClockStatus.Met => SlaClockState.Met, SlaClockStatus.Breached => SlaClockState.Breached, _ => SlaClockState.Pending },
            StartedAt = Timestamp.FromDateTimeOffset(clock.StartedAt),
            DueAt = Timestamp.FromDateTimeOffset(clock.DueAt),
        };
        if (clock.SatisfiedAt is { } done)
            proto.SatisfiedAt = Timestamp.FromDateTimeOffset(done);
        return proto;
    }

    private static Appeal ToProto(LeadAppealRecord record)
    {
        var appeal = new Appeal
        {
            AppealId = record.Id.ToString("D"),
            LeadId = new LeadId { Value = record.LeadId.ToString("D") },
            Rep = new UserId { Value = record.RepUserId },
            Reason = record.Reason,
            State = record.Status switch { AppealStates.Approved => AppealState.Approved, AppealStates.Rejected => AppealState.Rejected, _ => AppealState.Pending },
            FiledAt = Timestamp.FromDateTimeOffset(record.FiledAt),
            DecisionReason = record.DecisionReason ?? "",
        };
        appeal.Evidence.AddRange(record.Evidence.OrderBy(e => e.Position).Select(e => new AppealEvidence { FileName = e.FileName, FileType = e.FileType, SizeBytes = e.SizeBytes }));
        if (record.DecidedBy is not null)
            appeal.DecidedBy = new UserId { Value = record.DecidedBy };
        if (record.DecidedAt is { } at)
            appeal.DecidedAt = Timestamp.FromDateTimeOffset(at);
        return appeal;
    }
}
