using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Tests.Service.Support;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Events;

namespace SalesMesh.Activities.Tests.Service;

/// <summary>AC-8: replays create nothing twice, stale edits are conflicts (never overwritten), a reused client id with other content is rejected.</summary>
[Collection(ActivitiesCollection.Name)]
public sealed class OfflineSyncTests(ActivitiesFixture fixture)
{
    private ActivitiesHost Host => fixture.Host;

    [Fact]
    public async Task Replaying_a_batch_creates_nothing_twice()
    {
        var rep = People.NewRep();
        var (customer, _) = await Samples.CustomerWithOpportunityAsync(Host, rep);
        var batch = new SyncVisitRecordsRequest
        {
            Items =
            {
                new SyncVisitRecordItem { ClientRecordId = Guid.NewGuid().ToString(), Content = Samples.Visit(customer.CustomerId.Value) },
                new SyncVisitRecordItem { ClientRecordId = Guid.NewGuid().ToString(), Content = Samples.Visit(customer.CustomerId.Value) },
            },
        };

        var first = await Host.ClientFor(rep).SyncVisitRecordsAsync(batch);
        var replay = await Host.ClientFor(rep).SyncVisitRecordsAsync(batch);

        Assert.Equal([SyncOutcome.Created, SyncOutcome.Created], first.Results.Select(r => r.Outcome));
        Assert.Equal([SyncOutcome.AlreadyApplied, SyncOutcome.AlreadyApplied], replay.Results.Select(r => r.Outcome));
        Assert.Equal(first.Results.Select(r => r.VisitRecord.VisitRecordId), replay.Results.Select(r => r.VisitRecord.VisitRecordId));
        Assert.Equal(2, await CountAsync(customer.CustomerId.Value));
        Assert.Equal(2, (await Samples.EventsAsync<VisitLogged>(Host, customer.CustomerId.Value)).Count);
    }

    [Fact]
    public async Task An_edit_on_a_stale_version_is_a_conflict_and_the_server_copy_stays()
    {
        var rep = People.NewRep();
        var (customer, _) = await Samples.CustomerWithOpportunityAsync(Host, rep);
        var clientId = Guid.NewGuid().ToString();
        var original = Samples.Visit(customer.CustomerId.Value);
        await Sync(rep, clientId, 0, original);

        var phoneEdit = original.Clone();
        phoneEdit.NextTouchpoint.Topic = "报价沟通";
        var updated = await Sync(rep, clientId, 1, phoneEdit);
        Assert.Equal((SyncOutcome.Updated, 2), (updated.Outcome, updated.ServerVersion));

        var tabletEdit = original.Clone();
        tabletEdit.NextTouchpoint.Topic = "合同条款";
        var conflict = await Sync(rep, clientId, 1, tabletEdit);
        Assert.Equal((SyncOutcome.Conflict, "sync.conflict", 2), (conflict.Outcome, conflict.Error.Code, conflict.ServerVersion));
        Assert.Equal("报价沟通", conflict.VisitRecord.Content.NextTouchpoint.Topic);

        var replayOfPhoneEdit = await Sync(rep, clientId, 1, phoneEdit);
        Assert.Equal(SyncOutcome.AlreadyApplied, replayOfPhoneEdit.Outcome);

        var stored = await Host.QueryAsync(db => db.VisitRecords.AsNoTracking().SingleAsync(v => v.ClientRecordId == Guid.Parse(clientId)));
        Assert.Equal(("报价沟通", 2), (stored.NextTouchpointTopic, stored.Version));
        Assert.Equal(2, (await Samples.EventsAsync<VisitLogged>(Host, clientId)).Count);
    }

    [Fact]
    public async Task A_client_id_replayed_with_different_content_is_rejected_for_that_item_only()
    {
        var rep = People.NewRep();
        var (customer, _) = await Samples.CustomerWithOpportunityAsync(Host, rep);
        var clientId = Guid.NewGuid().ToString();
        await Sync(rep, clientId, 0, Samples.Visit(customer.CustomerId.Value));

        var different = Samples.Visit(customer.CustomerId.Value);
        different.Budget = "confirmedAbove500k";
        var tooLong = Samples.Visit(customer.CustomerId.Value);
        tooLong.PromisedDeliverable = new string('字', 301);
        var response = await Host.ClientFor(rep).SyncVisitRecordsAsync(new SyncVisitRecordsRequest
        {
            Items =
            {
                new SyncVisitRecordItem { ClientRecordId = clientId, Content = different },
                new SyncVisitRecordItem { ClientRecordId = Guid.NewGuid().ToString(), Content = tooLong },
                new SyncVisitRecordItem { ClientRecordId = Guid.NewGuid().ToString(), Content = Samples.Visit(customer.CustomerId.Value) },
            },
        });

        Assert.Equal([SyncOutcome.Rejected, SyncOutcome.Rejected, SyncOutcome.Created], response.Results.Select(r => r.Outcome));
        Assert.Equal("sync.client_id_reused", response.Results[0].Error.Code);
        Assert.Equal("promisedDeliverable", Assert.Single(response.Results[1].Error.FieldViolations).Field);
        var stored = await Host.QueryAsync(db => db.VisitRecords.AsNoTracking().SingleAsync(v => v.ClientRecordId == Guid.Parse(clientId)));
        Assert.Equal(("unconfirmed", 1), (stored.Budget, stored.Version));
        Assert.Equal(2, await CountAsync(customer.CustomerId.Value));
    }

    private async Task<SyncVisitRecordResult> Sync(ServiceDefaults.Identity.Caller rep, string clientId, int baseVersion, VisitRecordContent content) =>
        Assert.Single((await Host.ClientFor(rep).SyncVisitRecordsAsync(new SyncVisitRecordsRequest
        {
            Items = { new SyncVisitRecordItem { ClientRecordId = clientId, BaseVersion = baseVersion, Content = content } },
        })).Results);

    private Task<int> CountAsync(string customerId) => Host.QueryAsync(db => db.VisitRecords.CountAsync(v => v.CustomerId == Guid.Parse(customerId)));
}
