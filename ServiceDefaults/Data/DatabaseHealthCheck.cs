using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SalesMesh.ServiceDefaults.Data;

/// <summary>
/// Ready when PostgreSQL answers a query and this process finished migrating. Uses a fresh
/// connection (not the retrying strategy): a probe must report "down" now, not after 30 s of retries.
/// </summary>
internal sealed class DatabaseHealthCheck<TContext>(IServiceProvider services) : IHealthCheck
    where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        try
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT 1";
                await command.ExecuteScalarAsync(cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"PostgreSQL unreachable: {ex.Message}", ex);
        }

        var status = services.GetRequiredService<MigrationStatus<TContext>>();
        return status.IsApplied
            ? HealthCheckResult.Healthy("PostgreSQL reachable, schema up to date.")
            : new HealthCheckResult(context.Registration.FailureStatus, "Migrations not applied yet.");
    }
}
