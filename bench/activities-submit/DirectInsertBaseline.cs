using System.Text.Json;
using Npgsql;
using SalesMesh.Contracts.Events;
using NpgsqlTypes;

namespace SalesMesh.Activities.SubmitBench;

/// <summary>
/// The floor the service is compared against: the rows one submission commits — the visit record
/// and its outbox event — written in one transaction directly with Npgsql, no gRPC, no validation,
/// no rules, no EF Core, no reads.
/// </summary>
public sealed class DirectInsertBaseline(NpgsqlDataSource dataSource)
{
    private const string InsertRecord = """
        INSERT INTO activities.visit_records (id, client_record_id, customer_id, opportunity_id, rep_user_id, visited_at, recorded_at, updated_at,
            budget, objection_type, biggest_concern, promised_deliverable, promised_deliverable_text, next_touchpoint_at,
            next_touchpoint_participants, next_touchpoint_topic, gps_latitude, gps_longitude, call_recording_summary_ref,
            trial_account_provided, trial_start_date, trial_end_date, trial_client_login_frequency, rule_set_id, rule_set_version,
            version, version_fingerprints, exemplary, exemplary_marked_by, exemplary_marked_at, exemplary_note)
        VALUES ($1, $2, $3, NULL, $4, $5, $6, $6, 'confirmedBelow500k', 'price', 'budgetInsufficient', $7, $8, $9, $10, '方案评审',
            31.2304, 121.4737, NULL, NULL, NULL, NULL, NULL, 'visit-record', 1, 1, $11, false, NULL, NULL, NULL)
        """;

    private const string InsertOutbox = """
        INSERT INTO activities.outbox_messages (id, message_type, body, created_at) VALUES ($1, 'urn:message:salesmesh.activities.v1.visit-logged', $2, $3)
        """;

    /// <summary>The outbox's own JSON settings (System.Text.Json web defaults).</summary>
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    public async Task InsertAsync(Guid customerId, string repUserId)
    {
        var now = DateTimeOffset.UtcNow;
        var id = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var record = new NpgsqlCommand(InsertRecord, connection, transaction))
        {
            record.Parameters.Add(new NpgsqlParameter { Value = id });
            record.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid() });
            record.Parameters.Add(new NpgsqlParameter { Value = customerId });
            record.Parameters.Add(new NpgsqlParameter { Value = repUserId });
            record.Parameters.Add(new NpgsqlParameter { Value = now.AddMinutes(-30) });
            record.Parameters.Add(new NpgsqlParameter { Value = now });
            record.Parameters.Add(new NpgsqlParameter { Value = "下周提供<b>成本分析</b>与 ROI 测算，附三家同类医院的使用数据" });
            record.Parameters.Add(new NpgsqlParameter { Value = "下周提供成本分析与 ROI 测算，附三家同类医院的使用数据" });
            record.Parameters.Add(new NpgsqlParameter { Value = now.AddDays(2) });
            record.Parameters.Add(new NpgsqlParameter { Value = new[] { "张主任", "李科长" }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            record.Parameters.Add(new NpgsqlParameter { Value = new[] { Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            await record.ExecuteNonQueryAsync();
        }
        await using (var outbox = new NpgsqlCommand(InsertOutbox, connection, transaction))
        {
            outbox.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7() });
            // A real VisitLogged body, so the outbox worker publishes these rows exactly like the service's.
            var evt = new VisitLogged(id, Guid.NewGuid(), customerId, null, null, repUserId, 1, now.AddMinutes(-30), now,
                "confirmedBelow500k", "budgetInsufficient", "price", now.AddDays(2), "visit-record", 1);
            outbox.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(evt, WebJson) });
            outbox.Parameters.Add(new NpgsqlParameter { Value = now });
            await outbox.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }
}
