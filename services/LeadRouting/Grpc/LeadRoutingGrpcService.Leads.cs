using System.Buffers.Text;
using System.Text;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Events;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.LeadRouting.Data;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.LeadRouting.Grpc;

public sealed partial class LeadRoutingGrpcService
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    /// <summary>LR-5: the lead with sources, merges, explained assignment and history; NOT_FOUND for others' leads.</summary>
    public override async Task<GetLeadResponse> GetLead(GetLeadRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var leadId = ParseLeadId(context, request.LeadId);
        var ct = context.CancellationToken;
        var lead = await db.Leads.AsNoTracking().SingleOrDefaultAsync(l => l.Id == leadId, ct);
        var ownerSupervisor = await OwnerSupervisorAsync(lead, ct);
        if (lead is null || !LeadAccess.CanSee(caller, lead, ownerSupervisor))
            throw RpcErrors.LeadNotFound(context);

        var full = LeadAccess.SeesInFull(caller, lead, ownerSupervisor);
        var language = RequestLanguage.Of(context);
        var response = new GetLeadResponse { Lead = LeadMapper.ToProto(lead, full, language) };
        var sources = await db.LeadSources.AsNoTracking().Where(s => s.LeadId == leadId)
            .OrderByDescending(s => s.IsOrigin).ThenBy(s => s.ReceivedAt).ToListAsync(ct);
        response.Sources.Add(sources.Select(s => LeadMapper.ToProto(s, full)));
        var merges = await db.LeadMerges.AsNoTracking().Where(m => m.LeadId == leadId).OrderBy(m => m.MergedAt).ToListAsync(ct);
        response.Merges.Add(merges.Select(LeadMapper.ToProto));
        if (lead.CurrentAssignmentId is { } assignmentId)
        {
            var assignment = await db.LeadAssignments.AsNoTracking().SingleAsync(a => a.Id == assignmentId, ct);
            response.Assignment = LeadMapper.ToProto(assignment);
        }
        // Entries not chained yet (usually for less than a second) are shown too, marked pending. Drafts are
        // read first: one sealed in between then shows up in the second read, never in neither.
        var drafts = await db.HistoryDrafts.AsNoTracking().Where(d => d.LeadId == leadId).ToListAsync(ct);
        var history = await db.History.AsNoTracking().Where(h => h.LeadId == leadId).OrderBy(h => h.LeadSequence).ToListAsync(ct);
        response.History.Add(history.Select(LeadMapper.ToProto));
        response.History.Add(drafts.Where(d => d.LeadSequence > (history.LastOrDefault()?.LeadSequence ?? 0))
            .OrderBy(d => d.LeadSequence).Select(LeadMapper.ToProto));
        return response;
    }

    /// <summary>LR-5: the caller's visible leads, newest first, keyset-paged on (received_at, id).</summary>
    public override async Task<ListLeadsResponse> ListLeads(ListLeadsRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        if (!LeadAccess.IsSalesRole(caller))
            throw RpcErrors.PermissionDenied(context, "只有销售、主管和管理员可以查看线索。", "Only reps, supervisors and admins can list leads.");
        var ct = context.CancellationToken;

        var query = db.Leads.AsNoTracking();
        var owner = request.Owner?.Value;
        if (!string.IsNullOrEmpty(owner) && !caller.IsSupervisor && owner != caller.UserId)
            throw RpcErrors.PermissionDenied(context, "销售只能查看自己的线索。", "A rep can only list their own leads.");
        if (caller.IsAdmin)
        {
        }
        else if (caller.IsSupervisor)
        {
            var team = caller.TeamId;
            var supervised = db.Reps.Where(r => r.SupervisorUserId == caller.UserId).Select(r => r.UserId);
            query = query.Where(l => l.OwnerUserId == caller.UserId || (team != null && l.OwnerTeamId == team) || supervised.Contains(l.OwnerUserId!));
        }
        else
        {
            query = query.Where(l => l.OwnerUserId == caller.UserId);
        }
        if (!string.IsNullOrEmpty(owner))
            query = query.Where(l => l.OwnerUserId == owner);

        if (request.Statuses.Count > 0)
        {
            var statuses = request.Statuses.Select(s => LeadMapper.FromProto(s)
                ?? throw RpcErrors.InvalidArgument(context, "statuses", "未知的线索状态", "Unknown lead status")).ToList();
            query = query.Where(l => statuses.Contains(l.Status));
        }
        if (request.Channels.Count > 0)
        {
            var channels = request.Channels.Select(c => LeadChannelNames.NameOf(c)
                ?? throw RpcErrors.InvalidArgument(context, "channels", "未知的线索渠道", "Unknown lead channel")).ToList();
            query = query.Where(l => channels.Contains(l.Channel));
        }
        if (request.Received is { } range)
        {
            if (range.Start is not null && range.End is not null && range.End.ToDateTimeOffset() <= range.Start.ToDateTimeOffset())
                throw RpcErrors.InvalidArgument(context, "received.end", "结束时间须晚于开始时间", "The end must be after the start");
            if (range.Start is not null)
            {
                var start = range.Start.ToDateTimeOffset();
                query = query.Where(l => l.ReceivedAt >= start);
            }
            if (range.End is not null)
            {
                var end = range.End.ToDateTimeOffset();
                query = query.Where(l => l.ReceivedAt < end);
            }
        }

        var pageSize = request.Page?.PageSize is > 0 and var size ? Math.Min(size, MaxPageSize) : DefaultPageSize;
        if (request.Page?.PageSize < 0)
            throw RpcErrors.InvalidArgument(context, "page.pageSize", "每页条数不能为负数", "The page size cannot be negative");
        var total = await query.LongCountAsync(ct);
        if (!string.IsNullOrEmpty(request.Page?.PageToken))
        {
            var (afterTime, afterId) = ParsePageToken(context, request.Page.PageToken);
            query = query.Where(l => l.ReceivedAt < afterTime || (l.ReceivedAt == afterTime && l.Id.CompareTo(afterId) < 0));
        }
        var page = await query.OrderByDescending(l => l.ReceivedAt).ThenByDescending(l => l.Id).Take(pageSize + 1).ToListAsync(ct);

        var language = RequestLanguage.Of(context);
        var response = new ListLeadsResponse { Page = new() { TotalSize = total } };
        foreach (var lead in page.Take(pageSize))
            response.Leads.Add(LeadMapper.ToProto(lead, LeadAccess.SeesInFull(caller, lead, SupervisorIfSelf(caller, lead)), language));
        if (page.Count > pageSize)
            response.Page.NextPageToken = PageToken(page[pageSize - 1]);
        return response;
    }

    /// <summary>The owner's roster supervisor (a supervisor sees the leads of reps they supervise in full).</summary>
    private Task<string?> OwnerSupervisorAsync(LeadRecord? lead, CancellationToken ct) => LeadAccess.OwnerSupervisorAsync(db, lead, ct);

    // The list is already restricted to what a supervisor may see; within it, their own team or reps are shown in full.
    private static string? SupervisorIfSelf(Caller caller, LeadRecord lead) => caller.IsSupervisor && lead.OwnerUserId is not null ? caller.UserId : null;

    private static string PageToken(LeadRecord last) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{last.ReceivedAt.UtcTicks}:{last.Id:N}"));

    private static (DateTimeOffset, Guid) ParsePageToken(ServerCallContext context, string token)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split(':');
            return (new DateTimeOffset(long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero), Guid.ParseExact(parts[1], "N"));
        }
        catch (Exception ex) when (ex is FormatException or IndexOutOfRangeException or ArgumentException)
        {
            throw RpcErrors.InvalidArgument(context, "page.pageToken", "分页令牌无效", "The page token is invalid");
        }
    }
}
