using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using SalesMesh.Grpc.Tests.Contracts;
using SalesMesh.Grpc.Tests.Infrastructure;

namespace SalesMesh.Grpc.Tests;

public sealed class CompressionAndLimitTests
{
    private static readonly ByteString Compressible = ByteString.CopyFrom(new byte[64 * 1024]);

    [Fact]
    public async Task Server_compresses_responses_when_the_client_accepts_gzip()
    {
        await using var server = await TestServer.StartAsync(o => o.ResponseCompressionAlgorithm = "gzip");
        using var invoker = RawGrpc.Http2Invoker();
        var request = RawGrpc.Request(server.Address, "/salesmesh.grpctest.v1.Echo/Unary", new ByteArrayContent(RawGrpc.Frame(new EchoRequest { Payload = Compressible })));
        request.Headers.TryAddWithoutValidation("grpc-accept-encoding", "identity,gzip");

        using var response = await invoker.SendAsync(request, default);
        var (body, status, _) = await RawGrpc.ReadAsync(response);

        Assert.Equal("0", status);
        Assert.Equal("gzip", RawGrpc.Header(response, "grpc-encoding"));
        Assert.Equal(1, body[0]); // compressed flag
        Assert.True(body.Length < 2 * 1024, $"compressed body was {body.Length} bytes");
    }

    [Fact]
    public async Task Server_does_not_compress_for_clients_that_do_not_accept_it()
    {
        await using var server = await TestServer.StartAsync(o => o.ResponseCompressionAlgorithm = "gzip");
        using var invoker = RawGrpc.Http2Invoker();
        var request = RawGrpc.Request(server.Address, "/salesmesh.grpctest.v1.Echo/Unary", new ByteArrayContent(RawGrpc.Frame(new EchoRequest { Payload = Compressible })));

        using var response = await invoker.SendAsync(request, default);
        var (body, _, _) = await RawGrpc.ReadAsync(response);

        Assert.Null(RawGrpc.Header(response, "grpc-encoding"));
        Assert.Equal(0, body[0]);
    }

    [Fact]
    public async Task Client_decompresses_gzip_responses_and_can_compress_requests()
    {
        await using var server = await TestServer.StartAsync(o => o.ResponseCompressionAlgorithm = "gzip");
        var client = server.CreateClient();
        var headers = new Metadata { { "grpc-internal-encoding-request", "gzip" } };

        var reply = await client.UnaryAsync(new EchoRequest { Mode = "encoding", Payload = Compressible }, headers);

        Assert.Equal("gzip", reply.Text); // the server saw a gzip request
        Assert.Equal(Compressible, reply.Payload); // and the gzip response decoded intact
    }

    [Fact]
    public async Task Compressed_streaming_in_both_directions()
    {
        await using var server = await TestServer.StartAsync(o => o.ResponseCompressionAlgorithm = "gzip");
        var client = server.CreateClient();
        using var call = client.Duplex(new Metadata { { "grpc-internal-encoding-request", "gzip" } });

        for (var i = 0; i < 3; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = $"z{i}", Payload = Compressible });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(Compressible, call.ResponseStream.Current.Payload);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
    }

    [Fact]
    public async Task Server_rejects_requests_over_its_receive_limit()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxReceiveMessageSize = 1024);
        var client = server.CreateClient();

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest { Payload = ByteString.CopyFrom(new byte[2048]) }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal("ok", (await client.UnaryAsync(new EchoRequest { Text = "ok" })).Text);
    }

    [Fact]
    public async Task Server_refuses_to_send_responses_over_its_send_limit()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxSendMessageSize = 1024);
        var client = server.CreateClient();

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest { Mode = "big", Count = 4096 }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task Client_rejects_responses_over_its_receive_limit()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(new GrpcChannelOptions { MaxReceiveMessageSize = 1024 });

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest { Mode = "big", Count = 4096 }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal("ok", (await client.UnaryAsync(new EchoRequest { Text = "ok" })).Text);
    }

    [Fact]
    public async Task Client_refuses_to_send_requests_over_its_send_limit()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(new GrpcChannelOptions { MaxSendMessageSize = 1024 });

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest { Payload = ByteString.CopyFrom(new byte[4096]) }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task Default_receive_limit_is_4_mb()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        var ok = await client.UnaryAsync(new EchoRequest { Payload = ByteString.CopyFrom(new byte[3 * 1024 * 1024]) });
        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest { Payload = ByteString.CopyFrom(new byte[5 * 1024 * 1024]) }).ResponseAsync);

        Assert.Equal(3 * 1024 * 1024, ok.Payload.Length);
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task Non_grpc_http_errors_map_to_grpc_status()
    {
        await using var server = await TestServer.StartAsync(map: app =>
            Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapPost(app, "/salesmesh.grpctest.v1.Relay/Forward",
                (Microsoft.AspNetCore.Http.HttpContext c) => { c.Response.StatusCode = 503; return Task.CompletedTask; }));
        var client = new Relay.RelayClient(server.CreateChannel());

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.ForwardAsync(new EchoRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Contains("503", ex.Status.Detail);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (HttpStatusCode)503);
    }
}
