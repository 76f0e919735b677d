using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Hosting.Processes;
using SalesMesh.LeadRouting.Data;
using SalesMesh.Services.Tests.Support;
using SalesMesh.Testing;

namespace SalesMesh.Services.Tests.Gateway;

/// <summary>REST/JSON at the gateway → gRPC to the services → events → read model, and every bad input as problem+json.</summary>
public sealed class GatewayRestTests(InfrastructureFixture infra) : IClassFixture<InfrastructureFixture>
{
    [Fact]
    public async Task A_lead_posted_as_JSON_is_taken_in_over_gRPC_and_appears_in_the_intake_counts()
    {
        var bus = await Mesh.NewBusAsync(infra);
        await using var insights = await Mesh.StartInsightsAsync(infra, bus);
        await using var leadRouting = await Mesh.StartLeadRoutingAsync(infra, bus);
        await using var gateway = await Mesh.StartGatewayAsync(new Dictionary<string, string>
        {
            ["lead-routing"] = leadRouting.GrpcUrl,
            ["insights"] = insights.GrpcUrl,
        });

        using var response = await PostJsonAsync(gateway, """
            {"idempotencyKey": "dm-20261122-0001", "channel": "LEAD_CHANNEL_DOUYIN_DM", "name": "李娜",
             "phone": "135 0013 5000", "payload": {"dmId": "abc-123", "text": "想了解骨科设备"}}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var leadId = body.RootElement.GetProperty("leadId").GetProperty("value").GetString()!;
        Assert.False(body.RootElement.GetProperty("replayed").GetBoolean());
        var stored = await leadRouting.QueryAsync<LeadRoutingDbContext, LeadRecord>(db => db.Leads.SingleAsync(l => l.Id == Guid.Parse(leadId)));
        Assert.Equal("douyin-dm", stored.Channel);
        Assert.Contains("abc-123", stored.Payload, StringComparison.Ordinal); // the channel's raw record is kept (LR-1)

        JsonElement counts = default;
        await Eventually.TrueAsync(async () =>
        {
            using var stats = await gateway.Http.GetAsync("/api/v1/insights/lead-intake");
            Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
            counts = JsonDocument.Parse(await stats.Content.ReadAsStringAsync()).RootElement.Clone();
            return counts.GetProperty("totalLeads").GetString() == "1";
        }, "the lead to be counted by Insights, read through the gateway");
        var channel = Assert.Single(counts.GetProperty("channels").EnumerateArray());
        Assert.Equal("LEAD_CHANNEL_DOUYIN_DM", channel.GetProperty("channel").GetString());
        Assert.Equal("1", channel.GetProperty("leadCount").GetString());
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "no contact", """{"idempotencyKey": "k-1", "channel": "LEAD_CHANNEL_WEB_FORM", "name": "王磊"}""", "phone,email" },
        { "channel number unknown to the service", """{"idempotencyKey": "k-2", "channel": 99, "phone": "13800138000"}""", "channel" },
        { "malformed e-mail", """{"idempotencyKey": "k-3", "channel": "LEAD_CHANNEL_WECHAT", "email": "no-at-sign"}""", "email" },
        { "malformed JSON", """{"idempotencyKey": "k-4", """, "body" },
        { "unknown field (typo)", """{"idempotencyKey": "k-5", "channel": "LEAD_CHANNEL_WEB_FORM", "phon": "13800138000"}""", "body" },
        { "unknown channel name", """{"idempotencyKey": "k-6", "channel": "CARRIER_PIGEON", "phone": "13800138000"}""", "body" },
        { "wrong type", """{"idempotencyKey": 42, "channel": "LEAD_CHANNEL_WEB_FORM", "phone": "13800138000"}""", "body" },
        { "empty body", "", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_is_a_400_problem_json_with_field_errors_and_stores_nothing(string why, string json, string fields)
    {
        await using var leadRouting = await Mesh.StartLeadRoutingAsync(infra, await Mesh.NewBusAsync(infra));
        await using var gateway = await Mesh.StartGatewayAsync(new Dictionary<string, string> { ["lead-routing"] = leadRouting.GrpcUrl });

        using var response = await PostJsonAsync(gateway, json);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: expected 400, got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Equal(fields.Split(',').Order(), errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.All(errors.EnumerateObject(), e => Assert.NotEqual(0, e.Value.GetArrayLength()));
        Assert.Equal(0, await leadRouting.QueryAsync<LeadRoutingDbContext, int>(db => db.Leads.CountAsync()));
    }

    [Fact]
    public async Task Wrong_media_type_oversized_body_and_bad_query_values_get_their_own_statuses()
    {
        await using var leadRouting = await Mesh.StartLeadRoutingAsync(infra, await Mesh.NewBusAsync(infra));
        await using var gateway = await Mesh.StartGatewayAsync(new Dictionary<string, string>
        {
            ["lead-routing"] = leadRouting.GrpcUrl,
            ["insights"] = "http://127.0.0.1:1", // never reached: the query is refused first
        });

        using var text = await gateway.Http.PostAsync("/api/v1/leads", new StringContent("phone=138", Encoding.UTF8, "text/plain"));
        var huge = "{\"idempotencyKey\": \"k\", \"name\": \"" + new string('x', 2 * 1024 * 1024) + "\"}";
        using var oversized = await PostJsonAsync(gateway, huge);
        using var badTime = await gateway.Http.GetAsync("/api/v1/insights/lead-intake?range.start=yesterday");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badTime.StatusCode);
        Assert.Equal("application/problem+json", badTime.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await badTime.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("range.start", out _));
        Assert.Equal(0, await leadRouting.QueryAsync<LeadRoutingDbContext, int>(db => db.Leads.CountAsync()));
    }

    [Fact]
    public async Task A_service_that_is_down_is_a_503_problem_not_a_500()
    {
        var closedPort = PortAllocator.Allocate(); // allocated, never listened on
        await using var gateway = await Mesh.StartGatewayAsync(new Dictionary<string, string> { ["lead-routing"] = $"http://127.0.0.1:{closedPort}" });

        using var response = await PostJsonAsync(gateway, """{"idempotencyKey": "k", "channel": "LEAD_CHANNEL_WEB_FORM", "phone": "13800138000"}""");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_and_liveness_answer_on_the_gateway()
    {
        await using var gateway = await Mesh.StartGatewayAsync(new Dictionary<string, string>());

        using var health = await gateway.Http.GetAsync("/health");
        using var alive = await gateway.Http.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    private static Task<HttpResponseMessage> PostJsonAsync(ServiceHost gateway, string json) =>
        gateway.Http.PostAsync("/api/v1/leads", new StringContent(json, Encoding.UTF8, "application/json"));
}
