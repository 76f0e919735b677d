using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using SalesMesh.Grpc.Tests.Contracts;
using SalesMesh.Grpc.Tests.Infrastructure;

namespace SalesMesh.Grpc.Tests;

public sealed class StreamingCallTests
{
    [Fact]
    public async Task Server_streaming_delivers_every_message_in_order_then_ok()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        using var call = client.ServerStream(new EchoRequest { Text = "s", Count = 5 });
        var indexes = new List<int>();
        await foreach (var reply in call.ResponseStream.ReadAllAsync())
        {
            indexes.Add(reply.Index);
        }

        Assert.Equal([0, 1, 2, 3, 4], indexes);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Server_streaming_with_zero_messages_ends_ok()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        using var call = client.ServerStream(new EchoRequest { Count = 0 });

        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Client_streaming_sums_all_sent_messages()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        using var call = client.ClientStream();
        foreach (var text in new[] { "a", "b", "c" })
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = text, Payload = Google.Protobuf.ByteString.CopyFrom(new byte[10]) });
        }

        await call.RequestStream.CompleteAsync();
        var reply = await call;

        Assert.Equal("a,b,c", reply.Text);
        Assert.Equal(30, reply.Index);
        await Assert.ThrowsAsync<InvalidOperationException>(() => call.RequestStream.WriteAsync(new EchoRequest()));
    }

    [Fact]
    public async Task Duplex_streaming_answers_each_message_as_it_arrives()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        using var call = client.Duplex();
        for (var i = 0; i < 3; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = $"m{i}" });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal($"m{i}", call.ResponseStream.Current.Text);
            Assert.Equal(i, call.ResponseStream.Current.Index);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Long_streams_lift_kestrel_body_limits()
    {
        await using var server = await TestServer.StartAsync(services: s =>
            s.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = 64 * 1024));
        var client = server.CreateClient();

        using var call = client.ClientStream();
        var chunk = Google.Protobuf.ByteString.CopyFrom(new byte[32 * 1024]);
        for (var i = 0; i < 8; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Payload = chunk });
        }

        await call.RequestStream.CompleteAsync();
        var reply = await call;

        Assert.Equal(8 * 32 * 1024, reply.Index);
    }
}
