using System.Net;
using Grpc.Net.Client;
using SalesMesh.Grpc.Tests.Contracts;
using SalesMesh.Grpc.Tests.Infrastructure;

namespace SalesMesh.Grpc.Tests;

/// <summary>Malformed requests at the HTTP/2 level: each gets a specific error and the server keeps serving on the same connection.</summary>
public sealed class RawProtocolTests : IAsyncLifetime
{
    private const string UnaryPath = "/salesmesh.grpctest.v1.Echo/Unary";
    private TestServer _server = null!;
    private HttpMessageInvoker _invoker = null!;
    private Echo.EchoClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(o => o.MaxReceiveMessageSize = 1024, withHttp1Endpoint: true);
        var handler = GrpcChannel.CreateDefaultHandler();
        _invoker = new HttpMessageInvoker(handler);
        // The good calls share the raw requests' handler, so "same connection" is observable.
        _client = new Echo.EchoClient(GrpcChannel.ForAddress(_server.Address, new GrpcChannelOptions { HttpHandler = handler }));
    }

    public async Task DisposeAsync()
    {
        _invoker.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<string> ConnectionOfGoodCallAsync() => (await _client.UnaryAsync(new EchoRequest { Text = "ok" })).ConnectionId;

    [Fact]
    public async Task Truncated_message_is_internal_and_connection_is_reused()
    {
        var before = await ConnectionOfGoodCallAsync();
        var framed = RawGrpc.Frame(new EchoRequest { Text = "truncated message body" });
        var truncated = framed[..^4];

        using var response = await _invoker.SendAsync(RawGrpc.Request(_server.Address, UnaryPath, new ByteArrayContent(truncated)), default);
        var (_, status, message) = await RawGrpc.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("13", status);
        Assert.Contains("Incomplete message", message);
        Assert.Equal(before, await ConnectionOfGoodCallAsync());
    }

    [Fact]
    public async Task Oversized_length_prefix_is_rejected_before_the_body_is_read()
    {
        var before = await ConnectionOfGoodCallAsync();
        // Prefix announces 1 MB (limit is 1 KB); the body is never sent until we release it.
        var prefix = new byte[] { 0, 0, 0x10, 0, 0 };
        var release = new TaskCompletionSource();
        var content = new ControlledContent(prefix, release.Task);

        using var response = await _invoker.SendAsync(RawGrpc.Request(_server.Address, UnaryPath, content), default).WaitAsync(TimeSpan.FromSeconds(10));
        var status = RawGrpc.Header(response, "grpc-status");
        release.SetResult();

        Assert.Equal("8", status); // RESOURCE_EXHAUSTED, answered while the client still held the body back
        Assert.Equal(5, content.BytesOffered); // only the prefix existed when the server answered
        Assert.Contains("exceeds the maximum", Uri.UnescapeDataString(RawGrpc.Header(response, "grpc-message")!));
        Assert.Equal(before, await ConnectionOfGoodCallAsync());
    }

    [Fact]
    public async Task Wrong_content_type_is_415()
    {
        var before = await ConnectionOfGoodCallAsync();

        using var response = await _invoker.SendAsync(RawGrpc.Request(_server.Address, UnaryPath, new StringContent("{}"), "application/json"), default);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("13", RawGrpc.Header(response, "grpc-status"));
        Assert.Equal(before, await ConnectionOfGoodCallAsync());
    }

    [Theory]
    [InlineData("/no.such.Service/Method", "Service is unimplemented")]
    [InlineData("/salesmesh.grpctest.v1.Echo/NoSuchMethod", "Method is unimplemented")]
    public async Task Unknown_service_or_method_is_unimplemented_trailers_only(string path, string expected)
    {
        var before = await ConnectionOfGoodCallAsync();

        using var response = await _invoker.SendAsync(RawGrpc.Request(_server.Address, path, new ByteArrayContent(RawGrpc.Frame(new EchoRequest()))), default);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(body);
        Assert.True(response.Headers.TryGetValues("grpc-status", out var statusInHeaders)); // trailers-only: status in headers
        Assert.Equal("12", Assert.Single(statusInHeaders));
        Assert.Contains(expected, Uri.UnescapeDataString(RawGrpc.Header(response, "grpc-message")!));
        Assert.Equal(before, await ConnectionOfGoodCallAsync());
    }

    [Fact]
    public async Task Unknown_method_through_generated_style_client_is_unimplemented()
    {
        var method = new global::Grpc.Core.Method<EchoRequest, EchoReply>(global::Grpc.Core.MethodType.Unary, "salesmesh.grpctest.v1.Echo", "Missing",
            global::Grpc.Core.Marshallers.Create<EchoRequest>(r => Google.Protobuf.MessageExtensions.ToByteArray(r), EchoRequest.Parser.ParseFrom),
            global::Grpc.Core.Marshallers.Create<EchoReply>(r => Google.Protobuf.MessageExtensions.ToByteArray(r), EchoReply.Parser.ParseFrom));
        var invoker = GrpcChannel.ForAddress(_server.Address).CreateCallInvoker();

        var ex = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(() => invoker.AsyncUnaryCall(method, null, default, new EchoRequest()).ResponseAsync);

        Assert.Equal(global::Grpc.Core.StatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public async Task Http1_request_gets_426_and_server_keeps_serving()
    {
        using var http1 = new HttpClient();
        var request = RawGrpc.Request(_server.Http1Address!, UnaryPath, new ByteArrayContent(RawGrpc.Frame(new EchoRequest())), version: HttpVersion.Version11);

        using var response = await http1.SendAsync(request);

        Assert.Equal(HttpStatusCode.UpgradeRequired, response.StatusCode);
        Assert.Equal("13", RawGrpc.Header(response, "grpc-status"));
        Assert.Equal("ok", (await _client.UnaryAsync(new EchoRequest { Text = "ok" })).Text);
    }

    [Fact]
    public async Task Non_grpc_post_to_unknown_path_is_plain_404_not_grpc()
    {
        using var response = await _invoker.SendAsync(RawGrpc.Request(_server.Address, "/some/path", new StringContent("x"), "text/plain"), default);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(RawGrpc.Header(response, "grpc-status"));
    }

    [Fact]
    public async Task Extra_data_after_unary_message_is_internal()
    {
        var framed = RawGrpc.Frame(new EchoRequest { Text = "a" });
        var twice = framed.Concat(framed).ToArray();

        using var response = await _invoker.SendAsync(RawGrpc.Request(_server.Address, UnaryPath, new ByteArrayContent(twice)), default);
        var (_, status, _) = await RawGrpc.ReadAsync(response);

        Assert.Equal("13", status);
        Assert.Equal("ok", (await _client.UnaryAsync(new EchoRequest { Text = "ok" })).Text);
    }

    [Fact]
    public async Task Compressed_flag_without_encoding_is_internal()
    {
        using var response = await _invoker.SendAsync(RawGrpc.Request(_server.Address, UnaryPath, new ByteArrayContent(RawGrpc.Frame(new EchoRequest(), compressedFlag: true))), default);
        var (_, status, _) = await RawGrpc.ReadAsync(response);

        Assert.Equal("13", status);
    }

    [Fact]
    public async Task Unknown_request_encoding_is_unimplemented_with_accept_encoding()
    {
        var request = RawGrpc.Request(_server.Address, UnaryPath, new ByteArrayContent(RawGrpc.Frame(new EchoRequest(), compressedFlag: true)));
        request.Headers.TryAddWithoutValidation("grpc-encoding", "snappy");

        using var response = await _invoker.SendAsync(request, default);
        var (_, status, _) = await RawGrpc.ReadAsync(response);

        Assert.Equal("12", status);
        Assert.Contains("gzip", RawGrpc.Header(response, "grpc-accept-encoding"));
    }
}
