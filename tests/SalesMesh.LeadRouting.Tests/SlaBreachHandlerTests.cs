using SalesMesh.LeadRouting.Domain.Routing;
using SalesMesh.LeadRouting.Domain.Scheduling;
using SalesMesh.LeadRouting.Domain.Sla;
using static SalesMesh.LeadRouting.Tests.T;

namespace SalesMesh.LeadRouting.Tests;

public class SlaBreachHandlerTests
{
    private static readonly DateTimeOffset Now = Sh(2026, 11, 20, 10, 30);
    private static readonly RoutingPolicy Policy = RoutingPolicy.Default();
    private static readonly LeadToRoute Lead = new("lead-42", "杭州", null);
    private static readonly SlaBreach ViewBreach = new(SlaKind.View, Now);

    [Fact]
    public void Breach_warns_rep_and_supervisor_and_hands_the_lead_to_the_backup()
    {
        var owner = Candidate(Rep("A", backup: "B", supervisor: "sup-1", name: "王五"), Busy(Now));
        var backup = Candidate(Rep("B", name: "赵六"), Busy(Now, openLeads: 90));
        var better = Candidate(Rep("C"), Busy(Now, openLeads: 0));
        var time = new ManualTimeProvider(Now);

        var plan = new SlaBreachHandler(time).Plan(Policy, Lead, ViewBreach, owner, [owner, backup, better]);

        Assert.Equal(ReassignmentKind.Backup, plan.Reassignment);
        Assert.Equal("B", plan.NewRepId);
        Assert.Equal([("A", NotificationRole.Rep), ("sup-1", NotificationRole.Supervisor)], plan.Notifications.Select(n => (n.RecipientId, n.Role)));
        Assert.Contains("未在 2026-11-20 10:30 前查看线索", plan.Notifications[0].Message.ZhCn);
        Assert.Contains("改派给备份人 赵六", plan.Notifications[0].Message.ZhCn);
        Assert.Contains("王五 的线索 lead-42 超时", plan.Notifications[1].Message.ZhCn);
        Assert.Contains("reassigned to the backup", plan.Notifications[1].Message.En);
    }

    [Fact]
    public void Backup_at_capacity_means_the_next_best_candidate_gets_it_and_never_the_breaching_rep()
    {
        var owner = Candidate(Rep("A", backup: "B"), Busy(Now, openLeads: 0));
        var backup = Candidate(Rep("B", capacity: 5), Busy(Now, openLeads: 5));
        var next = Candidate(Rep("C"), Busy(Now, openLeads: 30));

        var plan = SlaBreachHandler.Plan(Policy, Lead, ViewBreach, owner, [owner, backup, next], Now);

        Assert.Equal(ReassignmentKind.NextBestCandidate, plan.Reassignment);
        Assert.Equal("C", plan.NewRepId);
        Assert.Contains("备份人 B 无法接手（已满负荷（在手 5/5））", plan.Reason.ZhCn);
        Assert.Equal("C", plan.Routing!.AssignedRepId);
    }

    [Fact]
    public void Off_shift_backup_is_skipped_for_an_on_shift_candidate()
    {
        var saturdayOnly = new WeeklySchedule([WorkingWindow.Of(DayOfWeek.Saturday, "09:00", "18:00")]);
        var owner = Candidate(Rep("A", backup: "B"), Busy(Now));
        var backup = Candidate(Rep("B", shift: saturdayOnly), Busy(Now));
        var next = Candidate(Rep("C", shift: WeeklySchedule.OfficeHours), Busy(Now));

        var plan = SlaBreachHandler.Plan(Policy, Lead, ViewBreach, owner, [owner, backup, next], Now);

        Assert.Equal("C", plan.NewRepId);
        Assert.Contains("备份人当前不在班", plan.Reason.ZhCn);
    }

    [Fact]
    public void Without_a_backup_and_without_other_eligible_reps_the_lead_goes_to_the_public_pool()
    {
        var owner = Candidate(Rep("A", supervisor: null), Busy(Now));

        var plan = SlaBreachHandler.Plan(Policy, Lead, new SlaBreach(SlaKind.FirstCall, Now), owner, [owner], Now);

        Assert.Equal(ReassignmentKind.PublicPool, plan.Reassignment);
        Assert.Null(plan.NewRepId);
        Assert.Single(plan.Notifications); // no supervisor configured
        Assert.Contains("未设置备份人", plan.Reason.ZhCn);
        Assert.Contains("线索进入公海", plan.Reason.ZhCn);
        Assert.Contains("did not make the first call", plan.Notifications[0].Message.En);
    }
}
