using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Tests.Service.Support;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.Events;

namespace SalesMesh.Activities.Tests.Service;

/// <summary>AC-3/AC-4 on the write path: field validation, the rule set in force, server time stamps, nothing stored on error.</summary>
[Collection(ActivitiesCollection.Name)]
public sealed class VisitRecordSubmissionTests(ActivitiesFixture fixture)
{
    private ActivitiesHost Host => fixture.Host;

    [Fact]
    public async Task A_valid_record_is_stored_with_server_times_and_published()
    {
        var rep = People.NewRep();
        var (customer, _) = await Samples.CustomerWithOpportunityAsync(Host, rep);
        var content = Samples.Visit(customer.CustomerId.Value);
        var before = DateTimeOffset.UtcNow;

        var submitted = await Host.ClientFor(rep).SubmitVisitRecordAsync(new SubmitVisitRecordRequest { ClientRecordId = Guid.NewGuid().ToString(), Content = content });

        var record = submitted.VisitRecord;
        Assert.True(submitted.Created);
        Assert.Equal((1, "visit-record", 1, rep.UserId), (record.Version, record.RuleSetId, record.RuleSetVersion, record.RepUserId.Value));
        Assert.InRange(record.RecordTime.ToDateTimeOffset(), before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal("下周提供产品白皮书", record.PromisedDeliverableText);
        Assert.Equal(content.VisitTime, record.Content.VisitTime);
        await Eventually.TrueAsync(async () => (await Samples.EventsAsync<VisitLogged>(Host, record.VisitRecordId.Value)) is [{ SentAt: not null }],
            "VisitLogged published");

        var listed = await Host.ClientFor(rep).ListVisitRecordsAsync(new ListVisitRecordsRequest { CustomerId = customer.CustomerId });
        Assert.Equal(record.VisitRecordId, Assert.Single(listed.VisitRecords).VisitRecordId);
    }

    [Fact]
    public async Task A_deliverable_of_301_characters_is_refused_and_nothing_is_stored_while_300_is_accepted()
    {
        var rep = People.NewRep();
        var (customer, _) = await Samples.CustomerWithOpportunityAsync(Host, rep);
        var tooLong = Samples.Visit(customer.CustomerId.Value);
        tooLong.PromisedDeliverable = "<p>" + new string('成', 301) + "</p>";   // markup does not count, characters do

        var refused = await Assert.ThrowsAsync<RpcException>(() => Host.ClientFor(rep).SubmitVisitRecordAsync(new SubmitVisitRecordRequest
        {
            ClientRecordId = Guid.NewGuid().ToString(), Content = tooLong,
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        var violation = Assert.Single(Samples.BadRequestOf(refused).FieldViolations);
        Assert.Equal(("promisedDeliverable", "visit.too_long"), (violation.Field, violation.Reason));
        Assert.Contains("301", violation.Description);
        Assert.Equal(0, await CountRecordsAsync(customer.CustomerId.Value));
        Assert.Empty(await Samples.EventsAsync<VisitLogged>(Host, customer.CustomerId.Value));

        var exact = Samples.Visit(customer.CustomerId.Value);
        exact.PromisedDeliverable = "<p>" + new string('成', 299) + "😀</p>";   // an emoji is one character
        await Host.ClientFor(rep).SubmitVisitRecordAsync(new SubmitVisitRecordRequest { ClientRecordId = Guid.NewGuid().ToString(), Content = exact });
        Assert.Equal(1, await CountRecordsAsync(customer.CustomerId.Value));
    }

    [Fact]
    public async Task A_rule_violation_names_the_rule_and_every_field_involved()
    {
        var rep = People.NewRep();
        var (customer, _) = await Samples.CustomerWithOpportunityAsync(Host, rep);
        var content = Samples.Visit(customer.CustomerId.Value);
        content.BiggestConcern = "budgetInsufficient";
        content.PromisedDeliverable = "提供产品白皮书";
        content.Trial = new TrialInfo { AccountProvided = true, StartDate = "2026-11-01" };

        var refused = await Assert.ThrowsAsync<RpcException>(() => Host.ClientFor(rep, "en").SubmitVisitRecordAsync(new SubmitVisitRecordRequest
        {
            ClientRecordId = Guid.NewGuid().ToString(), Content = content,
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Equal("rules.violation", refused.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Reason);
        var violations = Samples.BadRequestOf(refused).FieldViolations.Select(v => (v.Reason, v.Field)).ToList();
        Assert.Equal(
        [
            ("trial-account-details", "trial.endDate"),
            ("trial-account-details", "trial.clientLoginFrequency"),
            ("trial-account-details", "trial.accountProvided"),
            ("budget-concern-needs-cost-analysis", "promisedDeliverable"),
            ("budget-concern-needs-cost-analysis", "biggestConcern"),
        ], violations);
        Assert.Contains("trial-account-details", refused.Status.Detail);
        Assert.Contains("budget-concern-needs-cost-analysis", refused.Status.Detail);
        Assert.Equal(0, await CountRecordsAsync(customer.CustomerId.Value));

        // Mentioning ROI and completing the trial satisfies both rules.
        content.PromisedDeliverable = "提供 ROI 测算";
        content.Trial = new TrialInfo { AccountProvided = true, StartDate = "2026-11-01", EndDate = "2026-11-30", ClientLoginFrequency = "每天" };
        await Host.ClientFor(rep).SubmitVisitRecordAsync(new SubmitVisitRecordRequest { ClientRecordId = Guid.NewGuid().ToString(), Content = content });
        Assert.Equal(1, await CountRecordsAsync(customer.CustomerId.Value));
    }

    [Fact]
    public async Task Resubmitting_the_same_client_id_creates_nothing_and_other_content_is_already_exists()
    {
        var rep = People.NewRep();
        var (customer, _) = await Samples.CustomerWithOpportunityAsync(Host, rep);
        var clientId = Guid.NewGuid().ToString();
        var content = Samples.Visit(customer.CustomerId.Value);
        var first = await Host.ClientFor(rep).SubmitVisitRecordAsync(new SubmitVisitRecordRequest { ClientRecordId = clientId, Content = content });

        var replay = await Host.ClientFor(rep).SubmitVisitRecordAsync(new SubmitVisitRecordRequest { ClientRecordId = clientId, Content = content });
        Assert.False(replay.Created);
        Assert.Equal(first.VisitRecord.VisitRecordId, replay.VisitRecord.VisitRecordId);

        var changed = content.Clone();
        changed.Budget = "confirmedBelow500k";
        var reused = await Assert.ThrowsAsync<RpcException>(() => Host.ClientFor(rep).SubmitVisitRecordAsync(new SubmitVisitRecordRequest { ClientRecordId = clientId, Content = changed }).ResponseAsync);
        Assert.Equal((StatusCode.AlreadyExists, "sync.client_id_reused"), (reused.StatusCode, reused.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Reason));
        Assert.Equal(1, await CountRecordsAsync(customer.CustomerId.Value));
        Assert.Single(await Samples.EventsAsync<VisitLogged>(Host, clientId));
    }

    [Fact]
    public async Task A_late_entry_is_flagged_and_the_rep_can_dismiss_it_with_a_note()
    {
        var rep = People.NewRep();
        var (customer, _) = await Samples.CustomerWithOpportunityAsync(Host, rep);
        var content = Samples.Visit(customer.CustomerId.Value);
        content.VisitTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-3));
        var record = (await Host.ClientFor(rep).SubmitVisitRecordAsync(new SubmitVisitRecordRequest { ClientRecordId = Guid.NewGuid().ToString(), Content = content })).VisitRecord;
        var flag = Assert.Single(record.Flags);
        Assert.Equal(("lateEntry", "active", false), (flag.Kind, flag.State, flag.WasOverridden));

        var noNote = await Assert.ThrowsAsync<RpcException>(() => Host.ClientFor(rep).OverrideFlagAsync(new OverrideFlagRequest { FlagId = flag.FlagId, Action = FlagAction.Dismiss }).ResponseAsync);
        Assert.Equal(("note", StatusCode.InvalidArgument), (Assert.Single(Samples.BadRequestOf(noNote).FieldViolations).Field, noNote.StatusCode));
        var notResponsible = await Assert.ThrowsAsync<RpcException>(() => Host.ClientFor(People.SupervisorChen).OverrideFlagAsync(new OverrideFlagRequest
        {
            FlagId = flag.FlagId, Action = FlagAction.Dismiss, Note = "x",
        }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, notResponsible.StatusCode);

        await Host.ClientFor(rep).OverrideFlagAsync(new OverrideFlagRequest { FlagId = flag.FlagId, Action = FlagAction.Dismiss, Note = "出差途中无网络，回来补录" });

        var shown = (await Host.ClientFor(rep).GetVisitRecordAsync(new GetVisitRecordRequest { VisitRecordId = record.VisitRecordId })).VisitRecord.Flags.Single();
        Assert.Equal(("dismissed", true, "late"), (shown.State, shown.WasOverridden, shown.RaisedValue));
        var intervention = Assert.Single(shown.Interventions);
        Assert.Equal((rep.UserId, "出差途中无网络，回来补录", "late", ""), (intervention.ActorUserId, intervention.Note, intervention.PreviousValue, intervention.NewValue));
    }

    [Fact]
    public async Task Changing_an_automatic_flag_keeps_the_original_value_and_shows_who_changed_it_and_why()
    {
        var rep = People.NewRep();
        var (customer, _) = await Samples.CustomerWithOpportunityAsync(Host, rep);
        var content = Samples.Visit(customer.CustomerId.Value);
        content.VisitTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-30));
        var record = (await Host.ClientFor(rep).SubmitVisitRecordAsync(new SubmitVisitRecordRequest { ClientRecordId = Guid.NewGuid().ToString(), Content = content })).VisitRecord;
        var flag = Assert.Single(record.Flags);
        Assert.Equal(("lateEntry", "late"), (flag.Kind, flag.Value));

        var unchanged = await Assert.ThrowsAsync<RpcException>(() => Host.ClientFor(rep).OverrideFlagAsync(new OverrideFlagRequest
        {
            FlagId = flag.FlagId, Action = FlagAction.Change, NewValue = "late", Note = "同值",
        }).ResponseAsync);
        Assert.Equal((StatusCode.InvalidArgument, "flag.no_change"), (unchanged.StatusCode, Assert.Single(Samples.BadRequestOf(unchanged).FieldViolations).Reason));

        var changed = (await Host.ClientFor(rep).OverrideFlagAsync(new OverrideFlagRequest
        {
            FlagId = flag.FlagId, Action = FlagAction.Change, NewValue = "onTime", Note = "拜访时间填错了，实际是今天上午",
        })).Flag;
        Assert.Equal(("changed", "onTime", "late", true), (changed.State, changed.Value, changed.RaisedValue, changed.WasOverridden));

        // The record shows the automation was overridden: by whom, why, from what to what.
        var shown = (await Host.ClientFor(People.SupervisorChen).GetVisitRecordAsync(new GetVisitRecordRequest { VisitRecordId = record.VisitRecordId })).VisitRecord.Flags.Single();
        Assert.Equal(("changed", "onTime", "late", true), (shown.State, shown.Value, shown.RaisedValue, shown.WasOverridden));
        var intervention = Assert.Single(shown.Interventions);
        Assert.Equal((rep.UserId, "拜访时间填错了，实际是今天上午", "late", "onTime"),
            (intervention.ActorUserId, intervention.Note, intervention.PreviousValue, intervention.NewValue));
        Assert.NotNull(intervention.Time);
    }

    [Fact]
    public async Task Someone_elses_customer_is_not_found_even_when_the_content_is_invalid()
    {
        var owner = People.NewRep(People.TeamA);
        var stranger = People.NewRep(People.TeamB);
        var (customer, _) = await Samples.CustomerWithOpportunityAsync(Host, owner);
        var invalid = Samples.Visit(customer.CustomerId.Value);
        invalid.PromisedDeliverable = new string('成', 301);
        invalid.Budget = "plenty";
        var nobodys = invalid.Clone();
        nobodys.CustomerId = new CustomerId { Value = Guid.NewGuid().ToString() };

        var others = await Assert.ThrowsAsync<RpcException>(() => Host.ClientFor(stranger).SubmitVisitRecordAsync(new SubmitVisitRecordRequest
        {
            ClientRecordId = Guid.NewGuid().ToString(), Content = invalid,
        }).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => Host.ClientFor(stranger).SubmitVisitRecordAsync(new SubmitVisitRecordRequest
        {
            ClientRecordId = Guid.NewGuid().ToString(), Content = nobodys,
        }).ResponseAsync);
        var synced = (await Host.ClientFor(stranger).SyncVisitRecordsAsync(new SyncVisitRecordsRequest
        {
            Items = { new SyncVisitRecordItem { ClientRecordId = Guid.NewGuid().ToString(), Content = invalid } },
        })).Results.Single();

        // Exactly what a customer that does not exist gets: nothing tells the stranger it is there.
        Assert.Equal((StatusCode.NotFound, StatusCode.NotFound), (others.StatusCode, missing.StatusCode));
        Assert.Equal(missing.Status.Detail, others.Status.Detail);
        Assert.Equal((SyncOutcome.Rejected, "customer.not_found"), (synced.Outcome, synced.Error.Code));
        Assert.Empty(synced.Error.FieldViolations);
        Assert.Equal(0, await CountRecordsAsync(customer.CustomerId.Value));

        // The owner sending the same content learns what is wrong with it.
        var own = await Assert.ThrowsAsync<RpcException>(() => Host.ClientFor(owner).SubmitVisitRecordAsync(new SubmitVisitRecordRequest
        {
            ClientRecordId = Guid.NewGuid().ToString(), Content = invalid,
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, own.StatusCode);
        Assert.Equal(["budget", "promisedDeliverable"], Samples.BadRequestOf(own).FieldViolations.Select(v => v.Field).Order());
    }

    [Fact]
    public async Task Supervisor_marks_exemplary_which_new_reps_then_see_and_reps_may_not_mark()
    {
        var rep = People.NewRep();
        var (customer, _) = await Samples.CustomerWithOpportunityAsync(Host, rep);
        var record = (await Host.ClientFor(rep).SubmitVisitRecordAsync(new SubmitVisitRecordRequest
        {
            ClientRecordId = Guid.NewGuid().ToString(), Content = Samples.Visit(customer.CustomerId.Value),
        })).VisitRecord;

        var denied = await Assert.ThrowsAsync<RpcException>(() => Host.ClientFor(rep).MarkExemplaryAsync(new MarkExemplaryRequest { VisitRecordId = record.VisitRecordId, Exemplary = true }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);

        var marked = await Host.ClientFor(People.SupervisorChen).MarkExemplaryAsync(new MarkExemplaryRequest
        {
            VisitRecordId = record.VisitRecordId, Exemplary = true, Note = "结构完整，下一步清晰",
        });
        Assert.Equal((true, People.SupervisorChen.UserId), (marked.VisitRecord.Exemplary, marked.VisitRecord.ExemplaryMarkedBy));

        var newcomer = People.NewRep();
        var (own, _) = await Samples.CustomerWithOpportunityAsync(Host, newcomer);
        var first = await Host.ClientFor(newcomer).SubmitVisitRecordAsync(new SubmitVisitRecordRequest
        {
            ClientRecordId = Guid.NewGuid().ToString(), Content = Samples.Visit(own.CustomerId.Value),
        });
        Assert.Contains(first.ExemplaryExamples, e => e.VisitRecordId.Value == record.VisitRecordId.Value);
        var exemplary = await Host.ClientFor(newcomer).ListExemplaryVisitRecordsAsync(new ListExemplaryVisitRecordsRequest { Page = new PageRequest { PageSize = 100 } });
        Assert.Contains(exemplary.VisitRecords, e => e.VisitRecordId.Value == record.VisitRecordId.Value);

        // Examples are for new reps: up to the fifth own record, not after.
        var shown = new List<bool> { first.ExemplaryExamples.Count > 0 };
        for (var i = 0; i < 6; i++)
        {
            var next = await Host.ClientFor(newcomer).SubmitVisitRecordAsync(new SubmitVisitRecordRequest
            {
                ClientRecordId = Guid.NewGuid().ToString(), Content = Samples.Visit(own.CustomerId.Value),
            });
            shown.Add(next.ExemplaryExamples.Count > 0);
        }
        Assert.Equal([true, true, true, true, true, false, false], shown);
    }

    private Task<int> CountRecordsAsync(string customerId) =>
        Host.QueryAsync(db => db.VisitRecords.CountAsync(v => v.CustomerId == Guid.Parse(customerId)));
}
