using System.Net;
using System.Text;
using System.Text.Json;

namespace SalesMesh.EndToEnd.Tests;

/// <summary>
/// The whole AppHost model — PostgreSQL, Redis, RabbitMQ, five services and the gateway as real
/// child processes on temporary data — proving the mesh end to end: REST at the gateway → gRPC
/// to LeadRouting → outbox → RabbitMQ → Insights' inbox → gRPC read back through the gateway.
/// </summary>
[Collection(MeshCollection.Name)]
public sealed class MeshEndToEndTests(MeshFixture mesh)
{
    [Fact]
    public async Task A_lead_posted_to_the_gateway_is_counted_by_Insights_and_every_service_answers_through_the_gateway()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        using var gateway = await mesh.SignedInGatewayAsync(timeout.Token);
        // "Healthy" means /health answers; the first gRPC calls of a cold mesh on a busy 2-core
        // machine can still outlast the gateway's 15 s deadline (504). Retrying is what a client
        // does, and safe: reads are idempotent and the intake carries an idempotency key.
        var before = await TotalLeadsAsync(gateway, timeout.Token);

        var lead = new StringContent($$"""
            {"idempotencyKey": "{{Guid.NewGuid()}}", "channel": "LEAD_CHANNEL_WEB_FORM", "name": "王磊",
             "phone": "+86 138-0013-8000", "company": "杭州某某医疗器械有限公司", "city": "杭州"}
            """, Encoding.UTF8, "application/json");
        using var posted = await SendUntilAnsweredAsync(() => gateway.PostAsync("/api/v1/leads", lead, timeout.Token), timeout.Token);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        // Eventually consistent: poll the read model through the gateway, bounded.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var after = before;
        while (after != before + 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, timeout.Token);
            after = await TotalLeadsAsync(gateway, timeout.Token);
        }
        Assert.Equal(before + 1, after);

        foreach (var path in new[] { "/api/v1/activities/pipeline-stages", "/api/v1/attribution/role-model", "/api/v1/revenue/bases" })
        {
            using var response = await SendUntilAnsweredAsync(() => gateway.GetAsync(path, timeout.Token), timeout.Token);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(timeout.Token)}");
        }
    }

    internal static async Task<long> TotalLeadsAsync(HttpClient gateway, CancellationToken cancellationToken)
    {
        using var response = await SendUntilAnsweredAsync(() => gateway.GetAsync("/api/v1/insights/lead-intake", cancellationToken), cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        // proto3 JSON writes int64 as a string.
        return long.Parse(json.RootElement.GetProperty("totalLeads").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Repeats a request answered 503/504 (service warming up) for up to 90 s; any other answer is returned.</summary>
    internal static async Task<HttpResponseMessage> SendUntilAnsweredAsync(Func<Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var response = await send();
            if (response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout) || DateTime.UtcNow > deadline)
                return response;
            response.Dispose();
            await Task.Delay(500, cancellationToken);
        }
    }
}
