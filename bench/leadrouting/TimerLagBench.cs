using System.Diagnostics;
using Npgsql;

namespace SalesMesh.LeadRoutingBench;

/// <summary>What the SLA timer run saw (lags in ms = fired_at − due_at).</summary>
internal sealed record TimerLagResult(int Timers, long PendingBefore, long PendingAtEnd, double InsertSeconds, double SlackSeconds, int Fired, int Unfired,
    double P50, double P99, double Max, double FiredPerSecond);

/// <summary>
/// SLA clocks under load: N pending timers of the real kind (<c>leadrouting.sla</c>) in the real
/// table (<c>lead_routing.durable_timers</c>), due evenly over a window, fired by the service's own
/// DurableTimerWorker and SlaTimerHandler. Keys are lead ids that do not exist, so the real handler
/// takes its "lead gone / clock no longer runs" path (locks nothing, writes nothing but the fired
/// mark): this measures the clock machinery, not a breach's reassignment (see README).
/// "Unfired" counts only timers already due when the observation ends.
/// </summary>
internal sealed class TimerLagBench(BenchHost host)
{
    /// <summary>Marks the bench's timers (payload.assignmentId) so they can be told from intake's real clocks.</summary>
    private static readonly Guid Marker = Guid.Parse("b0000000-0000-4000-8000-00000000be4c");

    public async Task<TimerLagResult> RunAsync(int count, double windowSeconds, double? observeSeconds, double leadSeconds)
    {
        await using var db = new NpgsqlConnection(host.DatabaseConnectionString);
        await db.OpenAsync();
        var pendingBefore = (long)(await Scalar(db, "SELECT count(*) FROM lead_routing.durable_timers WHERE fired_at IS NULL"))!;

        var watch = Stopwatch.StartNew();
        // Due from now + leadSeconds (time to insert and commit) over windowSeconds, evenly.
        await using (var insert = new NpgsqlCommand($"""
            INSERT INTO lead_routing.durable_timers (kind, key, due_at, payload, scheduled_at)
            SELECT 'leadrouting.sla', gen_random_uuid()::text, b.base + (i * @window / @count) * interval '1 second',
                   jsonb_build_object('assignmentId', @marker::text, 'repUserId', 'bench-rep-00', 'assignedAt', b.base,
                                      'viewDueAt', b.base, 'firstCallDueAt', b.base + interval '90 minutes'),
                   now()
            FROM generate_series(0, @count - 1) AS i, (SELECT now() + @lead * interval '1 second' AS base) AS b
            """, db))
        {
            insert.CommandTimeout = 600;
            insert.Parameters.AddWithValue("window", windowSeconds);
            insert.Parameters.AddWithValue("count", count);
            insert.Parameters.AddWithValue("lead", leadSeconds);
            insert.Parameters.AddWithValue("marker", Marker.ToString("D"));
            await insert.ExecuteNonQueryAsync();
        }
        var insertSeconds = watch.Elapsed.TotalSeconds;
        var slack = (double)(await Scalar(db, $"SELECT extract(epoch FROM min(due_at) - clock_timestamp())::float8 FROM lead_routing.durable_timers WHERE {Ours}"))!;

        // Wait until ours are all fired (or the window plus 60 s has passed), or for the observation time.
        var observing = observeSeconds is { } o ? TimeSpan.FromSeconds(leadSeconds + o) : (TimeSpan?)null;
        var deadline = observing ?? TimeSpan.FromSeconds(leadSeconds + windowSeconds + 60);
        while (watch.Elapsed < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            if (observing is null && (long)(await Scalar(db, $"SELECT count(*) FROM lead_routing.durable_timers WHERE {Ours} AND fired_at IS NULL"))! == 0)
                break;
        }
        // Due but not fired when we looked (those due in the last moments are normally in flight).
        var unfired = (int)(long)(await Scalar(db, $"SELECT count(*) FROM lead_routing.durable_timers WHERE {Ours} AND fired_at IS NULL AND due_at <= clock_timestamp()"))!;

        // Unfired ones count with their lag so far (a lower bound), so a worker that falls behind cannot hide it.
        var lags = new List<double>(count);
        await using (var read = new NpgsqlCommand($"""
            SELECT extract(epoch FROM coalesce(fired_at, clock_timestamp()) - due_at)::float8 * 1000
            FROM lead_routing.durable_timers WHERE {Ours} AND due_at <= clock_timestamp()
            """, db))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                lags.Add(reader.GetDouble(0));
        }
        var firedSpan = (double?)(await Scalar(db, $"SELECT extract(epoch FROM max(fired_at) - min(fired_at))::float8 FROM lead_routing.durable_timers WHERE {Ours}") as double?) ?? double.NaN;
        var fired = (int)(long)(await Scalar(db, $"SELECT count(*) FROM lead_routing.durable_timers WHERE {Ours} AND fired_at IS NOT NULL"))!;
        var stillPending = (long)(await Scalar(db, "SELECT count(*) FROM lead_routing.durable_timers WHERE fired_at IS NULL"))!;
        await using (var cleanup = new NpgsqlCommand($"DELETE FROM lead_routing.durable_timers WHERE {Ours}", db) { CommandTimeout = 600 })
            await cleanup.ExecuteNonQueryAsync();

        lags.Sort();
        return new TimerLagResult(count, pendingBefore, stillPending, insertSeconds, slack, fired, unfired,
            Stats.Percentile(lags, 50), Stats.Percentile(lags, 99), lags.Count == 0 ? double.NaN : lags[^1], fired / firedSpan);
    }

    private static string Ours => $"kind = 'leadrouting.sla' AND payload->>'assignmentId' = '{Marker:D}'";

    private static async Task<object?> Scalar(NpgsqlConnection db, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, db) { CommandTimeout = 600 };
        return await cmd.ExecuteScalarAsync();
    }
}
