using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMesh.Gateway.Tests.Support;
using SalesMesh.LeadRouting.Data;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.Gateway.Tests;

/// <summary>Path variables, query parameters and bodies become request fields; responses come back as protobuf JSON.</summary>
[Collection(GatewayCollection.Name)]
public sealed class TranscodingTests(GatewayFixture fixture)
{
    private HttpClient Http => fixture.Gateway.Http;

    [Fact]
    public async Task Path_variable_and_query_parameters_fill_the_request_fields()
    {
        using var response = await Http.GetAsync("/api/v1/probe/things/t-42?verbose=true&tags=a&tags=b&color=COLOR_BLUE&window.start=2026-11-01T00:00:00Z&window.limit=5");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var thing = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = thing.RootElement;
        Assert.Equal("t-42", root.GetProperty("thingId").GetProperty("value").GetString());
        Assert.True(root.GetProperty("verbose").GetBoolean());
        Assert.Equal(["a", "b"], root.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("COLOR_BLUE", root.GetProperty("color").GetString()); // enums by name
        Assert.Equal("2026-11-01T00:00:00Z", root.GetProperty("since").GetString());
        Assert.Equal(5, root.GetProperty("limit").GetInt32());
        Assert.Equal("9007199254740993", root.GetProperty("big").GetString()); // int64 as a string, no precision lost
        Assert.Equal("", root.GetProperty("name").GetString()); // defaults are written
    }

    [Fact]
    public async Task Json_field_names_proto_names_and_enum_numbers_are_accepted_in_the_query()
    {
        using var response = await Http.GetAsync("/api/v1/probe/things/x?color=1&window.limit=3");
        using var thing = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("COLOR_RED", thing.RootElement.GetProperty("color").GetString());
        Assert.Equal(3, thing.RootElement.GetProperty("limit").GetInt32());
    }

    [Fact]
    public async Task A_body_field_fills_one_request_field_and_response_body_answers_with_one_response_field()
    {
        using var response = await Http.PatchAsync("/api/v1/probe/things/t-7/name", Json("""{"name": "新名字"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var thing = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("t-7", thing.RootElement.GetProperty("thingId").GetProperty("value").GetString());
        Assert.Equal("新名字", thing.RootElement.GetProperty("name").GetString());
        Assert.False(thing.RootElement.TryGetProperty("version", out _)); // only the response_body field
    }

    [Fact]
    public async Task A_custom_verb_with_body_star_binds_body_and_path()
    {
        using var response = await Http.PostAsync("/api/v1/probe/things/t-9:archive", Json("""{"reason": "duplicate"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var thing = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("t-9", thing.RootElement.GetProperty("thingId").GetProperty("value").GetString());
        Assert.Equal("archived: duplicate", thing.RootElement.GetProperty("name").GetString());
    }

    public static TheoryData<string, string> BadQueries => new()
    {
        { "/api/v1/probe/things/x?window.limit=abc", "window.limit" },
        { "/api/v1/probe/things/x?color=COLOR_PURPLE", "color" },
        { "/api/v1/probe/things/x?verbose=maybe", "verbose" },
        { "/api/v1/probe/things/x?window.start=yesterday", "window.start" },
        { "/api/v1/probe/things/x?colour=COLOR_RED", "colour" },
        { "/api/v1/probe/things/x?window.limit=1&window.limit=2", "window.limit" },
        { "/api/v1/probe/things/x?window=1", "window" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task A_bad_query_value_is_a_400_naming_the_parameter(string url, string parameter)
    {
        using var response = await Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal([parameter], problem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task Several_bad_parameters_are_all_listed()
    {
        using var response = await Http.GetAsync("/api/v1/probe/things/x?window.limit=abc&color=NOPE&extra=1");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["color", "extra", "window.limit"], problem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
    }

    [Fact]
    public async Task A_lead_posted_as_JSON_is_taken_in_by_LeadRouting()
    {
        var key = "gw-" + Guid.NewGuid().ToString("N");
        using var desk = await fixture.ClientForAsync(await fixture.CreateUserAsync([CallerRoles.Rep]));
        using var response = await desk.PostAsync("/api/v1/leads", Json($$"""
            {"idempotencyKey": "{{key}}", "channel": "LEAD_CHANNEL_DOUYIN_DM", "name": "李娜",
             "phone": "135 0013 5000", "payload": {"dmId": "abc-123"} }
            """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var leadId = Guid.Parse(body.RootElement.GetProperty("leadId").GetProperty("value").GetString()!);
        Assert.False(body.RootElement.GetProperty("replayed").GetBoolean());
        await using var scope = fixture.LeadRouting.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<LeadRoutingDbContext>().Leads.SingleAsync(l => l.Id == leadId);
        Assert.Equal(key, stored.IdempotencyKey);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"idempotencyKey": "k-4", """, "body" },
        { """{"idempotencyKey": "k-5", "channel": "LEAD_CHANNEL_WEB_FORM", "phon": "13800138000"}""", "body" },
        { """{"idempotencyKey": "k-6", "channel": "CARRIER_PIGEON", "phone": "13800138000"}""", "body" },
        { """{"idempotencyKey": 42, "channel": "LEAD_CHANNEL_WEB_FORM", "phone": "13800138000"}""", "body" },
        { "", "body" },
        { "[1, 2]", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_body_the_gateway_cannot_read_is_a_400_and_reaches_no_service(string json, string field)
    {
        var before = await LeadCountAsync();
        using var response = await Http.PostAsync("/api/v1/leads", Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out var messages));
        Assert.NotEqual(0, messages.GetArrayLength());
        Assert.Equal(before, await LeadCountAsync());
    }

    [Fact]
    public async Task Wrong_media_type_and_oversized_bodies_get_415_and_413()
    {
        var before = await LeadCountAsync();
        using var text = await Http.PostAsync("/api/v1/leads", new StringContent("phone=138", Encoding.UTF8, "text/plain"));
        using var oversized = await Http.PostAsync("/api/v1/leads", Json("{\"idempotencyKey\": \"k\", \"name\": \"" + new string('x', 2 * 1024 * 1024) + "\"}"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        Assert.Equal("application/problem+json", oversized.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await LeadCountAsync());
    }

    [Fact]
    public async Task Activities_answers_its_pipeline_through_the_gateway()
    {
        using var response = await Http.GetAsync("/api/v1/activities/pipeline-stages");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.NotEqual(0, body.RootElement.GetProperty("stages").GetArrayLength());
    }

    [Fact]
    public async Task Accept_Language_reaches_the_service()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/probe/whoami");
        request.Headers.AcceptLanguage.ParseAdd("en-US");
        using var response = await Http.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("en-US", body.RootElement.GetProperty("acceptLanguage").GetString());
        Assert.False(body.RootElement.GetProperty("hadToken").GetBoolean()); // anonymous: no identity is claimed
    }

    private async Task<int> LeadCountAsync()
    {
        await using var scope = fixture.LeadRouting.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LeadRoutingDbContext>().Leads.CountAsync();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
