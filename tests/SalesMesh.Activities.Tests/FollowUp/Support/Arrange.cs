using Google.Protobuf.WellKnownTypes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.Events;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.Activities.Tests.FollowUp.Support;

/// <summary>A rep with a fresh id and their direct supervisor (as the roster would report them).</summary>
public sealed record Team(Caller Rep, Caller Supervisor, Caller Manager);

/// <summary>A rep the roster names in a team without a direct supervisor, and two supervisors of that team.</summary>
public sealed record UnsupervisedRep(Caller Rep, Caller TeamSupervisor, Caller SecondTeamSupervisor);

/// <summary>
/// Arranges what follow-up reads but AC-CORE owns: customers, opportunities, playbook progress and
/// visit records through ActivitiesService as users create them; the roster as LeadRouting's
/// RosterChanged events on the service's bus.
/// </summary>
public static class Arrange
{
    public static async Task<Team> TeamAsync(FollowUpHost host)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var team = "team-" + suffix;
        var rep = new Caller("rep-" + suffix, "王磊", new HashSet<string> { CallerRoles.Rep }, team);
        var supervisor = new Caller("sup-" + suffix, "陈主管", new HashSet<string> { CallerRoles.Supervisor }, team);
        var manager = new Caller("mgr-" + suffix, "周经理", new HashSet<string> { CallerRoles.Supervisor }, null);
        // As LeadRouting announces its roster: the rep reports to the supervisor, the supervisor to the manager.
        var bus = host.Services.GetRequiredService<IBus>();
        var now = host.Clock.GetUtcNow();
        await bus.Publish(new RosterChanged(rep.UserId, rep.DisplayName, team, supervisor.UserId, true, 1, now));
        await bus.Publish(new RosterChanged(supervisor.UserId, supervisor.DisplayName, team, manager.UserId, true, 1, now));
        await Eventually.TrueAsync(() => host.QueryAsync(db => db.Reps.CountAsync(r => r.UserId == rep.UserId || r.UserId == supervisor.UserId)).ContinueWith(t => t.Result == 2),
            "the roster entries were consumed");
        return new Team(rep, supervisor, manager);
    }

    /// <summary>A rep the roster lists in a team but without a direct supervisor, and two supervisors of that team (not on the roster).</summary>
    public static async Task<UnsupervisedRep> RepWithoutSupervisorAsync(FollowUpHost host)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var team = "team-" + suffix;
        var rep = new Caller("rep-" + suffix, "李娜", new HashSet<string> { CallerRoles.Rep }, team);
        var supervisor = new Caller("sup-" + suffix, "陈主管", new HashSet<string> { CallerRoles.Supervisor }, team);
        var secondSupervisor = new Caller("sup2-" + suffix, "吴主管", new HashSet<string> { CallerRoles.Supervisor }, team);
        await host.Services.GetRequiredService<IBus>().Publish(new RosterChanged(rep.UserId, rep.DisplayName, team, null, true, 1, host.Clock.GetUtcNow()));
        await Eventually.TrueAsync(() => host.QueryAsync(db => db.Reps.AnyAsync(r => r.UserId == rep.UserId)), "the roster entry was consumed");
        return new UnsupervisedRep(rep, supervisor, secondSupervisor);
    }

    /// <summary>
    /// A customer of <paramref name="owner"/> created through ActivitiesService (as the owner) with one
    /// open opportunity of <paramref name="amount"/> CNY and the given playbook actions reported done.
    /// </summary>
    public static async Task<Guid> CustomerAsync(FollowUpHost host, Caller owner, decimal amount = 100_000m, params string[] completedActions)
    {
        var activities = host.Activities(owner);
        var created = await activities.CreateCustomerAsync(new CreateCustomerRequest
        {
            Name = "华东医疗 " + Guid.NewGuid().ToString("N")[..4],
            FirstOpportunity = new NewOpportunity { Name = "骨科设备", Amount = new Money { CurrencyCode = "CNY", Units = (long)amount } },
        });
        if (completedActions.Length > 0)
        {
            var progress = new RecordPlaybookProgressRequest
            {
                OpportunityId = created.FirstOpportunity.OpportunityId,
                ExpectedVersion = created.FirstOpportunity.Version,
            };
            progress.CompletedActions.AddRange(completedActions);
            await activities.RecordPlaybookProgressAsync(progress);
        }
        return Guid.Parse(created.Customer.CustomerId.Value);
    }

    /// <summary>Need verified and key person agrees: with a confirmed budget and a real requirement PDF the card is green.</summary>
    public static readonly string[] GreenActions = ["painPointsConfirmed", "keyPersonFeedbackCollected"];

    /// <summary>A visit record submitted by <paramref name="rep"/> through ActivitiesService.SubmitVisitRecord (the server stamps it with the service clock).</summary>
    public static async Task<Guid> VisitAsync(FollowUpHost host, Caller rep, Guid customerId, DateTimeOffset visitedAt,
        DateTimeOffset nextTouchpointAt, string budget = "confirmedAbove500k", string topic = "方案演示", Guid? opportunityId = null) =>
        Guid.Parse((await host.Activities(rep).SubmitVisitRecordAsync(new SubmitVisitRecordRequest
        {
            ClientRecordId = Guid.NewGuid().ToString(),
            Content = VisitContent(customerId, visitedAt, nextTouchpointAt, budget, topic, opportunityId),
        })).VisitRecord.VisitRecordId.Value);

    /// <summary>The content <see cref="VisitAsync"/> submits (for offline sync items).</summary>
    public static VisitRecordContent VisitContent(Guid customerId, DateTimeOffset visitedAt, DateTimeOffset nextTouchpointAt,
        string budget = "confirmedAbove500k", string topic = "方案演示", Guid? opportunityId = null)
    {
        var touchpoint = new NextTouchpoint { Time = Timestamp.FromDateTimeOffset(nextTouchpointAt), Topic = topic };
        touchpoint.Participants.Add("张三");
        return new VisitRecordContent
        {
            CustomerId = new CustomerId { Value = customerId.ToString() },
            OpportunityId = opportunityId is { } opportunity ? new OpportunityId { Value = opportunity.ToString() } : null,
            VisitTime = Timestamp.FromDateTimeOffset(visitedAt),
            Budget = budget,
            BiggestConcern = "technicalMismatch",
            PromisedDeliverable = "技术方案 " + topic,
            NextTouchpoint = touchpoint,
        };
    }
}
