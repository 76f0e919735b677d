using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SalesMesh.Gateway.Security;

public sealed record RateLimitVerdict(bool Allowed, TimeSpan RetryAfter, string? Scope);

/// <summary>
/// Fixed-window counters in Redis, one Lua script per request for both keys (IP and user): INCR,
/// set the expiry on the window's first hit, read the remaining time. Atomic on the server, so
/// replicas share the count exactly. Windows are aligned to their first request, not the clock.
/// </summary>
public sealed class RedisRateLimiter(IConnectionMultiplexer redis, IOptions<RateLimitOptions> options, ILogger<RedisRateLimiter> logger)
{
    private const string Script = """
        local result = {}
        for i = 1, #KEYS do
          local count = redis.call('INCR', KEYS[i])
          if count == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[i]) end
          local ttl = redis.call('PTTL', KEYS[i])
          if ttl < 0 then redis.call('PEXPIRE', KEYS[i], ARGV[i]); ttl = tonumber(ARGV[i]) end
          result[#result + 1] = count
          result[#result + 1] = ttl
        end
        return result
        """;

    public async Task<RateLimitVerdict> CheckAsync(string ip, string? userId)
    {
        var o = options.Value;
        var limits = new List<(string Scope, RedisKey Key, WindowLimit Limit)> { ("ip", o.KeyPrefix + "ip:" + ip, o.PerIp) };
        if (userId is not null)
            limits.Add(("user", o.KeyPrefix + "user:" + userId, o.PerUser));
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script,
                [.. limits.Select(l => l.Key)],
                [.. limits.Select(l => (RedisValue)(long)l.Limit.Window.TotalMilliseconds)]))!;
            for (var i = 0; i < limits.Count; i++)
            {
                var count = (long)result[2 * i];
                if (count > limits[i].Limit.PermitLimit)
                    return new RateLimitVerdict(false, TimeSpan.FromMilliseconds(Math.Max(1, (long)result[2 * i + 1])), limits[i].Scope);
            }
            return new RateLimitVerdict(true, TimeSpan.Zero, null);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Fail open: an outage of the counter store must not take the whole API down with it.
            logger.LogWarning(ex, "Rate limiting skipped: Redis unavailable");
            return new RateLimitVerdict(true, TimeSpan.Zero, null);
        }
    }
}
