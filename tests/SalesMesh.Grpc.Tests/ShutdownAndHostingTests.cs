using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SalesMesh.Grpc.Tests.Contracts;
using SalesMesh.Grpc.Tests.Infrastructure;

namespace SalesMesh.Grpc.Tests;

public sealed class ShutdownAndHostingTests
{
    [Fact]
    public async Task In_flight_unary_call_completes_during_graceful_shutdown()
    {
        var server = await TestServer.StartAsync();
        var client = server.CreateClient();
        await client.UnaryAsync(new EchoRequest()); // connection ready

        var call = client.UnaryAsync(new EchoRequest { Mode = "ignore-deadline", DelayMs = 700, Text = "finished" });
        await server.Probe.HandlerStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var stopping = server.App.StopAsync();
        var reply = await call.ResponseAsync.WaitAsync(TimeSpan.FromSeconds(10));
        await stopping;

        Assert.Equal("finished", reply.Text);
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Streaming_call_token_is_cancelled_when_the_host_stops()
    {
        var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        using var call = client.Duplex();
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "one" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var stopping = server.App.StopAsync();

        Assert.Equal("cancelled", await server.Probe.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Mapped_methods_carry_grpc_metadata_and_accept_conventions()
    {
        var conventionApplied = 0;
        await using var server = await TestServer.StartAsync(map: app =>
            app.MapGrpcService<RetryAndPropagationTests.ForwardingRelay>().Add(_ => Interlocked.Increment(ref conventionApplied)),
            services: s => s.AddGrpcClient<Echo.EchoClient>("echo", o => o.Address = new Uri("http://127.0.0.1:1")).EnableCallContextPropagation());

        var endpoints = server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        var methods = endpoints.Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()).OfType<GrpcMethodMetadata>().Select(m => m.Method.FullName).ToList();

        Assert.Contains("/salesmesh.grpctest.v1.Echo/Duplex", methods);
        Assert.Contains("/salesmesh.grpctest.v1.Relay/Forward", methods);
        Assert.Equal(1, conventionApplied);
    }

    [Fact]
    public async Task Services_are_created_per_call_from_the_request_scope()
    {
        await using var server = await TestServer.StartAsync(services: s => s.AddScoped<ScopedCounter>(),
            map: app => app.MapGrpcService<ScopedRelay>());
        var client = new Relay.RelayClient(server.CreateChannel());

        var first = await client.ForwardAsync(new EchoRequest());
        var second = await client.ForwardAsync(new EchoRequest());

        Assert.NotEqual(first.Text, second.Text);
        Assert.Equal(1, first.Index); // one scoped instance per call, used once
        Assert.Equal(1, second.Index);
    }

    public sealed class ScopedCounter
    {
        public string Id { get; } = Guid.NewGuid().ToString("N");

        public int Uses { get; set; }
    }

    public sealed class ScopedRelay(ScopedCounter counter) : Relay.RelayBase
    {
        public override Task<EchoReply> Forward(EchoRequest request, ServerCallContext context) =>
            Task.FromResult(new EchoReply { Text = counter.Id, Index = ++counter.Uses });
    }
}
