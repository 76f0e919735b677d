using System.Net;
using System.Text.Json;
using SalesMesh.Gateway.Tests.Support;
using SalesMesh.Testing;

namespace SalesMesh.Gateway.Tests;

/// <summary>Per-IP and per-user fixed windows counted in Redis, shared by every gateway replica.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RateLimitTests(GatewayFixture fixture)
{
    [Fact]
    public async Task The_IP_limit_is_shared_by_two_gateway_replicas_and_answers_429_with_Retry_After()
    {
        var shared = new Dictionary<string, string>
        {
            ["Gateway:RateLimits:KeyPrefix"] = SharedInfrastructure.NewRedisKeyPrefix("replicas"),
            ["Gateway:RateLimits:PerIp:PermitLimit"] = "5",
            ["Gateway:RateLimits:PerIp:Window"] = "00:01:00",
        };
        await using var a = await fixture.StartGatewayAsync(shared);
        await using var b = await fixture.StartGatewayAsync(shared);

        var statuses = new List<HttpStatusCode>();
        foreach (var gateway in new[] { a, b, a, b, a })
        {
            using var ok = await gateway.Http.GetAsync("/api/v1/probe/whoami");
            statuses.Add(ok.StatusCode);
        }
        using var sixth = await b.Http.GetAsync("/api/v1/probe/whoami");

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
        Assert.Equal("application/problem+json", sixth.Content.Headers.ContentType?.MediaType);
        Assert.InRange(sixth.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        Assert.Equal(429, JsonDocument.Parse(await sixth.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
        using var health = await b.Http.GetAsync("/health"); // only /api is limited
        Assert.NotEqual(HttpStatusCode.TooManyRequests, health.StatusCode);
    }

    [Fact]
    public async Task The_user_limit_stops_one_user_and_not_another_from_the_same_address()
    {
        await using var gateway = await fixture.StartGatewayAsync(new Dictionary<string, string>
        {
            ["Gateway:RateLimits:PerUser:PermitLimit"] = "3",
            ["Gateway:RateLimits:PerIp:PermitLimit"] = "1000",
        });
        var busy = await fixture.SignInAsync(await fixture.CreateUserAsync(["rep"]), gateway.Http);
        var other = await fixture.SignInAsync(await fixture.CreateUserAsync(["rep"]), gateway.Http);

        var busyStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            busyStatuses.Add(await WhoAmIAsync(gateway, busy));
        var otherStatus = await WhoAmIAsync(gateway, other);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], busyStatuses);
        Assert.Equal(HttpStatusCode.OK, otherStatus);
    }

    private static async Task<HttpStatusCode> WhoAmIAsync(Host gateway, JsonElement tokens)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/probe/whoami");
        request.Headers.Authorization = new("Bearer", tokens.GetProperty("accessToken").GetString());
        using var response = await gateway.Http.SendAsync(request);
        return response.StatusCode;
    }
}
