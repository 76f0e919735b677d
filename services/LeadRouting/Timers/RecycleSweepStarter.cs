using Microsoft.EntityFrameworkCore;
using Npgsql;
using SalesMesh.LeadRouting.Data;
using SalesMesh.ServiceDefaults.Data;
using SalesMesh.ServiceDefaults.Timers;

namespace SalesMesh.LeadRouting.Timers;

/// <summary>
/// Makes sure the recurring recycle sweep exists once the schema is migrated. Only creates it when
/// missing: an existing sweep keeps its due time (a restart must not postpone it). Two replicas
/// starting together may both try; the unique (kind, key) lets one win and the other shrug.
/// </summary>
internal sealed class RecycleSweepStarter(IServiceScopeFactory scopes, MigrationStatus<LeadRoutingDbContext> migrations, TimeProvider time,
    ILogger<RecycleSweepStarter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await migrations.WaitAsync(stoppingToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LeadRoutingDbContext>();
        try
        {
            if (await db.Timers(TimerKinds.RecycleSweep).AnyAsync(t => t.Key == TimerKinds.RecycleSweepKey, stoppingToken))
                return;
            db.ScheduleTimer(TimerKinds.RecycleSweep, TimerKinds.RecycleSweepKey, time.GetUtcNow());
            await db.SaveChangesAsync(stoppingToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            logger.LogDebug("Another replica created the recycle sweep first.");
        }
    }
}
