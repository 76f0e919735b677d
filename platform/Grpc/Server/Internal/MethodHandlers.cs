using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Grpc.AspNetCore.Server.Internal;

internal sealed class UnaryServerCallHandler<TService, TRequest, TResponse> : ServerCallHandler<TService, TRequest, TResponse>
    where TService : class where TRequest : class where TResponse : class
{
    private readonly UnaryServerMethod<TRequest, TResponse> _service;

    public UnaryServerCallHandler(Method<TRequest, TResponse> method, MethodOptions options, ServiceActivator<TService> activator,
        Func<TService, TRequest, ServerCallContext, Task<TResponse>> invoker, CancellationToken stopping, ILogger logger)
        : base(method, options, activator, stopping, logger)
    {
        // Built once per method: resolves the service per call from the request scope.
        _service = (request, context) =>
        {
            var http = ((HttpServerCallContext)context).HttpContext;
            var service = activator.Create(http, out var created);
            return created ? InvokeAndReleaseAsync(invoker(service, request, context), service, activator) : invoker(service, request, context);
        };
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    protected override async ValueTask HandleCallCoreAsync(HttpServerCallContext call)
    {
        var request = await ReadSingleMessageAsync(call).ConfigureAwait(false);
        var response = await Pipeline()(request, call).ConfigureAwait(false);
        WriteSingleResponse(call, response);
    }

    private UnaryServerMethod<TRequest, TResponse> Pipeline()
    {
        if (!HasInterceptors)
        {
            return _service;
        }

        // Interceptors are created per call; wrap so that Interceptors[0] runs outermost.
        var next = _service;
        return (request, context) =>
        {
            var services = ((HttpServerCallContext)context).HttpContext.RequestServices;
            var chain = next;
            for (var i = Options.Interceptors.Length - 1; i >= 0; i--)
            {
                var interceptor = Options.Interceptors[i].Create(services, out _);
                var inner = chain;
                chain = (r, c) => interceptor.UnaryServerHandler(r, c, inner);
            }

            return chain(request, context);
        };
    }

    private static async Task<TResponse> InvokeAndReleaseAsync(Task<TResponse> task, TService service, ServiceActivator<TService> activator)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        finally
        {
            await activator.ReleaseAsync(service).ConfigureAwait(false);
        }
    }
}

internal sealed class ServerStreamingServerCallHandler<TService, TRequest, TResponse>(
    Method<TRequest, TResponse> method, MethodOptions options, ServiceActivator<TService> activator,
    Func<TService, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> invoker, CancellationToken stopping, ILogger logger)
    : ServerCallHandler<TService, TRequest, TResponse>(method, options, activator, stopping, logger)
    where TService : class where TRequest : class where TResponse : class
{
    protected override async ValueTask HandleCallCoreAsync(HttpServerCallContext call)
    {
        var request = await ReadSingleMessageAsync(call).ConfigureAwait(false);
        var writer = new HttpResponseStreamWriter<TService, TRequest, TResponse>(this, call);
        ServerStreamingServerMethod<TRequest, TResponse> chain = (r, w, c) =>
        {
            var service = Activator.Create(call.HttpContext, out var created);
            var task = invoker(service, r, w, c);
            return created ? InvokeAndDisposeAsync(task, service) : task;
        };

        var services = call.HttpContext.RequestServices;
        for (var i = Options.Interceptors.Length - 1; i >= 0; i--)
        {
            var interceptor = Options.Interceptors[i].Create(services, out _);
            var inner = chain;
            chain = (r, w, c) => interceptor.ServerStreamingServerHandler(r, w, c, inner);
        }

        await chain(request, writer, call).ConfigureAwait(false);
    }
}

internal sealed class ClientStreamingServerCallHandler<TService, TRequest, TResponse>(
    Method<TRequest, TResponse> method, MethodOptions options, ServiceActivator<TService> activator,
    Func<TService, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>> invoker, CancellationToken stopping, ILogger logger)
    : ServerCallHandler<TService, TRequest, TResponse>(method, options, activator, stopping, logger)
    where TService : class where TRequest : class where TResponse : class
{
    protected override async ValueTask HandleCallCoreAsync(HttpServerCallContext call)
    {
        var reader = new HttpRequestStreamReader<TService, TRequest, TResponse>(this, call);
        ClientStreamingServerMethod<TRequest, TResponse> chain = async (r, c) =>
        {
            var service = Activator.Create(call.HttpContext, out var created);
            try
            {
                return await invoker(service, r, c).ConfigureAwait(false);
            }
            finally
            {
                if (created)
                {
                    await Activator.ReleaseAsync(service).ConfigureAwait(false);
                }
            }
        };

        var services = call.HttpContext.RequestServices;
        for (var i = Options.Interceptors.Length - 1; i >= 0; i--)
        {
            var interceptor = Options.Interceptors[i].Create(services, out _);
            var inner = chain;
            chain = (r, c) => interceptor.ClientStreamingServerHandler(r, c, inner);
        }

        var response = await chain(reader, call).ConfigureAwait(false);
        WriteSingleResponse(call, response);
    }
}

internal sealed class DuplexStreamingServerCallHandler<TService, TRequest, TResponse>(
    Method<TRequest, TResponse> method, MethodOptions options, ServiceActivator<TService> activator,
    Func<TService, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task> invoker, CancellationToken stopping, ILogger logger)
    : ServerCallHandler<TService, TRequest, TResponse>(method, options, activator, stopping, logger)
    where TService : class where TRequest : class where TResponse : class
{
    protected override async ValueTask HandleCallCoreAsync(HttpServerCallContext call)
    {
        var reader = new HttpRequestStreamReader<TService, TRequest, TResponse>(this, call);
        var writer = new HttpResponseStreamWriter<TService, TRequest, TResponse>(this, call);
        DuplexStreamingServerMethod<TRequest, TResponse> chain = (r, w, c) =>
        {
            var service = Activator.Create(call.HttpContext, out var created);
            var task = invoker(service, r, w, c);
            return created ? InvokeAndDisposeAsync(task, service) : task;
        };

        var services = call.HttpContext.RequestServices;
        for (var i = Options.Interceptors.Length - 1; i >= 0; i--)
        {
            var interceptor = Options.Interceptors[i].Create(services, out _);
            var inner = chain;
            chain = (r, w, c) => interceptor.DuplexStreamingServerHandler(r, w, c, inner);
        }

        await chain(reader, writer, call).ConfigureAwait(false);
    }
}
