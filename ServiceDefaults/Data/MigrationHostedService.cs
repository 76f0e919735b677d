using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SalesMesh.ServiceDefaults.Data;

/// <summary>
/// Applies pending EF Core migrations when the host starts. Two replicas starting at once would
/// both see the same pending migrations and race on the DDL, so the whole check-and-migrate runs
/// while holding a session-level PostgreSQL advisory lock on the very connection EF migrates
/// with: the second replica waits, then finds nothing pending. Start fails (and so the host) if
/// migrating fails - a service must not run on a schema it does not understand.
/// </summary>
internal sealed class MigrationHostedService<TContext>(
    IServiceScopeFactory scopeFactory,
    MigrationStatus<TContext> status,
    ILogger<MigrationHostedService<TContext>> logger) : IHostedService
    where TContext : DbContext
{
    private static readonly ActivitySource Source = new(Telemetry.TelemetrySources.Messaging);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var activity = Source.StartActivity($"migrate {typeof(TContext).Name}");
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var lockKey = AdvisoryLockKeys.ForMigrations(typeof(TContext));

        // Connection-level failures at boot (database still starting) are retried by the
        // execution strategy like any other transient fault.
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await ExecuteAsync(db, "SELECT pg_advisory_lock({0})", lockKey, ct);
                try
                {
                    var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
                    if (pending.Count == 0)
                    {
                        logger.LogInformation("Database schema of {Context} is up to date.", typeof(TContext).Name);
                        return;
                    }
                    logger.LogInformation("Applying {Count} migration(s) to {Context}: {Migrations}", pending.Count, typeof(TContext).Name, string.Join(", ", pending));
                    await db.Database.MigrateAsync(ct);
                }
                finally
                {
                    await ExecuteAsync(db, "SELECT pg_advisory_unlock({0})", lockKey, CancellationToken.None);
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }, cancellationToken);

        status.MarkApplied();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task ExecuteAsync(TContext db, string sql, long key, CancellationToken ct)
    {
        // ADO command on EF's open connection: same session as the migration, and SELECT of a
        // void function returns one row we ignore.
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand(sql.Replace("{0}", "@key"), connection);
        command.Parameters.AddWithValue("key", key);
        await command.ExecuteNonQueryAsync(ct);
    }
}
