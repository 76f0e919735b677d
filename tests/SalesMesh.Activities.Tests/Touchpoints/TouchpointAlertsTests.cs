using SalesMesh.Activities.Domain.Touchpoints;

namespace SalesMesh.Activities.Tests.Touchpoints;

public sealed class TouchpointAlertsTests
{
    private static readonly DateTimeOffset Agreed = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset TouchpointAt = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);
    private static readonly Guid Source = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001");
    private static readonly AgreedTouchpoint Touchpoint = new(Source, "cust-1", "rep-zhang", TouchpointAt, Agreed);

    private static VisitSummary Visit(int n, string customer, DateTimeOffset visited) =>
        new(Guid.Parse($"bbbbbbbb-0000-0000-0000-00000000000{n}"), customer, visited, visited.AddMinutes(30), $"第{n}次拜访");

    private static readonly VisitSummary[] History =
    [
        Visit(1, "cust-1", Agreed.AddDays(-30)),
        Visit(2, "cust-1", Agreed.AddDays(-20)),
        Visit(3, "cust-2", Agreed.AddDays(-1)),
        Visit(4, "cust-1", Agreed.AddDays(-10)),
        Visit(5, "cust-1", Agreed.AddMinutes(-30)),
    ];

    [Fact]
    public void No_alert_before_two_hours_have_passed()
    {
        Assert.Null(TouchpointAlerts.Check(Touchpoint, "sup-li", History, TouchpointAt.AddHours(2).AddTicks(-1)));
    }

    [Fact]
    public void Two_hours_past_without_an_update_alerts_rep_and_supervisor_with_the_last_three_visits()
    {
        var alert = TouchpointAlerts.Check(Touchpoint, "sup-li", History, TouchpointAt.AddHours(2))!;

        Assert.Equal(["rep-zhang", "sup-li"], alert.Recipients);
        Assert.Equal(["第5次拜访", "第4次拜访", "第2次拜访"], alert.RecentVisits.Select(v => v.Summary));
        Assert.Equal(Source, alert.SourceRecordId);
        Assert.Equal(TouchpointAt.AddHours(2), alert.DueAt);
        Assert.Contains("2 小时", alert.Message.Zh);
    }

    [Fact]
    public void A_visit_recorded_after_the_touchpoint_was_agreed_counts_as_the_update()
    {
        var followedUp = History.Append(Visit(6, "cust-1", TouchpointAt.AddMinutes(10))).ToArray();

        Assert.Null(TouchpointAlerts.Check(Touchpoint, "sup-li", followedUp, TouchpointAt.AddHours(5)));
    }

    [Fact]
    public void A_visit_about_another_opportunity_of_the_customer_is_not_an_update_of_this_one()
    {
        var touchpoint = Touchpoint with { OpportunityId = "opp-a" };
        var otherOpportunity = History.Append(Visit(6, "cust-1", TouchpointAt.AddMinutes(10)) with { OpportunityId = "opp-b" }).ToArray();
        var sameOpportunity = History.Append(Visit(6, "cust-1", TouchpointAt.AddMinutes(10)) with { OpportunityId = "opp-a" }).ToArray();

        Assert.NotNull(TouchpointAlerts.Check(touchpoint, "sup-li", otherOpportunity, TouchpointAt.AddHours(5)));
        Assert.Null(TouchpointAlerts.Check(touchpoint, "sup-li", sameOpportunity, TouchpointAt.AddHours(5)));
    }

    [Fact]
    public void Another_customers_visit_is_not_an_update()
    {
        var otherCustomer = History.Append(Visit(7, "cust-2", TouchpointAt)).ToArray();

        Assert.NotNull(TouchpointAlerts.Check(Touchpoint, "sup-li", otherCustomer, TouchpointAt.AddHours(3)));
    }

    [Fact]
    public void A_rep_without_a_separate_supervisor_is_notified_once_and_short_histories_are_fine()
    {
        var alert = TouchpointAlerts.Check(Touchpoint, "rep-zhang", [Visit(1, "cust-1", Agreed.AddDays(-2))], TouchpointAt.AddHours(2))!;

        Assert.Equal(["rep-zhang"], alert.Recipients);
        Assert.Single(alert.RecentVisits);
    }
}
