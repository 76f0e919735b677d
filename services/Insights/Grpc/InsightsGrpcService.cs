using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.Insights.V1;
using SalesMesh.Insights.Data;

namespace SalesMesh.Insights.Grpc;

/// <summary>Lead intake counts per channel from the LeadReceived events Insights has consumed.</summary>
public sealed class InsightsGrpcService(InsightsDbContext db) : InsightsService.InsightsServiceBase
{
    public override async Task<GetLeadIntakeStatsResponse> GetLeadIntakeStats(GetLeadIntakeStatsRequest request, ServerCallContext context)
    {
        var (from, to) = IntakeRangeValidator.Validate(request.Range, RequestLanguage.Of(context));

        var rows = db.LeadIntakeDaily.AsNoTracking();
        if (from is { } start)
            rows = rows.Where(r => r.DayUtc >= start);
        if (to is { } end)
            rows = rows.Where(r => r.DayUtc < end);

        var perChannel = await rows
            .GroupBy(r => r.Channel)
            .Select(g => new { Channel = g.Key, Count = g.Sum(r => r.LeadCount), AsOf = g.Max(r => r.LastReceivedAt) })
            .OrderBy(g => g.Channel)
            .ToListAsync(context.CancellationToken);

        var response = new GetLeadIntakeStatsResponse { TotalLeads = perChannel.Sum(c => c.Count) };
        response.Channels.AddRange(perChannel.Select(c => new ChannelLeadCount { Channel = (LeadChannel)c.Channel, LeadCount = c.Count }));
        if (perChannel.Count > 0)
            response.AsOf = Timestamp.FromDateTimeOffset(perChannel.Max(c => c.AsOf));
        return response;
    }
}
