using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace SalesMesh.ServiceDefaults.Timers;

/// <summary>
/// For hot paths that send their reads as one batch: the statement selecting the stored rows of
/// the timers a unit of work is about to schedule, and reading them back tracked. The next
/// SaveChanges then finds them in the change tracker and skips the lookup round trip of its own
/// (a timer not stored yet is still looked up there, so nothing changes in what is written).
/// </summary>
public static class StoredTimerReads
{
    /// <summary>SQL taking two parameters, the kinds and the keys (text arrays of equal length, pairwise).</summary>
    public static string Sql(string schema) => $"""
        SELECT id, kind, key, due_at, payload::text, scheduled_at, attempts, last_error, next_attempt_at, fired_at, fired_by
        FROM "{schema}".{DurableTimerTables.Timers}
        WHERE (kind, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))
        """;

    /// <summary>Tracks every row of the current result that the context does not track yet.</summary>
    public static async Task TrackAsync(DbDataReader reader, DbContext db, CancellationToken ct)
    {
        while (await reader.ReadAsync(ct))
        {
            var row = new DurableTimer
            {
                Id = reader.GetInt64(0),
                Kind = reader.GetString(1),
                Key = reader.GetString(2),
                DueAt = reader.GetFieldValue<DateTimeOffset>(3),
                Payload = reader.IsDBNull(4) ? null : reader.GetString(4),
                ScheduledAt = reader.GetFieldValue<DateTimeOffset>(5),
                Attempts = reader.GetInt32(6),
                LastError = reader.IsDBNull(7) ? null : reader.GetString(7),
                NextAttemptAt = reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                FiredAt = reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
                FiredBy = reader.IsDBNull(10) ? null : reader.GetString(10),
            };
            if (db.Set<DurableTimer>().Local.FindEntry(row.Id) is null)
            {
                db.Attach(row);
            }
        }
    }
}
