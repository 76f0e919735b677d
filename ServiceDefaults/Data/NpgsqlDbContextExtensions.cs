using Microsoft.Extensions.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SalesMesh.ServiceDefaults.Data;
using SalesMesh.ServiceDefaults.Health;
using SalesMesh.ServiceDefaults.Messaging;

namespace Microsoft.Extensions.Hosting;

public static class NpgsqlDbContextExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TContext"/> (pooled) on PostgreSQL from
    /// <c>ConnectionStrings:{connectionName}</c>, with transient-fault retries, a readiness health
    /// check named <paramref name="connectionName"/>, and migrations applied at startup under a
    /// PostgreSQL advisory lock (safe when replicas start together).
    /// </summary>
    /// <remarks>
    /// Retries (EnableRetryOnFailure) forbid user-opened transactions outside an execution
    /// strategy: use <see cref="DbContextTransactionExtensions.InTransactionAsync{TContext}"/> when
    /// a unit of work needs more than one SaveChanges. A single SaveChanges is already atomic,
    /// outbox rows included.
    /// </remarks>
    public static TBuilder AddNpgsqlDbContext<TContext, TBuilder>(this TBuilder builder, string connectionName,
        Action<DbContextOptionsBuilder>? configureDbContextOptions = null)
        where TContext : DbContext
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                $"ConnectionStrings:{connectionName} is not set. The AppHost injects it as ConnectionStrings__{connectionName}; set it in configuration when running outside the AppHost.");

        connectionString = WithConnectionDefaults(connectionString);
        builder.Services.TryAddSingleton<OutboxSignal>();
        builder.Services.TryAddSingleton<MigrationStatus<TContext>>();
        builder.Services.AddDbContextPool<TContext>((services, options) =>
        {
            options.UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure(maxRetryCount: 5, maxRetryDelay: TimeSpan.FromSeconds(5), errorCodesToAdd: null));
            // Our migrations are hand-written (the EF design-time tools do not restore here), so
            // there is no model snapshot, and EF 9+ would call every Migrate "pending model
            // changes" and throw. The schema is checked by integration tests instead.
            options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
            options.AddInterceptors(new OutboxCommitInterceptor(services.GetRequiredService<OutboxSignal>()));
            configureDbContextOptions?.Invoke(options);
        });

        builder.Services.AddHostedService<MigrationHostedService<TContext>>();
        builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            connectionName,
            services => new DatabaseHealthCheck<TContext>(services),
            failureStatus: null,
            tags: [HealthTags.Ready],
            timeout: TimeSpan.FromSeconds(5)));
        return builder;
    }

    /// <summary>
    /// Two Npgsql settings for a service's pooled connections, each unless the connection string
    /// already says otherwise:
    /// <list type="bullet">
    /// <item>automatic preparation: a service sends the same few dozen statements all day, and a
    /// prepared statement skips PostgreSQL's parse and plan on every later use
    /// (bench/activities-submit: −23 % machine CPU per visit record);</item>
    /// <item>no session reset when a connection goes back to the pool: the reset is seven
    /// statements (RESET ALL, DISCARD TEMP, SET SESSION AUTHORIZATION DEFAULT, …) sent with the next
    /// use — once per request — and costs a visit record's submission ~17 % of its machine CPU. Our
    /// services never change session state (no SET, LISTEN, temporary tables or session locks
    /// outside the migration lock, which is released in a finally); an open transaction is still
    /// rolled back when its connection is closed (tested).</item>
    /// </list>
    /// </summary>
    internal static string WithConnectionDefaults(string connectionString)
    {
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            settings.MaxAutoPrepare = 64;
            settings.AutoPrepareMinUsages = 2;
        }
        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            settings.NoResetOnClose = true;
        }
        return settings.ConnectionString;
    }

    /// <inheritdoc cref="AddNpgsqlDbContext{TContext, TBuilder}"/>
    public static IHostApplicationBuilder AddNpgsqlDbContext<TContext>(this IHostApplicationBuilder builder, string connectionName,
        Action<DbContextOptionsBuilder>? configureDbContextOptions = null)
        where TContext : DbContext
        => builder.AddNpgsqlDbContext<TContext, IHostApplicationBuilder>(connectionName, configureDbContextOptions);
}
