using System.Globalization;
using Microsoft.Extensions.Options;
using SalesMesh.Gateway.Auth;
using SalesMesh.Gateway.Transcoding;

namespace SalesMesh.Gateway.Security;

public static class RateLimitingMiddleware
{
    /// <summary>Counts every /api request (after authentication, so the user is known); over the limit → 429 problem+json with Retry-After.</summary>
    public static IApplicationBuilder UseRedisRateLimits(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var options = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        if (!options.Enabled || !http.Request.Path.StartsWithSegments("/api"))
        {
            await next(http);
            return;
        }
        var ip = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var user = http.User.Identity?.IsAuthenticated == true ? http.User.FindFirst(GatewayClaims.Subject)?.Value : null;
        var verdict = await http.RequestServices.GetRequiredService<RedisRateLimiter>().CheckAsync(ip, user);
        if (!verdict.Allowed)
        {
            var seconds = (int)Math.Ceiling(verdict.RetryAfter.TotalSeconds);
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await Problems.Status(http, StatusCodes.Status429TooManyRequests, Problems.Text(http,
                $"请求过于频繁，请 {seconds} 秒后再试。", $"Too many requests; try again in {seconds} s.")).ExecuteAsync(http);
            return;
        }
        await next(http);
    });
}
