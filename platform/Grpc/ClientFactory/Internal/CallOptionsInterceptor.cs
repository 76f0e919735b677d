using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Grpc.Net.ClientFactory.Internal;

/// <summary>Rewrites CallOptions of every call kind with one function.</summary>
internal class CallOptionsInterceptor(Func<CallOptions, CallOptions> rewrite) : Interceptor
{
    private ClientInterceptorContext<TRequest, TResponse> Rewrite<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class where TResponse : class =>
        new(context.Method, context.Host, rewrite(context.Options));

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, Rewrite(context));

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, Rewrite(context));

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, Rewrite(context));

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(Rewrite(context));

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(Rewrite(context));
}

/// <summary>Attaches the current server call's propagation token (deadline + cancellation) to outgoing calls.</summary>
internal sealed class ContextPropagationInterceptor(Microsoft.AspNetCore.Http.IHttpContextAccessor accessor, GrpcContextPropagationOptions options)
    : CallOptionsInterceptor(callOptions => Propagate(accessor, options, callOptions))
{
    private static CallOptions Propagate(Microsoft.AspNetCore.Http.IHttpContextAccessor accessor, GrpcContextPropagationOptions options, CallOptions callOptions)
    {
        if (callOptions.PropagationToken is not null)
        {
            return callOptions;
        }

        var serverCall = accessor.HttpContext?.Features.Get<Grpc.AspNetCore.Server.IServerCallContextFeature>()?.ServerCallContext;
        if (serverCall is null)
        {
            return options.SuppressContextNotFoundErrors
                ? callOptions
                : throw new InvalidOperationException("无法传播服务器上下文：当前不在 gRPC 服务调用中 / Unable to propagate server context values to the call. Can't find the current gRPC ServerCallContext.");
        }

        return callOptions.WithPropagationToken(serverCall.CreatePropagationToken());
    }
}
