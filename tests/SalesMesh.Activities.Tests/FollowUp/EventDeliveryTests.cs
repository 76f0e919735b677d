using Google.Protobuf;
using SalesMesh.Activities.Tests.FollowUp.Support;
using SalesMesh.Activities.Tests.Service.Support;
using SalesMesh.Activities.Tests.StatusCards;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.Events;
using SalesMesh.ServiceDefaults.Messaging;
using Eventually = SalesMesh.Activities.Tests.FollowUp.Support.Eventually;

namespace SalesMesh.Activities.Tests.FollowUp;

/// <summary>The outcome and follow-up events really leave through the outbox and RabbitMQ: a plain consumer on the vhost receives each.</summary>
[Collection(FollowUpCollection.Name)]
public sealed class EventDeliveryTests(FollowUpFixture fixture)
{
    private FollowUpHost Host => fixture.Host;

    private static readonly Type[] Events =
    [
        typeof(OpportunityWon), typeof(OpportunityLost), typeof(TaskCreated), typeof(DocumentAttached),
        typeof(ReviewRequested), typeof(ReviewCompleted), typeof(ReviewEscalated), typeof(TouchpointOverdue),
    ];

    [Fact]
    public async Task A_consumer_bound_on_the_broker_receives_every_outcome_and_follow_up_event()
    {
        await using var listener = await BrokerListener.ListenAsync(Host.BusConnectionString,
            Events.Select(e => (string)e.GetField("EventName")!.GetValue(null)!));
        var team = await Arrange.TeamAsync(Host);
        var activities = Host.Activities(team.Rep);
        var followUp = Host.FollowUp(team.Rep);
        // Above the witness threshold, need verified and key person agrees: a confirmed budget and a PDF make it green.
        var customerId = await Arrange.CustomerAsync(Host, team.Rep, FollowUpHost.WitnessThreshold + 100_000m, Arrange.GreenActions);
        var customer = new CustomerId { Value = customerId.ToString() };
        var now = Host.Clock.GetUtcNow();

        var recordId = await Arrange.VisitAsync(Host, team.Rep, customerId, now.AddMinutes(-10), now.AddHours(1));   // ReviewRequested
        await followUp.AttachDocumentAsync(new AttachDocumentRequest                                                 // DocumentAttached; yellow → green: TaskCreated
        {
            CustomerId = customer, Kind = DocumentKind.RequirementConfirmation, FileName = "需求确认书.pdf", ContentType = "application/pdf",
            Content = ByteString.CopyFrom(SampleFiles.MinimalPdf()),
        });
        Host.Clock.Advance(TimeSpan.FromHours(3));                                                                    // ReviewEscalated at 2 h, TouchpointOverdue at 3 h
        await Eventually.TrueAsync(async () => (await Host.OutboxAsync<ReviewEscalated>(recordId.ToString())).Count == 1
            && (await Host.OutboxAsync<TouchpointOverdue>(recordId.ToString())).Count == 1, "the escalation and the touchpoint alert");
        await Host.FollowUp(team.Supervisor).SubmitReviewVerdictAsync(new SubmitReviewVerdictRequest                 // ReviewCompleted
        {
            VisitRecordId = recordId.ToString(), Verdict = ReviewVerdict.InfoComplete,
        });
        var spare = (await activities.CreateOpportunityAsync(new CreateOpportunityRequest
        {
            CustomerId = customer, Opportunity = new NewOpportunity { Name = "备用方案", Amount = new Money { CurrencyCode = "CNY", Units = 10_000 } },
        })).Opportunity;
        await activities.MarkOpportunityLostAsync(new MarkOpportunityLostRequest                                       // OpportunityLost
        {
            OpportunityId = spare.OpportunityId, ExpectedVersion = spare.Version, Reason = "客户只保留主方案",
        });
        var main = (await activities.ListOpportunitiesAsync(new ListOpportunitiesRequest { CustomerId = customer })).Opportunities.Single(o => o.Status == OpportunityStatus.Open);
        var inDelivery = await PipelineWalk.ToLastOpenStageAsync(activities, main);
        await activities.MarkOpportunityWonAsync(new MarkOpportunityWonRequest { OpportunityId = main.OpportunityId, ExpectedVersion = inDelivery.Version }); // OpportunityWon

        var received = await listener.WaitForAllAsync([.. Events.Select(EventContracts.NameOf)], customerId.ToString(), TimeSpan.FromSeconds(30));

        // Exactly one of each for this customer: the outbox delivers once per row.
        foreach (var urn in Events.Select(EventContracts.NameOf))
            Assert.Single(received, r => r.MessageTypes.Contains(urn) && r.MessageJson.Contains(customerId.ToString(), StringComparison.Ordinal));
    }
}
