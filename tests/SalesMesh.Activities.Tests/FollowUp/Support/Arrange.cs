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
        DateTimeOffset nextTouchpointAt, string budget = "confirmedAbove500k", string topic = "方案演示")
    {
        var touchpoint = new NextTouchpoint { Time = Timestamp.FromDateTimeOffset(nextTouchpointAt), Topic = topic };
        touchpoint.Participants.Add("张三");
        var response = await host.Activities(rep).SubmitVisitRecordAsync(new SubmitVisitRecordRequest
        {
            ClientRecordId = Guid.NewGuid().ToString(),
            Content = new VisitRecordContent
            {
                CustomerId = new CustomerId { Value = customerId.ToString() },
                VisitTime = Timestamp.FromDateTimeOffset(visitedAt),
                Budget = budget,
                BiggestConcern = "technicalMismatch",
                PromisedDeliverable = "技术方案 " + topic,
                NextTouchpoint = touchpoint,
            },
        });
        return Guid.Parse(response.VisitRecord.VisitRecordId.Value);
    }
}
