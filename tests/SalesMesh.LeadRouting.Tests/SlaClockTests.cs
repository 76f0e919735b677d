using SalesMesh.LeadRouting.Domain.Scheduling;
using SalesMesh.LeadRouting.Domain.Sla;
using static SalesMesh.LeadRouting.Tests.T;

namespace SalesMesh.LeadRouting.Tests;

public class SlaClockTests
{
    private static readonly SlaPolicy Office = SlaPolicy.Default with { BusinessHours = WeeklySchedule.OfficeHours };

    [Fact]
    public void Default_clocks_are_30_minutes_to_view_and_2_hours_to_call_around_the_clock()
    {
        var assigned = Sh(2026, 11, 21, 23, 50); // Saturday night: without business hours it does not matter

        var d = SlaClock.Deadlines(SlaPolicy.Default, assigned);

        Assert.Equal(Sh(2026, 11, 22, 0, 20), d.ViewDueAt);
        Assert.Equal(Sh(2026, 11, 22, 1, 50), d.FirstCallDueAt);
    }

    [Fact]
    public void Inside_business_hours_the_clock_runs_normally()
    {
        var d = SlaClock.Deadlines(Office, Sh(2026, 11, 20, 9, 10));

        Assert.Equal(Sh(2026, 11, 20, 9, 40), d.ViewDueAt);
        Assert.Equal(Sh(2026, 11, 20, 11, 10), d.FirstCallDueAt);
    }

    [Fact]
    public void The_lunch_break_does_not_count()
    {
        var d = SlaClock.Deadlines(Office, Sh(2026, 11, 20, 11, 45));

        Assert.Equal(Sh(2026, 11, 20, 13, 15), d.ViewDueAt);
        Assert.Equal(Sh(2026, 11, 20, 14, 45), d.FirstCallDueAt);
    }

    [Fact]
    public void Friday_evening_assignment_is_due_on_monday_morning()
    {
        var d = SlaClock.Deadlines(Office, Sh(2026, 11, 20, 17, 45)); // Friday

        Assert.Equal(Sh(2026, 11, 23, 9, 15), d.ViewDueAt);          // 15 min Friday + 15 min Monday
        Assert.Equal(Sh(2026, 11, 23, 10, 45), d.FirstCallDueAt);
    }

    [Fact]
    public void Assignment_at_night_or_on_a_weekend_starts_counting_at_the_next_opening()
    {
        Assert.Equal(Sh(2026, 11, 23, 9, 30), SlaClock.Deadlines(Office, Sh(2026, 11, 21, 15)).ViewDueAt); // Saturday
        Assert.Equal(Sh(2026, 11, 20, 9, 30), SlaClock.Deadlines(Office, Sh(2026, 11, 20, 3)).ViewDueAt);  // Friday 03:00
    }

    [Fact]
    public void Due_exactly_at_closing_time_stays_on_the_same_day()
    {
        var d = SlaClock.Deadlines(Office, Sh(2026, 11, 20, 17, 30));

        Assert.Equal(Sh(2026, 11, 20, 18, 0), d.ViewDueAt);
    }

    [Fact]
    public void Closed_dates_are_skipped()
    {
        var holidays = Office with { BusinessHours = WeeklySchedule.OfficeHours with { ClosedDates = new HashSet<DateOnly> { new(2026, 11, 23) } } };

        Assert.Equal(Sh(2026, 11, 24, 9, 15), SlaClock.Deadlines(holidays, Sh(2026, 11, 20, 17, 45)).ViewDueAt);
    }

    [Fact]
    public void Business_day_boundary_is_the_shanghai_date_not_the_utc_date()
    {
        // 2026-11-23 00:30 UTC is Monday 08:30 in Shanghai, but still Sunday in UTC.
        var assigned = new DateTimeOffset(2026, 11, 23, 0, 30, 0, TimeSpan.Zero);

        Assert.Equal(Sh(2026, 11, 23, 9, 30), SlaClock.Deadlines(Office, assigned).ViewDueAt);
    }

    [Fact]
    public void A_long_clock_spans_several_working_days()
    {
        var policy = Office with { FirstCallWithin = TimeSpan.FromHours(20) }; // 8 working hours a day

        Assert.Equal(Sh(2026, 11, 25, 14, 0), SlaClock.Deadlines(policy, Sh(2026, 11, 23, 9)).FirstCallDueAt);
    }

    [Fact]
    public void Nothing_is_breached_before_the_due_time_and_the_view_is_breached_after_it()
    {
        var progress = new SlaProgress(Sh(2026, 11, 20, 10), null, null);

        Assert.Empty(SlaClock.Breaches(SlaPolicy.Default, progress, Sh(2026, 11, 20, 10, 29)));
        var breach = Assert.Single(SlaClock.Breaches(SlaPolicy.Default, progress, Sh(2026, 11, 20, 10, 30)));
        Assert.Equal(SlaKind.View, breach.Kind);
        Assert.Equal(2, SlaClock.Breaches(SlaPolicy.Default, progress, Sh(2026, 11, 20, 12, 0)).Count);
    }

    [Fact]
    public void Calling_counts_as_viewing_and_late_actions_still_count_as_breaches()
    {
        var calledInTime = new SlaProgress(Sh(2026, 11, 20, 10), null, Sh(2026, 11, 20, 10, 20));
        var viewedLate = new SlaProgress(Sh(2026, 11, 20, 10), Sh(2026, 11, 20, 10, 45), Sh(2026, 11, 20, 11));

        Assert.Empty(SlaClock.Breaches(SlaPolicy.Default, calledInTime, Sh(2026, 11, 20, 13)));
        Assert.Equal(SlaKind.View, Assert.Single(SlaClock.Breaches(SlaPolicy.Default, viewedLate, Sh(2026, 11, 20, 13))).Kind);
    }

    [Fact]
    public void Next_due_time_follows_what_is_still_pending()
    {
        var assigned = Sh(2026, 11, 20, 10);

        Assert.Equal(Sh(2026, 11, 20, 10, 30), SlaClock.NextDueAt(SlaPolicy.Default, new(assigned, null, null)));
        Assert.Equal(Sh(2026, 11, 20, 12), SlaClock.NextDueAt(SlaPolicy.Default, new(assigned, Sh(2026, 11, 20, 10, 5), null)));
        Assert.Null(SlaClock.NextDueAt(SlaPolicy.Default, new(assigned, null, Sh(2026, 11, 20, 10, 5))));
    }

    [Fact]
    public void Settled_clocks_become_responsiveness_records()
    {
        var progress = new SlaProgress(Sh(2026, 11, 20, 10), Sh(2026, 11, 20, 10, 10), null);

        var records = SlaClock.Records(SlaPolicy.Default, progress, Sh(2026, 11, 20, 12, 30));

        Assert.Equal([(Sh(2026, 11, 20, 10, 30), true), (Sh(2026, 11, 20, 12), false)], records.Select(r => (r.DueAt, r.Met)));
    }
}
