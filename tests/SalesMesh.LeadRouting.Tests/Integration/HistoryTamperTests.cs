using Npgsql;
using SalesMesh.Contracts.LeadRouting.V1;

namespace SalesMesh.LeadRouting.Tests.Integration;

/// <summary>
/// LR-6 against the real database: the table refuses UPDATE/DELETE; a privileged connection that
/// switches the trigger off can still change rows, and verification names exactly the entry it
/// touched (or the missing newest entries). Own host: this test breaks the global chain on purpose.
/// </summary>
public sealed class HistoryTamperTests(LeadRoutingHost host) : IClassFixture<LeadRoutingHost>
{
    private readonly LeadRoutingService.LeadRoutingServiceClient _admin = host.As(People.Admin());
    private readonly LeadRoutingService.LeadRoutingServiceClient _desk = host.As(People.Rep("desk-" + People.Short(), "desk"));

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(host.DatabaseConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private async Task<int> ExecuteAsync(string sql, params object[] args)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < args.Length; i++)
            command.Parameters.AddWithValue("p" + i, args[i]);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>As a superuser with triggers off (session_replication_role = replica): the back door the chain must expose.</summary>
    private async Task<int> TamperAsync(string sql, params object[] args)
    {
        await using var connection = await OpenAsync();
        await using (var off = new NpgsqlCommand("SET session_replication_role = replica", connection))
            await off.ExecuteNonQueryAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < args.Length; i++)
            command.Parameters.AddWithValue("p" + i, args[i]);
        return await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task The_database_refuses_changes_and_verification_names_the_entry_a_privileged_connection_altered()
    {
        var line = "pl-nobody-" + People.Short();
        var a = await _desk.IntakeLeadAsync(People.Lead(People.NewMobile(), line));
        var b = await _desk.IntakeLeadAsync(People.Lead(People.NewMobile(), line));
        var c = await _desk.IntakeLeadAsync(People.Lead(People.NewMobile(), line));
        Assert.True((await _admin.VerifyHistoryAsync(new VerifyHistoryRequest())).Intact);
        var leadA = await _admin.GetLeadAsync(new GetLeadRequest { LeadId = a.LeadId });
        var victim = leadA.History[1]; // "lead-pooled" of lead A

        // The service's own path: UPDATE, DELETE and TRUNCATE are refused by the database itself.
        var update = await Assert.ThrowsAsync<PostgresException>(() =>
            ExecuteAsync("UPDATE lead_routing.lead_history SET actor_id = 'mallory' WHERE entry_id = @p0", Guid.Parse(victim.EntryId)));
        Assert.Contains("append-only", update.MessageText, StringComparison.Ordinal);
        await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync("DELETE FROM lead_routing.lead_history WHERE entry_id = @p0", Guid.Parse(victim.EntryId)));
        await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync("TRUNCATE lead_routing.lead_history"));
        await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync("UPDATE lead_routing.lead_history_head SET sequence = 1"));

        // Behind the service's back: change who pooled lead A.
        Assert.Equal(1, await TamperAsync(
            "UPDATE lead_routing.lead_history SET data = jsonb_set(data, '{summary}', '\"改过了\"') WHERE entry_id = @p0", Guid.Parse(victim.EntryId)));

        var leadCheck = await _admin.VerifyHistoryAsync(new VerifyHistoryRequest { LeadId = a.LeadId });
        Assert.False(leadCheck.Intact);
        Assert.Equal(victim.EntryId, leadCheck.BrokenEntryId);
        Assert.Equal(ChainBreakKind.ContentHashMismatch, leadCheck.BreakKind);
        Assert.Equal(2, leadCheck.BrokenSequence);
        var logCheck = await _admin.VerifyHistoryAsync(new VerifyHistoryRequest());
        Assert.Equal(victim.EntryId, logCheck.BrokenEntryId);
        Assert.Equal(victim.Sequence, logCheck.BrokenSequence);
        Assert.True((await _admin.VerifyHistoryAsync(new VerifyHistoryRequest { LeadId = b.LeadId })).Intact);

        // Deleting the newest entry of lead C leaves a chain that looks whole; the stored head does not.
        var leadC = await _admin.GetLeadAsync(new GetLeadRequest { LeadId = c.LeadId });
        Assert.Equal(1, await TamperAsync("DELETE FROM lead_routing.lead_history WHERE entry_id = @p0", Guid.Parse(leadC.History[^1].EntryId)));
        var tail = await _admin.VerifyHistoryAsync(new VerifyHistoryRequest { LeadId = c.LeadId });
        Assert.False(tail.Intact);
        Assert.Equal(ChainBreakKind.MissingTail, tail.BreakKind);
        Assert.Equal(2, tail.HeadSequence);
        Assert.Contains("删除", tail.Message, StringComparison.Ordinal);
    }
}
