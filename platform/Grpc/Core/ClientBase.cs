using Grpc.Core.Interceptors;

namespace Grpc.Core;

/// <summary>Base of generated clients.</summary>
public abstract class ClientBase
{
    protected ClientBase() : this(new UnimplementedCallInvoker())
    {
    }

    protected ClientBase(ChannelBase channel) : this((channel ?? throw new ArgumentNullException(nameof(channel))).CreateCallInvoker())
    {
    }

    protected ClientBase(CallInvoker callInvoker) => CallInvoker = callInvoker ?? throw new ArgumentNullException(nameof(callInvoker));

    protected ClientBase(ClientBaseConfiguration configuration) : this((configuration ?? throw new ArgumentNullException(nameof(configuration))).CreateDecoratedCallInvoker())
    {
    }

    protected CallInvoker CallInvoker { get; }


    /// <summary>What a client copy is built from (call invoker + optional host override).</summary>
    protected internal class ClientBaseConfiguration
    {
        private readonly CallInvoker _undecoratedCallInvoker;
        private readonly string? _host;

        internal ClientBaseConfiguration(CallInvoker undecoratedCallInvoker, string? host)
        {
            _undecoratedCallInvoker = undecoratedCallInvoker;
            _host = host;
        }

        internal CallInvoker CreateDecoratedCallInvoker() => _host is null
            ? _undecoratedCallInvoker
            : _undecoratedCallInvoker.Intercept(new HostOverrideInterceptor(_host));

        private sealed class HostOverrideInterceptor(string host) : Interceptor
        {
            public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
                continuation(request, new ClientInterceptorContext<TRequest, TResponse>(context.Method, host, context.Options));

            public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
                continuation(request, new ClientInterceptorContext<TRequest, TResponse>(context.Method, host, context.Options));

            public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
                continuation(request, new ClientInterceptorContext<TRequest, TResponse>(context.Method, host, context.Options));

            public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation) =>
                continuation(new ClientInterceptorContext<TRequest, TResponse>(context.Method, host, context.Options));

            public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation) =>
                continuation(new ClientInterceptorContext<TRequest, TResponse>(context.Method, host, context.Options));
        }
    }
}

public abstract class ClientBase<T> : ClientBase where T : ClientBase<T>
{
    protected ClientBase()
    {
    }

    protected ClientBase(ChannelBase channel) : base(channel)
    {
    }

    protected ClientBase(CallInvoker callInvoker) : base(callInvoker)
    {
    }

    protected ClientBase(ClientBaseConfiguration configuration) : base(configuration)
    {
    }

    /// <summary>A copy of this client whose calls carry the given :authority host.</summary>
    public T WithHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return NewInstance(new ClientBaseConfiguration(CallInvoker, host));
    }

    protected abstract T NewInstance(ClientBaseConfiguration configuration);
}

/// <summary>Used by the parameterless client constructor (mocking); every call fails clearly.</summary>
internal sealed class UnimplementedCallInvoker : CallInvoker
{
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw Fail();

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw Fail();

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw Fail();

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw Fail();

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw Fail();

    private static NotImplementedException Fail() => new("此客户端没有通道 / This client was created without a channel or call invoker.");
}
