using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;
using SalesMesh.Grpc.Tests.Contracts;
using SalesMesh.Grpc.Tests.Infrastructure;

namespace SalesMesh.Grpc.Tests;

public sealed class InterceptorTests
{
    [Fact]
    public async Task Client_interceptors_run_in_order_and_can_add_headers()
    {
        await using var server = await TestServer.StartAsync();
        var log = new List<string>();
        var invoker = server.CreateChannel().Intercept(new HeaderAddingInterceptor("x-one", "1", log), new HeaderAddingInterceptor("x-two", "2", log));
        var client = new Echo.EchoClient(invoker);

        using var call = client.UnaryAsync(new EchoRequest { Mode = "metadata" });
        await call;

        Assert.Equal(["x-one", "x-two"], log);
        Assert.Equal("1", call.GetTrailers().GetValue("x-one"));
        Assert.Equal("2", call.GetTrailers().GetValue("x-two"));
    }

    [Fact]
    public async Task A_metadata_function_adds_headers_to_every_call()
    {
        await using var server = await TestServer.StartAsync();
        var client = new Echo.EchoClient(server.CreateChannel().Intercept(headers =>
        {
            headers.Add("x-tenant", "hangzhou");
            return headers;
        }));

        using var call = client.UnaryAsync(new EchoRequest { Mode = "metadata" });
        await call;

        Assert.Equal("hangzhou", call.GetTrailers().GetValue("x-tenant"));
    }

    [Fact]
    public async Task Client_interceptor_sees_streaming_calls()
    {
        await using var server = await TestServer.StartAsync();
        var log = new List<string>();
        var client = new Echo.EchoClient(server.CreateChannel().Intercept(new HeaderAddingInterceptor("x-s", "s", log)));

        using var call = client.Duplex();
        await call.RequestStream.CompleteAsync();
        await call.ResponseStream.MoveNext(CancellationToken.None);

        Assert.Equal(["x-s"], log);
    }

    [Fact]
    public async Task Server_interceptors_global_then_per_service_wrap_every_call_kind()
    {
        await using var server = await TestServer.StartAsync(
            o => o.Interceptors.Add<RecordingServerInterceptor>("global"),
            services => services.AddGrpc().AddServiceOptions<EchoService>(o => o.Interceptors.Add<RecordingServerInterceptor>("service")));
        var client = server.CreateClient();

        await client.UnaryAsync(new EchoRequest());
        using (var call = client.ServerStream(new EchoRequest { Count = 1 }))
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        }

        using (var call = client.ClientStream())
        {
            await call.RequestStream.CompleteAsync();
            await call;
        }

        using (var call = client.Duplex())
        {
            await call.RequestStream.CompleteAsync();
            await call.ResponseStream.MoveNext(CancellationToken.None);
        }

        Assert.Equal(
        [
            "global:unary", "service:unary",
            "global:server-streaming", "service:server-streaming",
            "global:client-streaming", "service:client-streaming",
            "global:duplex", "service:duplex",
        ], server.Probe.Events);
    }

    [Fact]
    public async Task Server_interceptor_can_short_circuit_with_an_error()
    {
        await using var server = await TestServer.StartAsync(o => o.Interceptors.Add<DenyingServerInterceptor>());
        var client = server.CreateClient();

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest()).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
    }

    private sealed class HeaderAddingInterceptor(string key, string value, List<string> log) : Interceptor
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            log.Add(key);
            return continuation(request, WithHeader(context));
        }

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation)
        {
            log.Add(key);
            return continuation(WithHeader(context));
        }

        private ClientInterceptorContext<TRequest, TResponse> WithHeader<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
            where TRequest : class where TResponse : class
        {
            var headers = context.Options.Headers ?? [];
            headers.Add(key, value);
            return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
        }
    }

    public sealed class RecordingServerInterceptor(TestProbe probe, string name) : Interceptor
    {
        public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            probe.Events.Enqueue($"{name}:unary");
            return continuation(request, context);
        }

        public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
        {
            probe.Events.Enqueue($"{name}:server-streaming");
            return continuation(request, responseStream, context);
        }

        public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
        {
            probe.Events.Enqueue($"{name}:client-streaming");
            return continuation(requestStream, context);
        }

        public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
        {
            probe.Events.Enqueue($"{name}:duplex");
            return continuation(requestStream, responseStream, context);
        }
    }

    public sealed class DenyingServerInterceptor : Interceptor
    {
        public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
            throw new RpcException(new Status(StatusCode.PermissionDenied, "denied"));
    }
}
