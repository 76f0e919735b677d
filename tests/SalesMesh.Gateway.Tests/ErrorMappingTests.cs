using System.Text.Json;
using SalesMesh.Gateway.Tests.Support;

namespace SalesMesh.Gateway.Tests;

/// <summary>gRPC status → HTTP status and problem+json; field violations as camelCase JSON paths.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ErrorMappingTests(GatewayFixture fixture)
{
    [Theory]
    [InlineData(1, 499)]   // CANCELLED
    [InlineData(2, 500)]   // UNKNOWN
    [InlineData(4, 504)]   // DEADLINE_EXCEEDED
    [InlineData(5, 404)]   // NOT_FOUND
    [InlineData(6, 409)]   // ALREADY_EXISTS
    [InlineData(7, 403)]   // PERMISSION_DENIED
    [InlineData(8, 429)]   // RESOURCE_EXHAUSTED
    [InlineData(9, 400)]   // FAILED_PRECONDITION
    [InlineData(10, 409)]  // ABORTED
    [InlineData(11, 400)]  // OUT_OF_RANGE
    [InlineData(12, 501)]  // UNIMPLEMENTED
    [InlineData(13, 500)]  // INTERNAL
    [InlineData(14, 503)]  // UNAVAILABLE
    [InlineData(15, 500)]  // DATA_LOSS
    [InlineData(16, 401)]  // UNAUTHENTICATED
    public async Task Each_gRPC_status_has_its_HTTP_status_as_problem_json(int grpcCode, int httpStatus)
    {
        using var response = await fixture.Gateway.Http.GetAsync($"/api/v1/probe/fail/{grpcCode}");

        Assert.Equal(httpStatus, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(httpStatus, problem.RootElement.GetProperty("status").GetInt32());
        // A client error explains itself; a server fault does not leak its internal message.
        Assert.Equal(httpStatus < 500, problem.RootElement.TryGetProperty("detail", out _));
    }

    [Fact]
    public async Task Invalid_argument_lists_every_bad_field_under_its_camelCase_JSON_path()
    {
        using var response = await fixture.Gateway.Http.GetAsync("/api/v1/probe/fail/3");

        Assert.Equal(400, (int)response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Equal(["rename.displayName", "thingId.value"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(["名称过长", "含非法字符"], errors.GetProperty("rename.displayName").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("InvalidArgument", problem.RootElement.GetProperty("grpcStatus").GetString());
    }

    [Fact]
    public async Task Problem_titles_are_Chinese_by_default_and_English_on_request()
    {
        using var zh = await fixture.Gateway.Http.GetAsync("/api/v1/probe/fail/5");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/probe/fail/5");
        request.Headers.AcceptLanguage.ParseAdd("en");
        using var en = await fixture.Gateway.Http.SendAsync(request);

        Assert.Equal("未找到。", JsonDocument.Parse(await zh.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
        Assert.Equal("Not found.", JsonDocument.Parse(await en.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_service_without_an_address_or_down_is_a_503_for_its_routes_only()
    {
        var closed = SalesMesh.Hosting.Processes.PortAllocator.Allocate(); // allocated, never listened on
        await using var gateway = await fixture.StartGatewayAsync(new Dictionary<string, string> { ["services:gatewaytest:grpc:0"] = $"http://127.0.0.1:{closed}" });

        using var down = await gateway.Http.GetAsync("/api/v1/probe/whoami");
        using var up = await gateway.Http.GetAsync("/api/v1/activities/pipeline-stages");
        using var unconfigured = await gateway.Http.GetAsync("/api/v1/revenue/bases");

        Assert.Equal(503, (int)down.StatusCode);
        Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(1), down.Headers.RetryAfter?.Delta);
        Assert.Equal(200, (int)up.StatusCode);
        Assert.Equal(503, (int)unconfigured.StatusCode);
    }
}
