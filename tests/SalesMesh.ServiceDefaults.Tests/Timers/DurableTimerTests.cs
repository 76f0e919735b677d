using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using SalesMesh.ServiceDefaults.Data;
using SalesMesh.ServiceDefaults.Tests.Support;
using SalesMesh.ServiceDefaults.Timers;
using SalesMesh.Testing;

namespace SalesMesh.ServiceDefaults.Tests.Timers;

/// <summary>
/// Durable timers against real PostgreSQL, time driven by a manual clock. Each test has its own
/// database; hosts are plain generic hosts (no broker needed), so they start in about a second.
/// </summary>
public sealed class DurableTimerTests(InfrastructureFixture infra) : IClassFixture<InfrastructureFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    /// <summary>Real time a worker gets to (wrongly) fire something before we conclude it did not: several polls.</summary>
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(1200);

    [Fact]
    public async Task Fires_once_when_due_and_not_before()
    {
        var clock = new ManualClock(Start);
        await using var host = await TimerTestHost.StartAsync(await infra.CreateDatabaseAsync("timers_once"), clock);
        await ScheduleAsync(host, RecordingHandler.Kind, "lead-1:view", Start.AddMinutes(30), """{"leadId":"lead-1"}""");

        clock.Advance(TimeSpan.FromMinutes(29));
        await Task.Delay(QuietPeriod);
        Assert.Equal(0, await FireCountAsync(host, "lead-1:view"));

        clock.Advance(TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(async () => await FireCountAsync(host, "lead-1:view") == 1, "timer fired at its due time", 10);

        clock.Advance(TimeSpan.FromHours(5));
        await Task.Delay(QuietPeriod);
        var fires = await host.WithDbAsync(db => db.Fires.ToListAsync());
        var fire = Assert.Single(fires);
        Assert.Equal(Start.AddMinutes(30), fire.DueAt);
        Assert.Equal(Start.AddMinutes(30), fire.FiredAt); // "now" is the manual clock, not the machine's
        Assert.Equal("""{"leadId": "lead-1"}""", fire.Payload); // jsonb normalizes the text
        var row = await TimerRowAsync(host, RecordingHandler.Kind, "lead-1:view");
        Assert.NotNull(row!.FiredAt);
        Assert.Equal(host.Name, row.FiredBy);
    }

    [Fact]
    public async Task A_pending_timer_survives_a_host_restart()
    {
        var database = await infra.CreateDatabaseAsync("timers_restart");
        var clock = new ManualClock(Start);
        await using (var first = await TimerTestHost.StartAsync(database, clock, "first"))
        {
            await ScheduleAsync(first, RecordingHandler.Kind, "lead-2:call", Start.AddHours(2));
        }

        clock.Advance(TimeSpan.FromHours(3)); // due while no host runs
        await using var second = await TimerTestHost.StartAsync(database, clock, "second");
        await Eventually.TrueAsync(async () => await FireCountAsync(second, "lead-2:call") == 1, "timer fired by the restarted host", 10);
        Assert.Equal("second", (await TimerRowAsync(second, RecordingHandler.Kind, "lead-2:call"))!.FiredBy);
    }

    [Fact]
    public async Task Two_hosts_on_one_database_fire_each_timer_exactly_once()
    {
        var database = await infra.CreateDatabaseAsync("timers_replicas");
        var clock = new ManualClock(Start);
        await using var a = await TimerTestHost.StartAsync(database, clock, "replica-a", workers: 2);
        await using var b = await TimerTestHost.StartAsync(database, clock, "replica-b", workers: 2);
        a.Behaviour.HandlerDelay = b.Behaviour.HandlerDelay = TimeSpan.FromMilliseconds(2); // widen the race window
        const int count = 300;
        await a.WithDbAsync(async db =>
        {
            for (var i = 0; i < count; i++)
                db.ScheduleTimer(RecordingHandler.Kind, $"lead-{i}", Start.AddMinutes(30).AddSeconds(i % 7));
            await db.SaveChangesAsync();
        });

        clock.Advance(TimeSpan.FromHours(1));
        await Eventually.TrueAsync(async () => await a.WithDbAsync(db => db.Fires.CountAsync()) >= count, "all timers fired", 60);
        await Task.Delay(QuietPeriod);

        var perKey = await a.WithDbAsync(db => db.Fires.GroupBy(f => f.Key).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal(count, perKey.Count);
        Assert.All(perKey, k => Assert.Equal(1, k.Count));
        var firedBy = await a.WithDbAsync(db => db.Timers(RecordingHandler.Kind).Select(t => t.FiredBy).Distinct().ToListAsync());
        Assert.Equal(["replica-a", "replica-b"], firedBy.Order().ToList()); // both replicas really took part
    }

    [Fact]
    public async Task A_cancelled_timer_never_fires_and_is_gone()
    {
        var clock = new ManualClock(Start);
        await using var host = await TimerTestHost.StartAsync(await infra.CreateDatabaseAsync("timers_cancel"), clock);
        await ScheduleAsync(host, RecordingHandler.Kind, "lead-3:view", Start.AddMinutes(30));
        await ScheduleAsync(host, RecordingHandler.Kind, "lead-4:view", Start.AddMinutes(30));
        await host.WithDbAsync(async db =>
        {
            db.CancelTimer(RecordingHandler.Kind, "lead-3:view");
            db.CancelTimer(RecordingHandler.Kind, "never-scheduled"); // not an error
            await db.SaveChangesAsync();
        });

        clock.Advance(TimeSpan.FromHours(1));
        await Eventually.TrueAsync(async () => await FireCountAsync(host, "lead-4:view") == 1, "the other timer fired", 10);
        await Task.Delay(QuietPeriod);
        Assert.Equal(0, await FireCountAsync(host, "lead-3:view"));
        Assert.Null(await TimerRowAsync(host, RecordingHandler.Kind, "lead-3:view"));
    }

    [Fact]
    public async Task Rescheduling_moves_the_due_time_instead_of_adding_a_timer()
    {
        var clock = new ManualClock(Start);
        await using var host = await TimerTestHost.StartAsync(await infra.CreateDatabaseAsync("timers_move"), clock);
        await ScheduleAsync(host, RecordingHandler.Kind, "lead-5:call", Start.AddMinutes(10), """{"v":1}""");
        await ScheduleAsync(host, RecordingHandler.Kind, "lead-5:call", Start.AddMinutes(30), """{"v":2}""");
        Assert.Equal(1, await host.WithDbAsync(db => db.Timers(RecordingHandler.Kind).CountAsync()));

        clock.Advance(TimeSpan.FromMinutes(15));
        await Task.Delay(QuietPeriod);
        Assert.Equal(0, await FireCountAsync(host, "lead-5:call"));

        clock.Advance(TimeSpan.FromMinutes(15));
        await Eventually.TrueAsync(async () => await FireCountAsync(host, "lead-5:call") == 1, "timer fired at the new due time", 10);
        var fire = await host.WithDbAsync(db => db.Fires.SingleAsync());
        Assert.Equal(Start.AddMinutes(30), fire.DueAt);
        Assert.Equal("""{"v": 2}""", fire.Payload);
    }

    [Fact]
    public async Task One_unit_of_work_moves_several_stored_timers_and_inserts_a_new_one()
    {
        var clock = new ManualClock(Start);
        await using var host = await TimerTestHost.StartAsync(await infra.CreateDatabaseAsync("timers_batch"), clock);
        await host.WithDbAsync(async db =>
        {
            db.ScheduleTimer(RecordingHandler.Kind, "lead-6:view", Start.AddMinutes(10));
            db.ScheduleTimer(RecordingHandler.Kind, "lead-7:view", Start.AddMinutes(10));
            db.ScheduleTimer(RecordingHandler.Kind, "lead-8:view", Start.AddMinutes(10));
            await db.SaveChangesAsync();
        });

        // The stored rows are looked up together; each placeholder must still land on its own row.
        await host.WithDbAsync(async db =>
        {
            db.ScheduleTimer(RecordingHandler.Kind, "lead-7:view", Start.AddMinutes(40));
            db.CancelTimer(RecordingHandler.Kind, "lead-8:view");
            db.ScheduleTimer(RecordingHandler.Kind, "lead-6:view", Start.AddMinutes(20));
            db.ScheduleNewTimer(RecordingHandler.Kind, "lead-9:view", Start.AddMinutes(30));
            await db.SaveChangesAsync();
        });

        var due = await host.WithDbAsync(db => db.Timers(RecordingHandler.Kind).OrderBy(t => t.Key).Select(t => new { t.Key, t.DueAt }).ToListAsync());
        Assert.Equal(["lead-6:view", "lead-7:view", "lead-9:view"], due.Select(t => t.Key));
        Assert.Equal([Start.AddMinutes(20), Start.AddMinutes(40), Start.AddMinutes(30)], due.Select(t => t.DueAt));
    }

    [Fact]
    public async Task Timers_read_ahead_with_a_batch_are_tracked_and_moved_in_place()
    {
        var clock = new ManualClock(Start);
        await using var host = await TimerTestHost.StartAsync(await infra.CreateDatabaseAsync("timers_read_ahead"), clock);
        await ScheduleAsync(host, RecordingHandler.Kind, "lead-11:view", Start.AddMinutes(10), """{"leadId":"lead-11"}""");
        var stored = (await TimerRowAsync(host, RecordingHandler.Kind, "lead-11:view"))!;

        await host.WithDbAsync(db => db.InTransactionAsync(async (db, ct) =>
        {
            await using (var read = db.Database.GetDbConnection().CreateCommand())
            {
                read.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
                read.CommandText = StoredTimerReads.Sql(TimerTestDbContext.Schema);
                read.Parameters.Add(new Npgsql.NpgsqlParameter { Value = new[] { RecordingHandler.Kind, RecordingHandler.Kind } });
                read.Parameters.Add(new Npgsql.NpgsqlParameter { Value = new[] { "lead-11:view", "lead-12:view" } });
                await using var reader = await read.ExecuteReaderAsync(ct);
                await StoredTimerReads.TrackAsync(reader, db, ct);
            }
            // Only the stored one is tracked, exactly as stored.
            var tracked = Assert.Single(db.ChangeTracker.Entries<DurableTimer>());
            Assert.Equal((EntityState.Unchanged, stored.Id, stored.DueAt, stored.Payload), (tracked.State, tracked.Entity.Id, tracked.Entity.DueAt, tracked.Entity.Payload));

            db.ScheduleTimer(RecordingHandler.Kind, "lead-11:view", Start.AddMinutes(45));
            db.ScheduleTimer(RecordingHandler.Kind, "lead-12:view", Start.AddMinutes(50));
        }));

        var rows = await host.WithDbAsync(db => db.Timers(RecordingHandler.Kind).OrderBy(t => t.Key).ToListAsync());
        Assert.Equal([("lead-11:view", stored.Id, Start.AddMinutes(45)), ("lead-12:view", rows[1].Id, Start.AddMinutes(50))],
            rows.Select(r => (r.Key, r.Id, r.DueAt)));
    }

    [Fact]
    public async Task A_new_timer_with_a_key_in_use_fails_instead_of_doubling()
    {
        var clock = new ManualClock(Start);
        await using var host = await TimerTestHost.StartAsync(await infra.CreateDatabaseAsync("timers_new_taken"), clock);
        await ScheduleAsync(host, RecordingHandler.Kind, "lead-10:view", Start.AddMinutes(10));

        await Assert.ThrowsAsync<DbUpdateException>(() => host.WithDbAsync(async db =>
        {
            db.ScheduleNewTimer(RecordingHandler.Kind, "lead-10:view", Start.AddMinutes(50));
            await db.SaveChangesAsync();
        }));
        var row = await TimerRowAsync(host, RecordingHandler.Kind, "lead-10:view");
        Assert.Equal(Start.AddMinutes(10), row!.DueAt);
    }

    [Fact]
    public async Task A_failing_handler_is_retried_with_backoff_and_its_writes_roll_back()
    {
        var clock = new ManualClock(Start);
        await using var host = await TimerTestHost.StartAsync(await infra.CreateDatabaseAsync("timers_retry"), clock);
        host.Behaviour.FailuresLeft["lead-6:view"] = 2;
        await ScheduleAsync(host, RecordingHandler.Kind, "lead-6:view", Start.AddMinutes(30));

        clock.Advance(TimeSpan.FromMinutes(30));
        await Eventually.TrueAsync(async () => (await TimerRowAsync(host, RecordingHandler.Kind, "lead-6:view"))!.Attempts == 1, "first failure recorded", 10);
        var failed = (await TimerRowAsync(host, RecordingHandler.Kind, "lead-6:view"))!;
        Assert.Null(failed.FiredAt);
        Assert.Contains("planned failure", failed.LastError);
        Assert.Equal(Start.AddMinutes(31), failed.NextAttemptAt); // base delay 1 min
        Assert.Equal(0, await FireCountAsync(host, "lead-6:view")); // the failed run's write rolled back

        clock.Advance(TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(async () => (await TimerRowAsync(host, RecordingHandler.Kind, "lead-6:view"))!.Attempts == 2, "second failure recorded", 10);
        Assert.Equal(Start.AddMinutes(33), (await TimerRowAsync(host, RecordingHandler.Kind, "lead-6:view"))!.NextAttemptAt); // doubled

        clock.Advance(TimeSpan.FromMinutes(2));
        await Eventually.TrueAsync(async () => await FireCountAsync(host, "lead-6:view") == 1, "third attempt succeeded", 10);
        var fire = await host.WithDbAsync(db => db.Fires.SingleAsync());
        Assert.Equal(3, fire.Attempt);
    }

    [Fact]
    public async Task A_handler_can_reschedule_its_own_timer()
    {
        var clock = new ManualClock(Start);
        await using var host = await TimerTestHost.StartAsync(await infra.CreateDatabaseAsync("timers_recurring"), clock);
        await ScheduleAsync(host, RecurringHandler.Kind, "recycle", Start.AddHours(1));

        clock.Advance(TimeSpan.FromHours(1));
        await Eventually.TrueAsync(async () => await FireCountAsync(host, "recycle") == 1, "first run", 10);
        clock.Advance(TimeSpan.FromHours(1));
        await Eventually.TrueAsync(async () => await FireCountAsync(host, "recycle") == 2, "second run", 10);

        var row = (await TimerRowAsync(host, RecurringHandler.Kind, "recycle"))!;
        Assert.Null(row.FiredAt); // pending again
        Assert.Equal(Start.AddHours(3), row.DueAt);
    }

    [Fact]
    public async Task Only_a_commit_scheduling_a_timer_already_due_nudges_the_workers()
    {
        var clock = new ManualClock(Start);
        await using var host = await TimerTestHost.StartAsync(await infra.CreateDatabaseAsync("timers_nudge"), clock);
        var signal = host.Host.Services.GetRequiredService<DurableTimerSignal>();

        // Due in two hours: the regular poll finds it; a nudge would only cost an empty claim query.
        var nudge = signal.NextNudge();
        await ScheduleAsync(host, RecordingHandler.Kind, "lead-7:view", Start.AddHours(2));
        Assert.False(nudge.IsCompleted);

        // Due already: the workers look at once instead of waiting for the next poll.
        await ScheduleAsync(host, RecordingHandler.Kind, "lead-7:call", Start.AddMinutes(-1));
        Assert.True(nudge.IsCompleted);
        await Eventually.TrueAsync(async () => await FireCountAsync(host, "lead-7:call") == 1, "the due timer fired", 10);
        Assert.Equal(0, await FireCountAsync(host, "lead-7:view"));
    }

    private static Task ScheduleAsync(TimerTestHost host, string kind, string key, DateTimeOffset due, string? payload = null) =>
        host.WithDbAsync(async db =>
        {
            db.ScheduleTimer(kind, key, due, payload);
            await db.SaveChangesAsync();
        });

    private static Task<int> FireCountAsync(TimerTestHost host, string key) =>
        host.WithDbAsync(db => db.Fires.CountAsync(f => f.Key == key));

    private static Task<DurableTimer?> TimerRowAsync(TimerTestHost host, string kind, string key) =>
        host.WithDbAsync(db => db.Timers(kind).FirstOrDefaultAsync(t => t.Key == key));
}
