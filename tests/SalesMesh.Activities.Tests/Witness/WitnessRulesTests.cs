using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Domain.Witness;

namespace SalesMesh.Activities.Tests.Witness;

public sealed class WitnessRulesTests
{
    private static readonly DateTimeOffset Submitted = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);
    private static readonly WitnessPolicy Policy = WitnessPolicy.Default with { Threshold = new Money(1_000_000m) };
    private static readonly Guid RecordId = Guid.Parse("11111111-2222-3333-4444-555555555555");

    private static WitnessReview Open() => WitnessRules.Open(Policy, RecordId, "rep-zhang", "sup-li", Submitted);

    [Theory]
    [InlineData(1_000_000.01, true)]
    [InlineData(1_000_000, false)]
    [InlineData(20_000, false)]
    public void Review_is_required_only_above_the_configured_amount(decimal amount, bool required)
    {
        Assert.Equal(required, WitnessRules.IsReviewRequired(Policy, new Money(amount)).Value);
    }

    [Fact]
    public void Comparing_different_currencies_is_refused()
    {
        var result = WitnessRules.IsReviewRequired(Policy, new Money(5_000_000m, "USD"));

        Assert.Equal("witness.currency_mismatch", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Review_is_due_two_hours_after_submission()
    {
        var review = Open();

        Assert.Equal(Submitted.AddHours(2), review.DueAt);
        Assert.Equal(new ReviewClockStatus(ReviewClockState.Pending, 0, Submitted.AddHours(2)), WitnessRules.Check(Policy, review, Submitted.AddHours(2).AddTicks(-1)));
    }

    [Fact]
    public void Overdue_reviews_escalate_one_level_per_interval_up_to_the_cap()
    {
        var review = Open();

        Assert.Equal(new ReviewClockStatus(ReviewClockState.Escalated, 1, Submitted.AddHours(4)), WitnessRules.Check(Policy, review, Submitted.AddHours(2)));
        Assert.Equal(new ReviewClockStatus(ReviewClockState.Escalated, 2, null), WitnessRules.Check(Policy, review, Submitted.AddHours(4)));
        Assert.Equal(2, WitnessRules.Check(Policy, review, Submitted.AddDays(3)).EscalationLevel);
    }

    [Fact]
    public void The_direct_supervisor_records_a_verdict_and_the_clock_stops()
    {
        var reviewed = WitnessRules.RecordVerdict(Open(), "sup-li", ReviewVerdict.InfoComplete, null, Submitted.AddMinutes(50)).Value;

        Assert.Equal(ReviewVerdict.InfoComplete, reviewed.Verdict);
        Assert.False(reviewed.WasLate);
        Assert.Equal(ReviewClockState.Completed, WitnessRules.Check(Policy, reviewed, Submitted.AddDays(1)).State);
        Assert.Equal("信息完整", WitnessRules.Label(ReviewVerdict.InfoComplete).Zh);
    }

    [Fact]
    public void A_late_verdict_is_accepted_and_marked_late()
    {
        var reviewed = WitnessRules.RecordVerdict(Open(), "sup-li", ReviewVerdict.Risk, "预算与决策人说法不一致", Submitted.AddHours(3)).Value;

        Assert.True(reviewed.WasLate);
        Assert.Equal("预算与决策人说法不一致", reviewed.Note);
    }

    [Fact]
    public void Someone_else_cannot_review_and_needs_detail_requires_a_note()
    {
        var result = WitnessRules.RecordVerdict(Open(), "sup-wang", ReviewVerdict.NeedsDetail, " ", Submitted.AddMinutes(5));

        Assert.Equal(["witness.not_direct_supervisor", "witness.note_required"], result.Errors.Select(e => e.Code));
    }

    [Fact]
    public void An_admin_may_give_the_verdict_instead_and_it_is_recorded_as_the_admins()
    {
        var bySupervisor = WitnessRules.RecordVerdict(Open(), "sup-li", ReviewVerdict.InfoComplete, null, Submitted.AddMinutes(5)).Value;
        var byAdmin = WitnessRules.RecordVerdict(Open(), "admin-zhou", ReviewVerdict.Risk, "预算来源存疑", Submitted.AddMinutes(5), asAdmin: true).Value;

        Assert.Equal(("sup-li", "sup-li", false), (bySupervisor.SupervisorId, bySupervisor.ReviewedBy, bySupervisor.ReviewedByAdmin));
        Assert.Equal(("sup-li", "admin-zhou", true, ReviewVerdict.Risk), (byAdmin.SupervisorId, byAdmin.ReviewedBy, byAdmin.ReviewedByAdmin, byAdmin.Verdict));
        Assert.Equal("witness.already_reviewed",
            Assert.Single(WitnessRules.RecordVerdict(byAdmin, "sup-li", ReviewVerdict.InfoComplete, null, Submitted.AddMinutes(6)).Errors).Code);
    }

    [Fact]
    public void A_second_verdict_is_refused()
    {
        var reviewed = WitnessRules.RecordVerdict(Open(), "sup-li", ReviewVerdict.InfoComplete, null, Submitted.AddMinutes(5)).Value;

        var again = WitnessRules.RecordVerdict(reviewed, "sup-li", ReviewVerdict.Risk, "改主意了", Submitted.AddMinutes(6));

        Assert.Equal("witness.already_reviewed", Assert.Single(again.Errors).Code);
    }
}

public sealed class WitnessPolicyValidationTests
{
    [Fact]
    public void A_misconfigured_policy_is_refused_field_by_field()
    {
        var bad = new WitnessPolicy(new Money(-1m), TimeSpan.Zero, TimeSpan.FromHours(-1), 0);

        Assert.Equal(["threshold", "reviewWindow", "escalationInterval", "maxEscalationLevel"], WitnessRules.ValidatePolicy(bad).Select(e => e.Path));
        Assert.Empty(WitnessRules.ValidatePolicy(WitnessPolicy.Default));
    }
}
