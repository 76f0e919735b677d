using Microsoft.EntityFrameworkCore;
using Npgsql;
using SalesMesh.ServiceDefaults.Tests.Support;
using SalesMesh.Testing;

namespace SalesMesh.ServiceDefaults.Tests;

public sealed class MigrationTests(InfrastructureFixture infra) : IClassFixture<InfrastructureFixture>
{
    [Fact]
    public async Task Two_replicas_starting_together_on_an_empty_database_both_start_and_the_schema_is_applied_once()
    {
        var database = await infra.CreateDatabaseAsync("sd_migrate");
        var options = new TestHostOptions { Database = database };

        // Start both at the same moment; without the advisory lock the loser fails on
        // "relation already exists" or a duplicate history row.
        var hosts = await Task.WhenAll(
            Task.Run(() => TestServiceHost.StartAsync(options)),
            Task.Run(() => TestServiceHost.StartAsync(options)));
        try
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var history = new NpgsqlCommand("SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"", connection);
            var applied = new List<string>();
            await using (var reader = await history.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                    applied.Add(reader.GetString(0));
            }
            Assert.Equal(["20261122000000_Initial"], applied);

            // Both replicas can use the schema: one writes, the other reads it.
            await hosts[0].WithDbAsync(async db =>
            {
                db.Leads.Add(new() { Id = Guid.NewGuid(), Channel = "web-form" });
                return await db.SaveChangesAsync();
            });
            Assert.Equal(1, await hosts[1].WithDbAsync(db => db.Leads.CountAsync()));
        }
        finally
        {
            foreach (var host in hosts)
                await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_replica_waits_for_the_migration_lock_held_by_another_before_touching_the_schema()
    {
        var database = await infra.CreateDatabaseAsync("sd_migrate_lock");
        await using var otherReplica = new NpgsqlConnection(database);
        await otherReplica.OpenAsync();
        var key = SalesMesh.ServiceDefaults.Data.AdvisoryLockKeys.ForMigrations(typeof(TestService.TestDbContext));
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({key})", otherReplica))
            await take.ExecuteNonQueryAsync();

        var starting = Task.Run(() => TestServiceHost.StartAsync(new TestHostOptions { Database = database }));
        await Task.Delay(1500);
        Assert.False(starting.IsCompleted, "the host must wait while another replica holds the migration lock");
        Assert.False(await HistoryExistsAsync(database));

        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({key})", otherReplica))
            await release.ExecuteNonQueryAsync();
        await using var host = await starting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(await HistoryExistsAsync(database));
    }

    private static async Task<bool> HistoryExistsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT to_regclass('\"__EFMigrationsHistory\"') IS NOT NULL", connection);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_missing_connection_string_fails_at_registration_with_the_key_to_set()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TestServiceHost.Build(new TestHostOptions { Database = "" }));
        Assert.Contains("ConnectionStrings:leads-db", error.Message);
    }
}
