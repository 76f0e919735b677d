using Google.Protobuf.WellKnownTypes;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.LeadRouting.V1;

namespace SalesMesh.LeadRouting.Tests.Integration;

/// <summary>LR-5 ListLeads filters: each filter returns exactly the matching leads (newest first), and bad filters are refused.</summary>
[Collection(SharedHostCollection.Name)]
public sealed class ListLeadsTests(LeadRoutingHost host)
{
    private readonly LeadRoutingService.LeadRoutingServiceClient _desk = host.As(People.Rep("desk-" + People.Short(), "desk"));

    [Fact]
    public async Task Channel_received_time_and_status_filters_return_exactly_the_matching_leads()
    {
        var team = await TestTeam.CreateAsync(host, reps: 1);
        var rep = host.As(team.Reps[0]);
        var web = await _desk.IntakeLeadAsync(People.Lead(People.NewMobile(), team.ProductLine, channel: LeadChannel.WebForm));
        var wechat = await _desk.IntakeLeadAsync(People.Lead(People.NewMobile(), team.ProductLine, channel: LeadChannel.Wechat));
        var hotline = await _desk.IntakeLeadAsync(People.Lead(People.NewMobile(), team.ProductLine, channel: LeadChannel.Hotline400));
        await rep.MarkLeadViewedAsync(new MarkLeadViewedRequest { LeadId = web.LeadId });

        async Task<string[]> ListAsync(ListLeadsRequest request)
        {
            var page = await rep.ListLeadsAsync(request);
            Assert.Equal(page.Leads.Count, page.Page.TotalSize);
            return [.. page.Leads.Select(l => l.LeadId.Value)];
        }
        string[] Ids(params IntakeLeadResponse[] leads) => [.. leads.Select(l => l.LeadId.Value)];

        Assert.Equal(Ids(hotline, wechat, web), await ListAsync(new ListLeadsRequest()));
        Assert.Equal(Ids(wechat), await ListAsync(new ListLeadsRequest { Channels = { LeadChannel.Wechat } }));
        Assert.Equal(Ids(hotline, web), await ListAsync(new ListLeadsRequest { Channels = { LeadChannel.WebForm, LeadChannel.Hotline400 } }));
        Assert.Empty(await ListAsync(new ListLeadsRequest { Channels = { LeadChannel.PartnerApi } }));

        // Start inclusive, end exclusive.
        Assert.Equal(Ids(wechat), await ListAsync(new ListLeadsRequest { Received = new TimeRange { Start = wechat.ReceivedAt, End = hotline.ReceivedAt } }));
        Assert.Equal(Ids(hotline, wechat), await ListAsync(new ListLeadsRequest { Received = new TimeRange { Start = wechat.ReceivedAt } }));
        Assert.Equal(Ids(web), await ListAsync(new ListLeadsRequest { Received = new TimeRange { End = wechat.ReceivedAt } }));

        Assert.Equal(Ids(web), await ListAsync(new ListLeadsRequest { Statuses = { LeadStatus.Viewed } }));
        Assert.Equal(Ids(hotline, wechat), await ListAsync(new ListLeadsRequest { Statuses = { LeadStatus.Assigned } }));
        Assert.Equal(Ids(hotline, wechat, web), await ListAsync(new ListLeadsRequest { Statuses = { LeadStatus.Assigned, LeadStatus.Viewed } }));
        Assert.Empty(await ListAsync(new ListLeadsRequest { Statuses = { LeadStatus.Contacted } }));

        // Filters combine.
        Assert.Equal(Ids(hotline), await ListAsync(new ListLeadsRequest
        {
            Statuses = { LeadStatus.Assigned }, Channels = { LeadChannel.Hotline400, LeadChannel.WebForm }, Received = new TimeRange { Start = web.ReceivedAt },
        }));
    }

    [Fact]
    public async Task Bad_filters_are_refused_with_the_field()
    {
        var rep = host.As(People.Rep("rep-" + People.Short(), "t"));
        var now = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);

        await Assertions.InvalidArgumentAsync(() => rep.ListLeadsAsync(new ListLeadsRequest { Received = new TimeRange { Start = now, End = now } }).ResponseAsync, "received.end");
        await Assertions.InvalidArgumentAsync(() => rep.ListLeadsAsync(new ListLeadsRequest { Channels = { LeadChannel.Unspecified } }).ResponseAsync, "channels");
        await Assertions.InvalidArgumentAsync(() => rep.ListLeadsAsync(new ListLeadsRequest { Statuses = { LeadStatus.Unspecified } }).ResponseAsync, "statuses");
    }
}
