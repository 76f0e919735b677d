using SalesMesh.Grpc.Interop.Tests.Infrastructure;

namespace SalesMesh.Grpc.Interop.Tests;

/// <summary>Server reflection on our server, used by an independent client: `buf curl`.</summary>
public sealed class ReflectionInteropTests(OurServerFixture server) : IClassFixture<OurServerFixture>
{
    [Theory]
    [InlineData("grpc-v1")]
    [InlineData("grpc-v1alpha")]
    public async Task Buf_curl_lists_every_mapped_service_through_either_reflection_version(string reflectProtocol)
    {
        var output = await Buf.CurlAsync("--reflect-protocol", reflectProtocol, "--list-services", server.BaseUri.ToString());

        var services = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("salesmesh.interop.v1.InteropService", services);
        Assert.Contains("salesmesh.leadrouting.v1.LeadRoutingService", services);
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.Contains("grpc.reflection.v1.ServerReflection", services);
        Assert.Contains("grpc.reflection.v1alpha.ServerReflection", services);
    }

    [Fact]
    public async Task Buf_curl_resolves_a_contract_with_transitive_imports()
    {
        // Listing methods makes buf download the service's file and every file it imports
        // (google/api/annotations.proto → descriptor.proto, struct, timestamp, common/v1 ids…);
        // a missing dependency fails the descriptor build inside buf.
        var output = await Buf.CurlAsync("--list-methods", server.BaseUri.ToString());

        Assert.Contains("salesmesh.leadrouting.v1.LeadRoutingService/IntakeLead", output);
    }

    [Fact]
    public async Task Buf_curl_calls_a_method_with_JSON_using_the_schema_from_reflection()
    {
        var output = await Buf.CurlAsync("-d", """{"text":"经由反射 via reflection","responseSize":0}""",
            $"{server.BaseUri}salesmesh.interop.v1.InteropService/Echo");

        var json = System.Text.Json.JsonDocument.Parse(output).RootElement;
        Assert.Equal("经由反射 via reflection", json.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Buf_curl_reports_a_rich_error_from_our_server()
    {
        await using var process = NodeProcess.StartBuf("curl", "--protocol", "grpc", "--http2-prior-knowledge",
            "-d", """{"failCode":5,"failMessage":"线索不存在 / lead not found","failField":"lead_id"}""",
            $"{server.BaseUri}salesmesh.interop.v1.InteropService/Echo");
        process.CloseInput();
        await process.ReadToEndAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("not_found", process.StandardError);
        Assert.Contains("线索不存在 / lead not found", process.StandardError);
        Assert.Contains("google.rpc.BadRequest", process.StandardError);
    }
}
