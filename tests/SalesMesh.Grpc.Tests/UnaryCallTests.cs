using Grpc.Core;
using SalesMesh.Grpc.Tests.Contracts;
using SalesMesh.Grpc.Tests.Infrastructure;

namespace SalesMesh.Grpc.Tests;

public sealed class UnaryCallTests
{
    [Fact]
    public async Task Unary_call_round_trips_over_http2_and_reuses_the_connection()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        var first = await client.UnaryAsync(new EchoRequest { Text = "你好, gRPC" });
        var second = await client.UnaryAsync(new EchoRequest { Text = "again" });

        Assert.Equal("你好, gRPC", first.Text);
        Assert.Equal("again", second.Text);
        Assert.Equal(first.ConnectionId, second.ConnectionId);
    }

    [Fact]
    public async Task Blocking_unary_call_works()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        var reply = client.Unary(new EchoRequest { Text = "sync" });

        Assert.Equal("sync", reply.Text);
    }

    [Fact]
    public async Task Status_and_trailers_are_available_after_the_call()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        using var call = client.UnaryAsync(new EchoRequest { Text = "x" });
        await call;

        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.NotNull(call.GetTrailers());
    }
}
