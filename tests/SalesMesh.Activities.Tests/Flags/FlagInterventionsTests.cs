using SalesMesh.Activities.Domain.Flags;

namespace SalesMesh.Activities.Tests.Flags;

public sealed class FlagInterventionsTests
{
    private static readonly DateTimeOffset Raised = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);

    private static AutomaticFlag Alert() =>
        new(Guid.Parse("f1a90000-0000-0000-0000-000000000001"), "touchpointOverdue", "cust-1", "overdue", ["rep-zhang", "sup-li"], Raised);

    [Fact]
    public void Dismissing_with_a_note_records_that_the_automation_was_overridden()
    {
        var dismissed = FlagInterventions.Dismiss(Alert(), "rep-zhang", "客户临时出差，已电话改约周五", Raised.AddHours(1)).Value;

        Assert.Equal(FlagState.Dismissed, dismissed.State);
        Assert.True(dismissed.WasOverridden);
        Assert.Equal(new FlagIntervention("rep-zhang", "客户临时出差，已电话改约周五", Raised.AddHours(1), "overdue", null), Assert.Single(dismissed.Interventions));
        Assert.Equal("overdue", dismissed.RaisedValue);
    }

    [Fact]
    public void Changing_keeps_the_original_value_and_every_step()
    {
        var first = FlagInterventions.Change(Alert(), "low", "sup-li", "影响小", Raised.AddHours(1)).Value;
        var second = FlagInterventions.Change(first, "high", "rep-zhang", "客户投诉", Raised.AddHours(2)).Value;

        Assert.Equal("high", second.Value);
        Assert.Equal("overdue", second.RaisedValue);
        Assert.Equal([("overdue", "low"), ("low", "high")], second.Interventions.Select(i => (i.PreviousValue, i.NewValue!)));
    }

    [Fact]
    public void Only_a_responsible_person_with_a_note_may_intervene()
    {
        var result = FlagInterventions.Dismiss(Alert(), "rep-wang", "", Raised);

        Assert.Equal(["flag.not_responsible", "flag.note_required"], result.Errors.Select(e => e.Code));
    }

    [Fact]
    public void A_dismissed_flag_cannot_be_changed_and_no_op_changes_are_refused()
    {
        var dismissed = FlagInterventions.Dismiss(Alert(), "sup-li", "误报", Raised).Value;

        Assert.Equal("flag.already_dismissed", Assert.Single(FlagInterventions.Change(dismissed, "x", "sup-li", "再改", Raised).Errors).Code);
        Assert.Equal("flag.no_change", Assert.Single(FlagInterventions.Change(Alert(), "overdue", "sup-li", "同值", Raised).Errors).Code);
    }
}
