using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace SalesMesh.LeadRoutingBench;

/// <summary>
/// The baseline: <c>pgbench</c> running a custom script that does, per transaction, the same writes
/// a new-lead intake commits — stamp (and row-lock) the chosen rep, then insert the SLA timer, two
/// history drafts, the lead (whose trigger moves its owner's open-lead count), two outbox rows, the
/// assignment with its jsonb explanation and the source — with the VALUES of a real intake the service just stored
/// (same widths, same jsonb), in a schema-identical copy of the service's database on the same
/// PostgreSQL server (a copy, so baseline rows never count as open leads in the service's routing).
/// No reads, no de-duplication, no routing, no publishing (the outbox rows stay pending: no relay reads
/// the copy): it is what the database alone can commit.
/// </summary>
internal sealed partial class PgBenchBaseline(BenchHost host, int clients)
{
    private const string Schema = "lead_routing";
    /// <summary>The copy the script writes to; no outbox relay reads it.</summary>
    public string Database { get; } = "leads_pgbench";
    private string _script = "";

    public string ScriptPath { get; } = Path.Combine(Path.GetTempPath(), $"leadrouting-bench-{Environment.ProcessId}.pgbench.sql");

    /// <summary>Copies the schema (and roster + history head) and writes the script from the newest new-lead intake.</summary>
    public async Task PrepareAsync()
    {
        await host.Postgres.PsqlAsync($"DROP DATABASE IF EXISTS {Database}");
        await host.Postgres.PsqlAsync($"CREATE DATABASE {Database}");
        var dump = await RunAsync("pg_dump", ["--schema-only", "--no-owner", host.Database]);
        var data = await RunAsync("pg_dump", ["--data-only", "--no-owner", "-t", $"{Schema}.reps", "-t", $"{Schema}.lead_history_head", host.Database]);
        await RunAsync("psql", ["-q", "-v", "ON_ERROR_STOP=1", "-d", Database], dump + "\n" + data);

        await using var db = new NpgsqlConnection(host.DatabaseConnectionString);
        await db.OpenAsync();
        var leadId = (Guid)(await Scalar(db, $"""
            SELECT l.id FROM {Schema}.leads l
            WHERE l.status = 'assigned' AND l.source_count = 1
              AND EXISTS (SELECT 1 FROM {Schema}.durable_timers t WHERE t.key = l.id::text)
            ORDER BY l.received_at DESC LIMIT 1
            """))!;
        var id = leadId.ToString("D");
        var script = new StringBuilder();
        script.AppendLine("-- One new-lead intake's writes (values of a real intake), see PgBenchBaseline.cs.");
        script.AppendLine("\\set bv_rep random(0, 49)");
        script.AppendLine("BEGIN;");
        // The chosen rep: stamped for the tie-break, its row locked to commit (as routing does).
        script.AppendLine($"UPDATE {Schema}.reps SET last_assigned_at = now() WHERE user_id = 'bench-rep-' || lpad(:bv_rep::text, 2, '0')"
            + " RETURNING gen_random_uuid() AS bv_lead, gen_random_uuid() AS bv_asg, gen_random_uuid() AS bv_src \\gset");
        const string Rep = "'bench-rep-' || lpad(:bv_rep::text, 2, '0')";
        var inserts = new List<string>
        {
            await InsertAsync(db, "durable_timers", $"key = '{id}'", new() { ["key"] = "':bv_lead'" }),
            // Drafts are sealed within ~200 ms, so their template is the sealed entry (same columns and values).
            await InsertAsync(db, "lead_history_drafts", $"lead_id = '{id}' AND lead_sequence = 1", new() { ["lead_id"] = "':bv_lead'", ["entry_id"] = "gen_random_uuid()" }, from: "lead_history"),
            await InsertAsync(db, "lead_history_drafts", $"lead_id = '{id}' AND lead_sequence = 2", new() { ["lead_id"] = "':bv_lead'", ["entry_id"] = "gen_random_uuid()" }, from: "lead_history"),
            await InsertAsync(db, "leads", $"id = '{id}'", new() { ["id"] = "':bv_lead'", ["idempotency_key"] = "gen_random_uuid()::text", ["current_assignment_id"] = "':bv_asg'", ["owner_user_id"] = Rep }),
            // Unpublished, as intake writes them (the template was sent by then): the row enters the pending index.
            await InsertAsync(db, "outbox_messages", $"body::text LIKE '%{id}%' AND message_type LIKE '%received%'", new() { ["id"] = "gen_random_uuid()", ["sent_at"] = "NULL" }),
            await InsertAsync(db, "outbox_messages", $"body::text LIKE '%{id}%' AND message_type LIKE '%assigned%'", new() { ["id"] = "gen_random_uuid()", ["sent_at"] = "NULL" }),
            await InsertAsync(db, "lead_assignments", $"lead_id = '{id}'", new() { ["id"] = "':bv_asg'", ["lead_id"] = "':bv_lead'" }),
            await InsertAsync(db, "lead_sources", $"lead_id = '{id}'", new() { ["id"] = "':bv_src'", ["lead_id"] = "':bv_lead'", ["idempotency_key"] = "gen_random_uuid()::text" }),
        };
        // Like EF's batch: the inserts go in one round trip (\; joins them into one compound query).
        script.AppendLine(string.Join(" \\;\n", inserts) + ";");
        script.AppendLine("COMMIT;");
        _script = script.ToString();
        await File.WriteAllTextAsync(ScriptPath, _script);
    }

    /// <summary>One pgbench run: <paramref name="clients"/> connections, 2 threads, <paramref name="seconds"/> seconds; returns committed tps.</summary>
    public async Task<(double Tps, double LatencyMs, long Transactions, long Failed)> RunAsync(double seconds)
    {
        var output = await RunAsync("pgbench", ["-n", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2",
            "-T", ((int)Math.Round(seconds)).ToString(CultureInfo.InvariantCulture), "-f", ScriptPath, Database]);
        var tps = double.Parse(TpsLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var latency = LatencyLine().Match(output) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
        var processed = long.Parse(ProcessedLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var failed = FailedLine().Match(output) is { Success: true } f ? long.Parse(f.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return (tps, latency, processed, failed);
    }

    /// <summary>INSERT … VALUES with the template row's literals (typed; read from <paramref name="from"/>, default the same table), except the overridden columns.</summary>
    private static async Task<string> InsertAsync(NpgsqlConnection db, string table, string where, Dictionary<string, string> overrides, string? from = null)
    {
        var columns = new List<(string Name, string Type)>();
        await using (var cmd = new NpgsqlCommand($"""
            SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
            WHERE attrelid = '{Schema}.{table}'::regclass AND attnum > 0 AND NOT attisdropped AND attidentity = '' AND attgenerated = ''
            ORDER BY attnum
            """, db))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                columns.Add((reader.GetString(0), reader.GetString(1)));
        }
        var literals = string.Join(", ", columns.Select(c => $"quote_nullable(\"{c.Name}\"::text)"));
        var values = new List<string>();
        await using (var cmd = new NpgsqlCommand($"SELECT {literals} FROM {Schema}.{from ?? table} WHERE {where} LIMIT 1", db))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            if (!await reader.ReadAsync())
                throw new InvalidOperationException($"No template row in {table} where {where}.");
            for (var i = 0; i < columns.Count; i++)
                values.Add(reader.GetString(i));
        }
        var exprs = columns.Select((c, i) => overrides.TryGetValue(c.Name, out var o) ? $"{o}::{c.Type}" : values[i] == "NULL" ? "NULL" : $"{values[i]}::{c.Type}");
        return $"INSERT INTO {Schema}.{table} ({string.Join(", ", columns.Select(c => '"' + c.Name + '"'))}) VALUES ({string.Join(", ", exprs)})";
    }

    private static async Task<object?> Scalar(NpgsqlConnection db, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, db);
        return await cmd.ExecuteScalarAsync();
    }

    /// <summary>Runs a PostgreSQL client tool against the bench server (TCP, password from the environment).</summary>
    private async Task<string> RunAsync(string tool, string[] arguments, string? stdin = null)
    {
        var start = new ProcessStartInfo(Path.Combine("/usr/lib/postgresql/15/bin", tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
        };
        foreach (var a in (string[])["-h", "127.0.0.1", "-p", host.Postgres.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres"])
            start.ArgumentList.Add(a);
        foreach (var a in arguments)
            start.ArgumentList.Add(a);
        start.Environment["PGPASSWORD"] = host.Postgres.Password;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} exited {process.ExitCode}: {await stderr}");
        return await stdout + await stderr;
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    private static partial Regex LatencyLine();

    [GeneratedRegex(@"number of transactions actually processed: ([0-9]+)")]
    private static partial Regex ProcessedLine();

    [GeneratedRegex(@"number of failed transactions: ([0-9]+)")]
    private static partial Regex FailedLine();
}
