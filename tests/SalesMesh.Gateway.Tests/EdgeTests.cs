using System.Net;
using System.Text.Json;
using SalesMesh.Gateway.Tests.Support;

namespace SalesMesh.Gateway.Tests;

/// <summary>Security headers, CORS, the OpenAPI document and the web console hosting.</summary>
[Collection(GatewayCollection.Name)]
public sealed class EdgeTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Every_answer_carries_the_security_headers()
    {
        using var api = await fixture.Gateway.Http.GetAsync("/api/v1/probe/whoami");
        using var error = await fixture.Gateway.Http.GetAsync("/api/v1/probe/fail/5");
        foreach (var response in new[] { api, error })
        {
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        }
    }

    [Fact]
    public async Task CORS_admits_configured_origins_only()
    {
        await using var gateway = await fixture.StartGatewayAsync(new Dictionary<string, string> { ["Gateway:Cors:AllowedOrigins:0"] = "https://app.example.cn" });

        async Task<HttpResponseMessage> PreflightAsync(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/leads");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
            return await gateway.Http.SendAsync(request);
        }

        using var allowed = await PreflightAsync("https://app.example.cn");
        using var other = await PreflightAsync("https://evil.example.com");
        Assert.Equal("https://app.example.cn", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_route_from_the_descriptors_with_proto_comments()
    {
        using var response = await fixture.Gateway.Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        Assert.StartsWith("3.", root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = root.GetProperty("paths");

        var intake = paths.GetProperty("/api/v1/leads").GetProperty("post");
        Assert.Contains("LR-1", intake.GetProperty("description").GetString(), StringComparison.Ordinal); // the proto comment
        Assert.Equal("#/components/schemas/salesmesh.leadrouting.v1.IntakeLeadRequest",
            intake.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());

        var getThing = paths.GetProperty("/api/v1/probe/things/{thingId}").GetProperty("get");
        var parameters = getThing.GetProperty("parameters").EnumerateArray().Select(p => (p.GetProperty("name").GetString(), p.GetProperty("in").GetString())).ToList();
        Assert.Contains(("thingId", "path"), parameters);
        Assert.Contains(("window.start", "query"), parameters);
        Assert.Contains(("tags", "query"), parameters);
        Assert.True(paths.GetProperty("/api/v1/probe/things:watch").GetProperty("get").GetProperty("x-sse").GetBoolean());

        var schemas = root.GetProperty("components").GetProperty("schemas");
        Assert.Equal(["COLOR_UNSPECIFIED", "COLOR_RED", "COLOR_BLUE"],
            schemas.GetProperty("salesmesh.gatewaytest.v1.Color").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("string", schemas.GetProperty("salesmesh.gatewaytest.v1.Thing").GetProperty("properties").GetProperty("big").GetProperty("type").GetString());
        Assert.True(paths.TryGetProperty("/api/v1/auth/sign-in", out _));
    }

    [Fact]
    public async Task The_console_is_served_with_SPA_fallback_and_API_paths_never_get_its_HTML()
    {
        var root = Directory.CreateTempSubdirectory("gateway-web-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "assets"));
        await File.WriteAllTextAsync(Path.Combine(root, "index.html"), "<!doctype html><title>SalesMesh 控制台</title>");
        await File.WriteAllTextAsync(Path.Combine(root, "assets", "app-1a2b.js"), "console.log('hi')");
        await using var gateway = await fixture.StartGatewayAsync(new Dictionary<string, string> { ["Gateway:WebRoot"] = root });

        using var home = await gateway.Http.GetAsync("/");
        using var deepLink = await gateway.Http.GetAsync("/leads/123/history");
        using var asset = await gateway.Http.GetAsync("/assets/app-1a2b.js");
        using var missingAsset = await gateway.Http.GetAsync("/assets/nope.js");
        using var api = await gateway.Http.GetAsync("/api/v1/nothing-here");

        Assert.Contains("SalesMesh 控制台", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("SalesMesh 控制台", await deepLink.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("text/html", deepLink.Content.Headers.ContentType?.MediaType);
        Assert.Equal("console.log('hi')", await asset.Content.ReadAsStringAsync());
        Assert.Contains("immutable", asset.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missingAsset.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Without_a_console_build_the_home_page_says_how_to_make_one()
    {
        await using var gateway = await fixture.StartGatewayAsync(new Dictionary<string, string> { ["Gateway:WebRoot"] = "/nonexistent/web/dist" });
        using var home = await gateway.Http.GetAsync("/");

        Assert.Equal(HttpStatusCode.NotFound, home.StatusCode);
        Assert.Equal("text/html", home.Content.Headers.ContentType?.MediaType);
        Assert.Contains("npm run build", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
