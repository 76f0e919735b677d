using Grpc.Core;
using Grpc.Net.Client;
using SalesMesh.Gateway.Tests.Probe;
using SalesMesh.Gateway.Tests.Support;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.Gateway.Tests;

/// <summary>Reaching a service directly with a made-up identity gets nowhere.</summary>
[Collection(GatewayCollection.Name)]
public sealed class InternalTokenTests(GatewayFixture fixture)
{
    private static readonly Caller Admin = new("00000000-0000-0000-0000-00000000ad31", "mallory", new HashSet<string> { "admin" }, null);

    [Fact]
    public async Task A_forged_internal_token_sent_straight_to_a_service_is_UNAUTHENTICATED()
    {
        using var channel = GrpcChannel.ForAddress(fixture.Probe.GrpcUrl);
        var client = new ProbeService.ProbeServiceClient(channel);
        var forged = InternalToken.Issue(Admin, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(2));
        var expired = InternalToken.Issue(Admin, Convert.FromBase64String(GatewayFixture.InternalKey), DateTimeOffset.UtcNow.AddMinutes(-10), TimeSpan.FromMinutes(2));

        foreach (var token in new[] { forged, expired, "garbage" })
        {
            var ex = await Assert.ThrowsAsync<RpcException>(() => client.WhoAmIAsync(new WhoAmIRequest(), new Metadata { { InternalTokenOptions.MetadataKey, token } }).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        }
        // The same call with a token signed by the real key passes: the refusals above are about the signature and expiry.
        var real = InternalToken.Issue(Admin, Convert.FromBase64String(GatewayFixture.InternalKey), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(2));
        var who = await client.WhoAmIAsync(new WhoAmIRequest(), new Metadata { { InternalTokenOptions.MetadataKey, real } });
        Assert.Equal(Admin.UserId, who.UserId);
    }

    [Fact]
    public async Task A_client_cannot_smuggle_its_own_internal_token_through_the_gateway()
    {
        var forged = InternalToken.Issue(Admin, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(2));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/probe/whoami");
        request.Headers.Add(InternalTokenOptions.MetadataKey, forged);
        using var response = await fixture.Gateway.Http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"hadToken\":false", (await response.Content.ReadAsStringAsync()).Replace(" ", ""), StringComparison.Ordinal);
    }
}
