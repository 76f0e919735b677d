using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SalesMesh.ServiceDefaults.Data;

namespace SalesMesh.ServiceDefaults.Timers;

/// <summary>
/// Fires due timers of <typeparamref name="TDbContext"/>, one timer per transaction:
/// <list type="number">
/// <item>claim the earliest due, unfired timer of a kind this process handles with
/// <c>FOR UPDATE SKIP LOCKED</c> (another replica's claim is skipped, never waited for);</item>
/// <item>mark it fired, run its handler in a fresh DI scope on the same DbContext, save;</item>
/// <item>commit — the handler's writes and the fired mark land together, so a timer never fires
/// twice (a crash before the commit leaves it pending and it runs again, whole).</item>
/// </list>
/// A handler that throws is rolled back to a savepoint (its writes and the fired mark vanish) while
/// the row stays locked; the failure is recorded with a backoff and committed.
/// "Now" is the DI <see cref="TimeProvider"/>, so tests drive it with a manual clock.
/// </summary>
internal sealed class DurableTimerWorker<TDbContext>(
    IServiceScopeFactory scopeFactory,
    DurableTimerSignal signal,
    TimeProvider clock,
    MigrationStatus<TDbContext> migrations,
    IOptionsMonitor<DurableTimerOptions> optionsMonitor,
    ILogger<DurableTimerWorker<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    private const int MaxErrorLength = 2000;
    private static readonly TimeSpan CleanupInterval = TimeSpan.FromMinutes(10);

    private DurableTimerOptions Options => optionsMonitor.Get(typeof(TDbContext).FullName);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await migrations.WaitAsync(stoppingToken);
        var loops = Enumerable.Range(0, Math.Max(1, Options.Workers)).Select(i => RunLoopAsync(cleanup: i == 0, stoppingToken));
        await Task.WhenAll(loops);
    }

    private async Task RunLoopAsync(bool cleanup, CancellationToken stoppingToken)
    {
        var settings = Options;
        var kinds = settings.Handlers.Keys.ToArray();
        var failures = 0;
        var nextCleanup = DateTime.UtcNow;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before looking, so a nudge that arrives while we look is not lost.
            var nudged = signal.NextNudge();
            try
            {
                if (cleanup && DateTime.UtcNow >= nextCleanup)
                {
                    await DeleteOldFiredAsync(settings, stoppingToken);
                    nextCleanup = DateTime.UtcNow + CleanupInterval;
                }
                var fired = 0;
                while (fired < settings.BatchSize && await FireNextAsync(kinds, settings, stoppingToken))
                    fired++;
                failures = 0;
                if (fired == settings.BatchSize)
                    continue; // more may be due
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                var pause = TimeSpan.FromMilliseconds(Math.Min(15_000, 200 * Math.Pow(2, Math.Min(failures - 1, 10))));
                logger.LogWarning(ex, "Durable timer worker for {Context} failed (database unreachable?); retrying in {Pause}.", typeof(TDbContext).Name, pause);
                await DelayAsync(Task.Delay(pause, stoppingToken));
                continue;
            }
            await DelayAsync(Task.WhenAny(nudged, Task.Delay(settings.PollInterval, stoppingToken)));
        }
    }

    private static async Task DelayAsync(Task wait)
    {
        try
        {
            await wait;
        }
        catch (OperationCanceledException)
        {
            // stopping; the loop condition ends it
        }
    }

    /// <returns>Whether a timer was claimed (fired or recorded as failed).</returns>
    private async Task<bool> FireNextAsync(string[] kinds, DurableTimerOptions settings, CancellationToken stoppingToken)
    {
        if (kinds.Length == 0)
            return false;
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var table = QualifiedTable(db);

        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            var now = clock.GetUtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Only the table name (from our own model) is spliced in; values are parameters.
            var claim = "SELECT * FROM " + table
                + " WHERE \"fired_at\" IS NULL AND \"due_at\" <= {0} AND (\"next_attempt_at\" IS NULL OR \"next_attempt_at\" <= {0}) AND \"kind\" = ANY({1})"
                + " ORDER BY \"due_at\" LIMIT 1 FOR UPDATE SKIP LOCKED";
            var timer = await db.Set<DurableTimer>().FromSqlRaw(claim, now, kinds).AsNoTracking().FirstOrDefaultAsync(ct);
            if (timer is null)
                return false;

            var attempt = timer.Attempts + 1;
            await transaction.CreateSavepointAsync("timer_handler", ct);
            try
            {
                await db.Set<DurableTimer>().Where(t => t.Id == timer.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.FiredAt, now).SetProperty(t => t.FiredBy, settings.InstanceName), ct);
                var handler = (IDurableTimerHandler)scope.ServiceProvider.GetRequiredService(settings.Handlers[timer.Kind]);
                await handler.HandleAsync(new DurableTimerContext(timer.Kind, timer.Key, timer.DueAt, now, attempt, timer.Payload), ct);
                // The handler may have rescheduled this very timer: its upsert sees the fired
                // mark above (same transaction) and clears it again.
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                logger.LogDebug("Timer {Kind}/{Key} due {DueAt:o} fired at {Now:o}.", timer.Kind, timer.Key, timer.DueAt, now);
                return true;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested && !IsConnectionBroken(db))
            {
                await transaction.RollbackToSavepointAsync("timer_handler", ct);
                db.ChangeTracker.Clear();
                var delay = Backoff(settings, attempt);
                var error = Truncate($"{ex.GetType().Name}: {ex.Message}");
                await db.Set<DurableTimer>().Where(t => t.Id == timer.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.Attempts, attempt)
                        .SetProperty(t => t.LastError, error)
                        .SetProperty(t => t.NextAttemptAt, now + delay), ct);
                await transaction.CommitAsync(ct);
                logger.LogWarning(ex, "Timer {Kind}/{Key} handler failed on attempt {Attempt}; retrying after {Delay}.", timer.Kind, timer.Key, attempt, delay);
                return true;
            }
        }, stoppingToken);
    }

    private static bool IsConnectionBroken(DbContext db) =>
        db.Database.GetDbConnection().State != System.Data.ConnectionState.Open;

    private static TimeSpan Backoff(DurableTimerOptions settings, int attempt)
    {
        var exponential = settings.RetryBaseDelay * Math.Pow(2, Math.Min(attempt - 1, 20));
        return exponential < settings.RetryMaxDelay ? exponential : settings.RetryMaxDelay;
    }

    private async Task DeleteOldFiredAsync(DurableTimerOptions settings, CancellationToken ct)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var cutoff = clock.GetUtcNow() - settings.FiredRetention;
        var deleted = await db.Set<DurableTimer>().Where(t => t.FiredAt != null && t.FiredAt < cutoff).ExecuteDeleteAsync(ct);
        if (deleted > 0)
            logger.LogInformation("Deleted {Count} timers fired before {Cutoff:u}.", deleted, cutoff);
    }

    private static string QualifiedTable(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(DurableTimer))
            ?? throw new InvalidOperationException($"{db.GetType().Name} does not map durable timers: call modelBuilder.AddDurableTimerEntities() in OnModelCreating.");
        var schema = entity.GetSchema();
        return schema is null ? $"\"{entity.GetTableName()}\"" : $"\"{schema}\".\"{entity.GetTableName()}\"";
    }

    private static string Truncate(string text) => text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
}
