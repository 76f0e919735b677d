using SalesMesh.Activities.Domain.Sync;
using SalesMesh.Activities.Domain.VisitRecords;
using SalesMesh.Activities.Tests.VisitRecords;

namespace SalesMesh.Activities.Tests.Sync;

public sealed class SyncDeciderTests
{
    private static readonly Guid Id = Guid.Parse("0c0ffee0-0000-4000-8000-000000000001");

    private static StoredRecordState Stored(params string[] versions) => new(Id, versions);

    [Fact]
    public void A_new_client_id_is_created_as_version_one()
    {
        var result = SyncDecider.Decide(null, new SyncItem(Id, null, "A"));

        Assert.Equal(new SyncItemResult(Id, SyncOutcome.Created, 1, null), result);
        Assert.True(result.RequiresWrite);
    }

    [Fact]
    public void Replaying_the_same_create_is_a_no_op_even_after_later_edits()
    {
        Assert.Equal(SyncOutcome.AlreadyApplied, SyncDecider.Decide(Stored("A"), new SyncItem(Id, null, "A")).Outcome);
        var afterEdits = SyncDecider.Decide(Stored("A", "B", "C"), new SyncItem(Id, null, "A"));
        Assert.Equal(SyncOutcome.AlreadyApplied, afterEdits.Outcome);
        Assert.False(afterEdits.RequiresWrite);
        Assert.Equal(3, afterEdits.ServerVersion);
    }

    [Fact]
    public void The_same_client_id_with_different_content_is_a_specific_error()
    {
        var result = SyncDecider.Decide(Stored("A"), new SyncItem(Id, null, "Z"));

        Assert.Equal(SyncOutcome.Rejected, result.Outcome);
        Assert.Equal("sync.client_id_reused", result.Error!.Code);
        Assert.Contains(Id.ToString(), result.Error.Message.Zh);
    }

    [Fact]
    public void An_edit_on_the_current_version_is_applied()
    {
        var result = SyncDecider.Decide(Stored("A"), new SyncItem(Id, 1, "B"));

        Assert.Equal(new SyncItemResult(Id, SyncOutcome.Updated, 2, null), result);
    }

    [Fact]
    public void An_edit_on_a_stale_version_is_a_conflict_never_an_overwrite()
    {
        var result = SyncDecider.Decide(Stored("A", "B"), new SyncItem(Id, 1, "C"));

        Assert.Equal(SyncOutcome.Conflict, result.Outcome);
        Assert.False(result.RequiresWrite);
        Assert.Equal(2, result.ServerVersion);
        Assert.Equal("sync.conflict", result.Error!.Code);
        Assert.Contains("版本 1", result.Error.Message.Zh);
        Assert.Contains("version 2", result.Error.Message.En);
    }

    [Fact]
    public void Replaying_an_edit_that_was_already_applied_is_a_no_op_not_a_conflict()
    {
        Assert.Equal(SyncOutcome.AlreadyApplied, SyncDecider.Decide(Stored("A", "B", "C"), new SyncItem(Id, 1, "B")).Outcome);
        Assert.Equal(SyncOutcome.AlreadyApplied, SyncDecider.Decide(Stored("A", "B"), new SyncItem(Id, 2, "B")).Outcome);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Impossible_base_versions_are_rejected(int baseVersion)
    {
        Assert.Equal("sync.invalid_base_version", SyncDecider.Decide(Stored("A", "B"), new SyncItem(Id, baseVersion, "X")).Error!.Code);
    }

    [Fact]
    public void Editing_a_record_the_server_never_saw_is_rejected()
    {
        Assert.Equal("sync.unknown_record", SyncDecider.Decide(null, new SyncItem(Id, 1, "X")).Error!.Code);
    }

    [Fact]
    public void A_batch_reports_per_item_and_sees_its_own_earlier_items()
    {
        var other = Guid.Parse("0c0ffee0-0000-4000-8000-000000000002");
        var stored = new Dictionary<Guid, StoredRecordState> { [other] = new(other, ["P", "Q"]) };

        var decision = SyncDecider.DecideBatch(
        [
            new SyncItem(Id, null, "A"),
            new SyncItem(Id, null, "A"),
            new SyncItem(Id, 1, "B"),
            new SyncItem(other, 1, "R"),
        ], id => stored.GetValueOrDefault(id));

        Assert.Equal([SyncOutcome.Created, SyncOutcome.AlreadyApplied, SyncOutcome.Updated, SyncOutcome.Conflict], decision.Results.Select(r => r.Outcome));
        Assert.Equal(["A", "B"], decision.ChangedStates[Id].VersionFingerprints);
        Assert.False(decision.ChangedStates.ContainsKey(other));
    }

    [Fact]
    public void Fingerprints_ignore_time_zone_and_client_id_but_see_content_changes()
    {
        var input = VisitRecordSamples.Valid();
        var sameInstantOtherZone = input with { VisitedAt = input.VisitedAt!.Value.ToUniversalTime(), ClientRecordId = Guid.NewGuid() };
        var edited = input with { PromisedDeliverable = input.PromisedDeliverable + "。" };

        Assert.Equal(ContentFingerprints.Of(input), ContentFingerprints.Of(sameInstantOtherZone));
        Assert.NotEqual(ContentFingerprints.Of(input), ContentFingerprints.Of(edited));
        Assert.Matches("^[0-9a-f]{64}$", ContentFingerprints.Of(input));
    }
}
