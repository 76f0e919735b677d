using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using SalesMesh.Grpc.Tests.Contracts;
using SalesMesh.Grpc.Tests.Infrastructure;

namespace SalesMesh.Grpc.Tests;

public sealed class DeadlineAndCancellationTests
{
    [Theory]
    [InlineData("2H", 2 * 3600.0)]
    [InlineData("3M", 3 * 60.0)]
    [InlineData("40S", 40.0)]
    [InlineData("30000m", 30.0)]
    [InlineData("20000000u", 20.0)]
    [InlineData("25000000n", 0.025)]
    public async Task Grpc_timeout_is_parsed_in_every_unit(string header, double expectedSeconds)
    {
        await using var server = await TestServer.StartAsync();
        using var invoker = RawGrpc.Http2Invoker();
        var request = RawGrpc.Request(server.Address, "/salesmesh.grpctest.v1.Echo/Unary", new ByteArrayContent(RawGrpc.Frame(new EchoRequest { Text = "t" })));
        request.Headers.TryAddWithoutValidation("grpc-timeout", header);
        var sent = DateTime.UtcNow;

        using var response = await invoker.SendAsync(request, default);
        var (body, status, _) = await RawGrpc.ReadAsync(response);

        Assert.Equal("0", status);
        var reply = EchoReply.Parser.ParseFrom(body.AsSpan(5));
        var deadline = new DateTime(reply.DeadlineTicks, DateTimeKind.Utc);
        Assert.InRange((deadline - sent).TotalSeconds, expectedSeconds - 0.5, expectedSeconds + 5);
    }

    [Fact]
    public async Task Invalid_grpc_timeout_is_ignored()
    {
        await using var server = await TestServer.StartAsync();
        using var invoker = RawGrpc.Http2Invoker();
        var request = RawGrpc.Request(server.Address, "/salesmesh.grpctest.v1.Echo/Unary", new ByteArrayContent(RawGrpc.Frame(new EchoRequest())));
        request.Headers.TryAddWithoutValidation("grpc-timeout", "123456789S");

        using var response = await invoker.SendAsync(request, default);
        var (body, status, _) = await RawGrpc.ReadAsync(response);

        Assert.Equal("0", status);
        Assert.Equal(0, EchoReply.Parser.ParseFrom(body.AsSpan(5)).DeadlineTicks);
    }

    [Fact]
    public async Task Client_deadline_is_sent_and_seen_by_the_server()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);

        var reply = await client.UnaryAsync(new EchoRequest(), deadline: deadline);

        Assert.InRange(new DateTime(reply.DeadlineTicks, DateTimeKind.Utc), deadline.AddSeconds(-1), deadline.AddSeconds(3)); // transit time may add a little
    }

    [Fact]
    public async Task Handler_that_ignores_its_token_still_ends_deadline_exceeded()
    {
        await using var server = await TestServer.StartAsync();
        // Raw request so only the server's deadline can end the call (the client sets no timer of its own).
        using var invoker = RawGrpc.Http2Invoker();
        var request = RawGrpc.Request(server.Address, "/salesmesh.grpctest.v1.Echo/Unary", new ByteArrayContent(RawGrpc.Frame(new EchoRequest { Mode = "ignore-deadline", DelayMs = 3000 })));
        request.Headers.TryAddWithoutValidation("grpc-timeout", "200m");
        var watch = Stopwatch.StartNew();

        using var response = await invoker.SendAsync(request, default);
        var (_, status, _) = await RawGrpc.ReadAsync(response);

        Assert.Equal("4", status);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2.5), $"call took {watch.Elapsed}");
        Assert.True(await server.Probe.IgnoringHandlerFinished.Task.WaitAsync(TimeSpan.FromSeconds(10)), "handler's token was not cancelled by the deadline");
        // The client was answered at once, but the request (and its scoped services, e.g. a pooled
        // DbContext) lived until the handler returned.
        Assert.True(await server.Probe.IgnoringHandlerServicesAlive.Task.WaitAsync(TimeSpan.FromSeconds(10)), "request services were disposed under the running handler");
        Assert.Equal("ok", (await server.CreateClient().UnaryAsync(new EchoRequest { Text = "ok" })).Text);
    }

    [Fact]
    public async Task Deadline_cancels_the_handler_token_and_client_gets_deadline_exceeded()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();
        await client.UnaryAsync(new EchoRequest()); // warm up so the deadline covers the handler, not JIT

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest { Mode = "wait-cancel" }, deadline: DateTime.UtcNow.AddMilliseconds(500)).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        // Client and server deadlines expire together; whichever is first, the handler's token fires.
        Assert.NotNull(await server.Probe.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Server_deadline_alone_cancels_the_handler_token()
    {
        await using var server = await TestServer.StartAsync();
        using var invoker = RawGrpc.Http2Invoker();
        var request = RawGrpc.Request(server.Address, "/salesmesh.grpctest.v1.Echo/Unary", new ByteArrayContent(RawGrpc.Frame(new EchoRequest { Mode = "wait-cancel" })));
        request.Headers.TryAddWithoutValidation("grpc-timeout", "300m");

        using var response = await invoker.SendAsync(request, default);
        var (_, status, _) = await RawGrpc.ReadAsync(response);

        Assert.Equal("4", status);
        Assert.Equal("deadline", await server.Probe.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Deadline_already_passed_fails_without_calling_the_server()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest { Mode = "wait-cancel" }, deadline: DateTime.UtcNow.AddSeconds(-1)).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.False(server.Probe.HandlerStarted.Task.IsCompleted);
    }

    [Fact]
    public async Task Client_cancellation_gives_cancelled_and_cancels_the_server_handler()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();
        using var cts = new CancellationTokenSource();

        var call = client.UnaryAsync(new EchoRequest { Mode = "wait-cancel" }, cancellationToken: cts.Token);
        await server.Probe.HandlerStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        cts.Cancel();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
        Assert.Equal("cancelled", await server.Probe.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("ok", (await client.UnaryAsync(new EchoRequest { Text = "ok" })).Text);
    }

    [Fact]
    public async Task Cancellation_can_throw_operation_canceled_when_configured()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient(new GrpcChannelOptions { ThrowOperationCanceledOnCancellation = true });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.UnaryAsync(new EchoRequest { Mode = "wait-cancel" }, cancellationToken: cts.Token).ResponseAsync);
    }

    [Fact]
    public async Task Disposing_a_streaming_call_resets_the_stream_and_cancels_the_server()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        var call = client.ServerStream(new EchoRequest { Count = 1, Mode = "wait-cancel" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        await server.Probe.HandlerStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        call.Dispose();

        Assert.Equal("cancelled", await server.Probe.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
        Assert.Equal("ok", (await client.UnaryAsync(new EchoRequest { Text = "ok" })).Text);
    }

    [Fact]
    public async Task Client_that_disconnects_mid_stream_cancels_the_handler_and_server_keeps_serving()
    {
        await using var server = await TestServer.StartAsync();
        System.Net.Sockets.Socket? socket = null;
        var handler = GrpcChannel.CreateDefaultHandler();
        handler.ConnectCallback = async (context, token) =>
        {
            socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(context.DnsEndPoint, token);
            return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
        };
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { HttpHandler = handler });
        var client = new Echo.EchoClient(channel);

        var call = client.Duplex();
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "first" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        socket!.Close(); // drops the TCP connection under the open stream

        Assert.NotNull(await server.Probe.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("ok", (await server.CreateClient().UnaryAsync(new EchoRequest { Text = "ok" })).Text);
    }

    [Fact]
    public async Task Cancelling_a_read_on_a_duplex_stream_gives_cancelled()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();
        using var call = client.Duplex();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(cts.Token));

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }
}
