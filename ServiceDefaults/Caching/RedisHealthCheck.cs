using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace SalesMesh.ServiceDefaults.Caching;

/// <summary>PING on every endpoint of the multiplexer; any failure is unhealthy.</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            foreach (var endpoint in redis.GetEndPoints())
            {
                var latency = await redis.GetServer(endpoint).PingAsync().WaitAsync(cancellationToken);
                _ = latency;
            }
            return HealthCheckResult.Healthy("Redis answered PING.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Redis unreachable: {ex.Message}", ex);
        }
    }
}
