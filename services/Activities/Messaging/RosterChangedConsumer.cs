using MassTransit;
using SalesMesh.Activities.Data;
using SalesMesh.Contracts.Events;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.Activities.Messaging;

/// <summary>
/// Keeps the reps table (team, direct supervisor) in step with LeadRouting's roster. The event
/// carries the whole entry with a monotonic version, so an older event arriving late is ignored.
/// </summary>
public sealed class RosterChangedConsumer(ActivitiesDbContext db) : InboxConsumer<ActivitiesDbContext, RosterChanged>(db)
{
    public const string Queue = "activities.roster-changed";

    protected override string ConsumerName => "activities-roster-changed";

    protected override async Task HandleAsync(ConsumeContext<RosterChanged> context, CancellationToken ct)
    {
        var entry = context.Message;
        var rep = await Db.Reps.FindAsync([entry.UserId], ct);
        if (rep is null)
        {
            rep = new RepRecord { UserId = entry.UserId, DisplayName = entry.DisplayName };
            Db.Reps.Add(rep);
        }
        else if (rep.RosterVersion >= entry.Version)
        {
            return;
        }
        rep.DisplayName = entry.DisplayName;
        rep.TeamId = entry.TeamId;
        rep.SupervisorUserId = entry.SupervisorUserId;
        rep.Active = entry.Active;
        rep.RosterVersion = entry.Version;
        rep.ChangedAt = entry.ChangedAtUtc;
    }
}
