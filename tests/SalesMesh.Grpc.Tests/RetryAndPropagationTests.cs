using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;
using SalesMesh.Grpc.Tests.Contracts;
using SalesMesh.Grpc.Tests.Infrastructure;

namespace SalesMesh.Grpc.Tests;

public sealed class RetryAndPropagationTests
{
    private const string UnaryMethod = "salesmesh.grpctest.v1.Echo/Unary";

    private static async Task<(ServiceProvider Provider, Echo.EchoClient Client)> RetryingClientAsync(TestServer server, Action<SalesMesh.Grpc.GrpcRetryOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddGrpcClient<Echo.EchoClient>("echo", o => o.Address = new Uri(server.Address)).AddRetryOnUnavailable(configure);
        var provider = services.BuildServiceProvider();
        await Task.CompletedTask;
        return (provider, provider.GetRequiredService<Echo.EchoClient>());
    }

    [Fact]
    public async Task Safe_method_is_retried_on_unavailable_until_it_succeeds()
    {
        await using var server = await TestServer.StartAsync();
        var (provider, client) = await RetryingClientAsync(server, o =>
        {
            o.SafeMethods.Add(UnaryMethod);
            o.BaseDelay = TimeSpan.FromMilliseconds(10);
        });
        await using var _ = provider;

        using var call = client.UnaryAsync(new EchoRequest { Mode = "unavailable-until", Count = 3, Text = "third time" });
        var reply = await call;

        Assert.Equal("third time", reply.Text);
        Assert.Equal(3, server.Probe.Attempts);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_attempts()
    {
        await using var server = await TestServer.StartAsync();
        var (provider, client) = await RetryingClientAsync(server, o =>
        {
            o.SafeMethods.Add("*");
            o.MaxRetryAttempts = 2;
            o.BaseDelay = TimeSpan.FromMilliseconds(10);
        });
        await using var _ = provider;

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest { Mode = "unavailable-until", Count = 100 }).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal(3, server.Probe.Attempts);
    }

    [Fact]
    public async Task Method_not_marked_safe_is_not_retried()
    {
        await using var server = await TestServer.StartAsync();
        var (provider, client) = await RetryingClientAsync(server, o => o.SafeMethods.Add("salesmesh.grpctest.v1.Relay/Forward"));
        await using var _ = provider;

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest { Mode = "unavailable-until", Count = 3 }).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal(1, server.Probe.Attempts);
    }

    [Fact]
    public async Task Other_errors_are_not_retried()
    {
        await using var server = await TestServer.StartAsync();
        var client = new Echo.EchoClient(server.CreateChannel().Intercept(new SalesMesh.Grpc.RetryOnUnavailableInterceptor(new SalesMesh.Grpc.GrpcRetryOptions { SafeMethods = { "*" } })));

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest { Mode = "fail", Count = (int)StatusCode.Internal }).ResponseAsync);

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task Outgoing_call_inherits_the_incoming_deadline()
    {
        await using var server = await StartRelayServerAsync();
        var relay = new Relay.RelayClient(server.CreateChannel());
        var deadline = DateTime.UtcNow.AddSeconds(20);

        var reply = await relay.ForwardAsync(new EchoRequest { Text = "hop" }, deadline: deadline);

        Assert.Equal("hop", reply.Text);
        Assert.NotEqual(0, reply.DeadlineTicks);
        Assert.InRange(new DateTime(reply.DeadlineTicks, DateTimeKind.Utc), deadline.AddSeconds(-2), deadline.AddSeconds(3));
    }

    [Fact]
    public async Task Without_incoming_deadline_the_outgoing_call_has_none()
    {
        await using var server = await StartRelayServerAsync();
        var relay = new Relay.RelayClient(server.CreateChannel());

        var reply = await relay.ForwardAsync(new EchoRequest { Text = "hop" });

        Assert.Equal(0, reply.DeadlineTicks);
    }

    [Fact]
    public async Task Cancelling_the_incoming_call_cancels_the_outgoing_call()
    {
        await using var server = await StartRelayServerAsync();
        var relay = new Relay.RelayClient(server.CreateChannel());
        using var cts = new CancellationTokenSource();

        var call = relay.ForwardAsync(new EchoRequest { Mode = "wait-cancel" }, cancellationToken: cts.Token);
        await server.Probe.HandlerStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        cts.Cancel();

        await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.NotNull(await server.Probe.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Propagating_client_outside_a_server_call_fails_clearly_unless_suppressed()
    {
        var services = new ServiceCollection();
        services.AddGrpcClient<Echo.EchoClient>("strict", o => o.Address = new Uri("http://127.0.0.1:1")).EnableCallContextPropagation();
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<Echo.EchoClient>().UnaryAsync(new EchoRequest()));

        Assert.Contains("ServerCallContext", ex.Message);
    }

    private static Task<TestServer> StartRelayServerAsync() => TestServer.StartAsync(
        services: s => s.AddGrpcClient<Echo.EchoClient>("echo").EnableCallContextPropagation(),
        map: app =>
        {
            Microsoft.AspNetCore.Builder.GrpcEndpointRouteBuilderExtensions.MapGrpcService<ForwardingRelay>(app);
            // The server's own address is known only once it listens; the client reads it lazily.
            app.Lifetime.ApplicationStarted.Register(() =>
                app.Configuration["services:echo:grpc:0"] = app.Urls.First());
        });

    public sealed class ForwardingRelay(Echo.EchoClient echo) : Relay.RelayBase
    {
        public override async Task<EchoReply> Forward(EchoRequest request, ServerCallContext context) => await echo.UnaryAsync(request);
    }
}
