using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SalesMesh.ServiceDefaults.Caching;
using SalesMesh.ServiceDefaults.Health;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static class RedisClientExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="IConnectionMultiplexer"/> (StackExchange.Redis 1.2.6, the
    /// only version in our feed) from <c>ConnectionStrings:{connectionName}</c> ("host:port[,options]"),
    /// plus a readiness health check named <paramref name="connectionName"/> that sends PING.
    /// The multiplexer connects lazily and keeps reconnecting in the background
    /// (abortConnect=false), so a Redis outage at boot does not stop the service.
    /// </summary>
    public static IHostApplicationBuilder AddRedisClient(this IHostApplicationBuilder builder, string connectionName)
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                $"ConnectionStrings:{connectionName} is not set. The AppHost injects it as ConnectionStrings__{connectionName} (\"127.0.0.1:6379\").");

        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 5000);
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            connectionName,
            services => new RedisHealthCheck(services.GetRequiredService<IConnectionMultiplexer>()),
            failureStatus: null,
            tags: [HealthTags.Ready],
            timeout: TimeSpan.FromSeconds(5)));
        return builder;
    }
}
