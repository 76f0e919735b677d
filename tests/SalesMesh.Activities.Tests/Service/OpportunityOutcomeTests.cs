using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using SalesMesh.Activities.Tests.Service.Support;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.Events;

namespace SalesMesh.Activities.Tests.Service;

/// <summary>Winning an opportunity (AC-1) and changing its expected amount (the value witness mode compares, AC-5), over gRPC.</summary>
[Collection(ActivitiesCollection.Name)]
public sealed class OpportunityOutcomeTests(ActivitiesFixture fixture)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private ActivitiesHost Host => fixture.Host;

    [Fact]
    public async Task Winning_from_the_last_stage_with_a_final_amount_sets_won_and_publishes_OpportunityWon()
    {
        var rep = People.NewRep();
        var (_, opportunity) = await Samples.CustomerWithOpportunityAsync(Host, rep);
        var client = Host.ClientFor(rep);

        // Winning is the gated move from the last open stage: from the first stage it skips four.
        var tooEarly = await Assert.ThrowsAsync<RpcException>(() => client.MarkOpportunityWonAsync(new MarkOpportunityWonRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = opportunity.Version,
        }).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, "pipeline.stage_skipped"), (tooEarly.StatusCode, Reason(tooEarly)));

        var inDelivery = await PipelineWalk.ToLastOpenStageAsync(client, opportunity);
        var won = (await client.MarkOpportunityWonAsync(new MarkOpportunityWonRequest
        {
            OpportunityId = opportunity.OpportunityId,
            ExpectedVersion = inDelivery.Version,
            FinalAmount = new Money { CurrencyCode = "CNY", Units = 950_000, Nanos = 500_000_000 },
        })).Opportunity;

        Assert.Equal((OpportunityStatus.Won, "won", inDelivery.Version + 1), (won.Status, won.Stage, won.Version));
        Assert.Equal(("CNY", 950_000L, 500_000_000), (won.Amount.CurrencyCode, won.Amount.Units, won.Amount.Nanos));
        Assert.NotNull(won.CloseTime);
        var shown = (await client.GetOpportunityAsync(new GetOpportunityRequest { OpportunityId = opportunity.OpportunityId })).Opportunity;
        Assert.Equal((OpportunityStatus.Won, won.Version), (shown.Status, shown.Version));

        // The event leaves through the outbox to the broker (SentAt is set once RabbitMQ confirmed it).
        await Eventually.TrueAsync(async () => (await Samples.EventsAsync<OpportunityWon>(Host, opportunity.OpportunityId.Value)) is [{ SentAt: not null }],
            "OpportunityWon published to the broker");
        var published = JsonSerializer.Deserialize<OpportunityWon>((await Samples.EventsAsync<OpportunityWon>(Host, opportunity.OpportunityId.Value))[0].Body, Json)!;
        Assert.Equal((950_000.5m, "CNY", "delivery", rep.UserId), (published.Amount, published.Currency, published.FromStage, published.OwnerUserId));
        var moved = await Samples.EventsAsync<StageChanged>(Host, opportunity.OpportunityId.Value);
        Assert.Equal(["solutionPresentation", "quoteNegotiation", "contractSigning", "delivery", "won"],
            moved.Select(m => JsonSerializer.Deserialize<StageChanged>(m.Body, Json)!.ToStage));

        // A closed opportunity can be neither won again nor lost; nothing changes.
        var again = await Assert.ThrowsAsync<RpcException>(() => client.MarkOpportunityWonAsync(new MarkOpportunityWonRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = won.Version, FinalAmount = new Money { CurrencyCode = "CNY", Units = 1 },
        }).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, "pipeline.stage_closed"), (again.StatusCode, Reason(again)));
        var lost = await Assert.ThrowsAsync<RpcException>(() => client.MarkOpportunityLostAsync(new MarkOpportunityLostRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = won.Version, Reason = "客户改主意了",
        }).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, "pipeline.stage_closed"), (lost.StatusCode, Reason(lost)));

        var after = (await client.GetOpportunityAsync(new GetOpportunityRequest { OpportunityId = opportunity.OpportunityId })).Opportunity;
        Assert.Equal((OpportunityStatus.Won, won.Version, 950_000L, ""), (after.Status, after.Version, after.Amount.Units, after.LostReason));
        Assert.Single(await Samples.EventsAsync<OpportunityWon>(Host, opportunity.OpportunityId.Value));
        Assert.Empty(await Samples.EventsAsync<OpportunityLost>(Host, opportunity.OpportunityId.Value));
    }

    [Fact]
    public async Task Someone_elses_opportunity_can_be_neither_won_nor_lost_and_stays_as_it_was()
    {
        var owner = People.NewRep(People.TeamA);
        var stranger = People.NewRep(People.TeamB);
        var (_, opportunity) = await Samples.CustomerWithOpportunityAsync(Host, owner);
        var inDelivery = await PipelineWalk.ToLastOpenStageAsync(Host.ClientFor(owner), opportunity);
        var client = Host.ClientFor(stranger);

        var win = await Assert.ThrowsAsync<RpcException>(() => client.MarkOpportunityWonAsync(new MarkOpportunityWonRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = inDelivery.Version,
        }).ResponseAsync);
        var lose = await Assert.ThrowsAsync<RpcException>(() => client.MarkOpportunityLostAsync(new MarkOpportunityLostRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = inDelivery.Version, Reason = "抢单",
        }).ResponseAsync);
        var supervisorOfAnotherTeam = await Assert.ThrowsAsync<RpcException>(() => Host.ClientFor(People.SupervisorSun).MarkOpportunityWonAsync(new MarkOpportunityWonRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = inDelivery.Version,
        }).ResponseAsync);

        Assert.Equal([StatusCode.NotFound, StatusCode.NotFound, StatusCode.NotFound], new[] { win.StatusCode, lose.StatusCode, supervisorOfAnotherTeam.StatusCode });
        var after = (await Host.ClientFor(owner).GetOpportunityAsync(new GetOpportunityRequest { OpportunityId = opportunity.OpportunityId })).Opportunity;
        Assert.Equal((OpportunityStatus.Open, "delivery", inDelivery.Version), (after.Status, after.Stage, after.Version));
        Assert.Empty(await Samples.EventsAsync<OpportunityWon>(Host, opportunity.OpportunityId.Value));
        Assert.Empty(await Samples.EventsAsync<OpportunityLost>(Host, opportunity.OpportunityId.Value));
    }

    [Fact]
    public async Task Owner_and_supervisor_change_the_expected_amount_versioned_and_published()
    {
        var rep = People.NewRep(People.TeamA);
        var (_, opportunity) = await Samples.CustomerWithOpportunityAsync(Host, rep);

        var raised = (await Host.ClientFor(rep).UpdateOpportunityAmountAsync(new UpdateOpportunityAmountRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = 1, Amount = new Money { CurrencyCode = "CNY", Units = 1_200_000 },
        })).Opportunity;
        Assert.Equal((2, 1_200_000L, "CNY"), (raised.Version, raised.Amount.Units, raised.Amount.CurrencyCode));

        // The same amount again is no change: no new version, no second event.
        var same = (await Host.ClientFor(rep).UpdateOpportunityAmountAsync(new UpdateOpportunityAmountRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = 2, Amount = new Money { CurrencyCode = "CNY", Units = 1_200_000 },
        })).Opportunity;
        Assert.Equal(2, same.Version);

        var stale = await Assert.ThrowsAsync<RpcException>(() => Host.ClientFor(People.SupervisorChen).UpdateOpportunityAmountAsync(new UpdateOpportunityAmountRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = 1, Amount = new Money { CurrencyCode = "CNY", Units = 1 },
        }).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        // The supervisor of the owner's team may correct it too.
        var corrected = (await Host.ClientFor(People.SupervisorChen).UpdateOpportunityAmountAsync(new UpdateOpportunityAmountRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = 2, Amount = new Money { CurrencyCode = "USD", Units = 150_000, Nanos = 250_000_000 },
        })).Opportunity;
        Assert.Equal((3, "USD", 150_000L, 250_000_000), (corrected.Version, corrected.Amount.CurrencyCode, corrected.Amount.Units, corrected.Amount.Nanos));

        var events = (await Samples.EventsAsync<OpportunityAmountChanged>(Host, opportunity.OpportunityId.Value))
            .Select(m => JsonSerializer.Deserialize<OpportunityAmountChanged>(m.Body, Json)!).ToList();
        Assert.Equal(
            [(800_000m, "CNY", 1_200_000m, "CNY", rep.UserId, 2), (1_200_000m, "CNY", 150_000.25m, "USD", People.SupervisorChen.UserId, 3)],
            events.Select(e => (e.PreviousAmount, e.PreviousCurrency, e.Amount, e.Currency, e.ChangedByUserId, e.Version)));
        await Eventually.TrueAsync(async () => (await Samples.EventsAsync<OpportunityAmountChanged>(Host, opportunity.OpportunityId.Value)).All(m => m.SentAt is not null),
            "OpportunityAmountChanged published to the broker");
    }

    [Fact]
    public async Task A_bad_amount_a_stranger_or_a_closed_opportunity_changes_nothing()
    {
        var rep = People.NewRep(People.TeamA);
        var (_, opportunity) = await Samples.CustomerWithOpportunityAsync(Host, rep);
        var client = Host.ClientFor(rep, "en");

        var missing = await Assert.ThrowsAsync<RpcException>(() => client.UpdateOpportunityAmountAsync(new UpdateOpportunityAmountRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = 1,
        }).ResponseAsync);
        Assert.Equal(("amount", "opportunity.amount_required"), Violation(missing));
        var malformed = await Assert.ThrowsAsync<RpcException>(() => client.UpdateOpportunityAmountAsync(new UpdateOpportunityAmountRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = 1, Amount = new Money { CurrencyCode = "rmb", Units = -3 },
        }).ResponseAsync);
        Assert.Equal(["amount.currencyCode", "amount"], Samples.BadRequestOf(malformed).FieldViolations.Select(v => v.Field));
        var mixedSigns = await Assert.ThrowsAsync<RpcException>(() => client.UpdateOpportunityAmountAsync(new UpdateOpportunityAmountRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = 1, Amount = new Money { CurrencyCode = "CNY", Units = 5, Nanos = -1 },
        }).ResponseAsync);
        Assert.Equal(("amount.nanos", "invalid_money"), Violation(mixedSigns));
        var huge = await Assert.ThrowsAsync<RpcException>(() => client.UpdateOpportunityAmountAsync(new UpdateOpportunityAmountRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = 1, Amount = new Money { CurrencyCode = "CNY", Units = long.MaxValue },
        }).ResponseAsync);
        Assert.Equal((StatusCode.InvalidArgument, ("amount", "amount_too_large")), (huge.StatusCode, Violation(huge)));

        var stranger = await Assert.ThrowsAsync<RpcException>(() => Host.ClientFor(People.NewRep(People.TeamA)).UpdateOpportunityAmountAsync(new UpdateOpportunityAmountRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = 1, Amount = new Money { CurrencyCode = "CNY", Units = 1 },
        }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, stranger.StatusCode);

        await client.MarkOpportunityLostAsync(new MarkOpportunityLostRequest { OpportunityId = opportunity.OpportunityId, ExpectedVersion = 1, Reason = "预算取消" });
        var closed = await Assert.ThrowsAsync<RpcException>(() => client.UpdateOpportunityAmountAsync(new UpdateOpportunityAmountRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = 2, Amount = new Money { CurrencyCode = "CNY", Units = 1 },
        }).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, "pipeline.stage_closed"), (closed.StatusCode, Reason(closed)));

        var after = (await client.GetOpportunityAsync(new GetOpportunityRequest { OpportunityId = opportunity.OpportunityId })).Opportunity;
        Assert.Equal((2, 800_000L, "CNY"), (after.Version, after.Amount.Units, after.Amount.CurrencyCode));
        Assert.Empty(await Samples.EventsAsync<OpportunityAmountChanged>(Host, opportunity.OpportunityId.Value));
    }

    private static string Reason(RpcException ex) => ex.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason;

    private static (string Field, string Reason) Violation(RpcException ex)
    {
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var violation = Assert.Single(Samples.BadRequestOf(ex).FieldViolations);
        return (violation.Field, violation.Reason);
    }
}
