using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using SalesMesh.Grpc.Interop.Tests.Infrastructure;
using SalesMesh.Grpc.Interop.Tests.V1;

namespace SalesMesh.Grpc.Interop.Tests;

/// <summary>Our CLIENT (GrpcChannel) against an @grpc/grpc-js server (node/server.js).</summary>
public sealed class OurClientAgainstGrpcJsServerTests(GrpcJsServerFixture node) : IClassFixture<GrpcJsServerFixture>, IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(node.Address);

    private InteropService.InteropServiceClient Client => new(_channel);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task Unary_call_returns_the_answer_headers_and_binary_trailer()
    {
        using var call = Client.EchoAsync(new EchoRequest { Text = "你好, grpc-js" });

        var response = await call;
        var headers = await call.ResponseHeadersAsync;

        Assert.Equal("你好, grpc-js", response.Text);
        Assert.Equal("from-grpc-js", headers.GetValue("x-interop-reply"));
        Assert.Equal(new byte[] { 0xde, 0xad, 0xbe, 0xef }, call.GetTrailers().GetValueBytes("x-interop-trailer-bin"));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Text_and_binary_metadata_arrive_exactly()
    {
        var headers = new Metadata { { "x-interop-text", "plain-ascii" }, { "x-interop-bin", new byte[] { 0x00, 0x01, 0xfe, 0xff } } };

        var response = await Client.EchoAsync(new EchoRequest { Text = "md" }, headers);

        Assert.Equal(["x-interop-bin=AAH+/w==", "x-interop-text=plain-ascii"], response.SeenMetadata);
    }

    [Fact]
    public async Task Server_streaming_reads_every_message_in_order()
    {
        using var call = Client.Count(new CountRequest { Count = 5 });

        var indexes = new List<int>();
        await foreach (var item in call.ResponseStream.ReadAllAsync())
        {
            indexes.Add(item.Index);
        }

        Assert.Equal([1, 2, 3, 4, 5], indexes);
    }

    [Fact]
    public async Task Client_streaming_sends_all_messages()
    {
        using var call = Client.Sum();
        for (var i = 1; i <= 100; i++)
        {
            await call.RequestStream.WriteAsync(new SumRequest { Value = i });
        }

        await call.RequestStream.CompleteAsync();
        var response = await call;

        Assert.Equal(5050, response.Total);
        Assert.Equal(100, response.Count);
    }

    [Fact]
    public async Task Bidi_streaming_ping_pong_gets_each_answer_before_sending_the_next()
    {
        using var call = Client.Chat();
        var answers = new List<string>();
        for (var seq = 1; seq <= 5; seq++)
        {
            await call.RequestStream.WriteAsync(new ChatMessage { Text = $"m{seq}", Seq = seq });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None), $"no answer to message {seq}");
            answers.Add(call.ResponseStream.Current.Text);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(["echo:m1", "echo:m2", "echo:m3", "echo:m4", "echo:m5"], answers);
    }

    [Fact]
    public async Task Rich_error_is_decoded_from_grpc_status_details_bin()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.EchoAsync(new EchoRequest { FailCode = 3, FailMessage = "邮箱格式不正确 / bad e-mail: 100%", FailField = "email" }));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("邮箱格式不正确 / bad e-mail: 100%", ex.Status.Detail);
        var status = ex.GetRpcStatus();
        Assert.NotNull(status);
        Assert.Equal(3, status.Code);
        var badRequest = status.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        Assert.Equal("email", Assert.Single(badRequest.FieldViolations).Field);
    }

    [Fact]
    public async Task Deadline_fails_the_call_and_cancels_it_on_the_server()
    {
        var started = DateTime.UtcNow;

        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.EchoAsync(new EchoRequest { Text = "slow", DelayMs = 10_000 }, deadline: DateTime.UtcNow.AddMilliseconds(500)));

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
        Assert.NotNull(await node.WaitForEventAsync(e => Is(e, "cancelled", "Echo"), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Cancelling_a_server_stream_stops_it_on_the_server()
    {
        using var cts = new CancellationTokenSource();
        using var call = Client.Count(new CountRequest { Count = 1000, DelayMs = 20 }, cancellationToken: cts.Token);
        var received = 0;

        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in call.ResponseStream.ReadAllAsync())
            {
                if (++received == 3)
                {
                    cts.Cancel();
                }
            }
        });

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.Equal(3, received);
        Assert.NotNull(await node.WaitForEventAsync(e => Is(e, "cancelled", "Count"), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Gzip_compressed_request_is_understood_by_grpc_js()
    {
        var payload = ByteString.CopyFrom(Enumerable.Repeat((byte)'s', 200 * 1024).ToArray());
        var headers = new Metadata { { "grpc-internal-encoding-request", "gzip" } };

        var response = await Client.EchoAsync(new EchoRequest { Text = "gz", Payload = payload }, headers);

        Assert.Equal(payload, response.Payload);
    }

    [Fact]
    public async Task Three_megabyte_messages_pass_both_ways()
    {
        var payload = ByteString.CopyFrom(new byte[3 * 1024 * 1024]);

        var response = await Client.EchoAsync(new EchoRequest { Payload = payload, ResponseSize = 3 * 1024 * 1024 });

        Assert.Equal(3 * 1024 * 1024, response.Payload.Length);
        Assert.NotNull(await node.WaitForEventAsync(e => Is(e, "echo", null) && e.GetProperty("requestBytes").GetInt32() == 3 * 1024 * 1024, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Response_over_our_4_MB_receive_limit_fails_with_RESOURCE_EXHAUSTED()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.EchoAsync(new EchoRequest { ResponseSize = 5 * 1024 * 1024 }));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal("after", (await Client.EchoAsync(new EchoRequest { Text = "after" })).Text);
    }

    [Fact]
    public async Task Request_over_the_grpc_js_receive_limit_is_refused_with_RESOURCE_EXHAUSTED()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.EchoAsync(new EchoRequest { Payload = ByteString.CopyFrom(new byte[5 * 1024 * 1024]) }));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    private static bool Is(System.Text.Json.JsonElement e, string kind, string? method) =>
        e.TryGetProperty("event", out var k) && k.GetString() == kind &&
        (method is null || (e.TryGetProperty("method", out var m) && m.GetString() == method));
}
