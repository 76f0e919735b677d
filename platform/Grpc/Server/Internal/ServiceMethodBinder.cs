using System.Reflection;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Grpc.AspNetCore.Server.Internal;

/// <summary>One mapped method: its description and the request delegate that serves it.</summary>
internal sealed record BoundMethod(IMethod Method, RequestDelegate RequestDelegate);

/// <summary>
/// Receives the methods from a generated BindService(ServiceBinderBase, TBase) and builds a cached handler
/// per method, invoking the service's own (overridden) method through an open-instance delegate.
/// </summary>
internal sealed class ServiceMethodBinder<TService>(MethodOptions options, CancellationToken stopping, ILogger logger, IServiceProvider rootServices) : ServiceBinderBase
    where TService : class
{
    private readonly ServiceActivator<TService> _activator = new(rootServices);

    public List<BoundMethod> Methods { get; } = [];

    public static void Bind(ServiceMethodBinder<TService> binder)
    {
        var attribute = typeof(TService).GetCustomAttribute<BindServiceMethodAttribute>(inherit: true)
            ?? throw new InvalidOperationException($"{typeof(TService)} 不是生成的 gRPC 服务（缺少 BindServiceMethodAttribute） / {typeof(TService)} is not a generated gRPC service: no BindServiceMethodAttribute on it or its base class.");
        var bindMethod = attribute.BindType.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .FirstOrDefault(m => m.Name == attribute.BindMethodName && m.GetParameters() is { Length: 2 } p && p[0].ParameterType == typeof(ServiceBinderBase))
            ?? throw new InvalidOperationException($"找不到 {attribute.BindType}.{attribute.BindMethodName}(ServiceBinderBase, ...) / Could not find {attribute.BindType}.{attribute.BindMethodName}(ServiceBinderBase, ...).");
        bindMethod.Invoke(null, [binder, null]);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
    {
        var invoker = CreateInvoker<Func<TService, TRequest, ServerCallContext, Task<TResponse>>>(method, typeof(TRequest), typeof(ServerCallContext));
        Add(method, new UnaryServerCallHandler<TService, TRequest, TResponse>(method, options, _activator, invoker, stopping, logger).HandleCallAsync);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var invoker = CreateInvoker<Func<TService, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>>>(method, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
        Add(method, new ClientStreamingServerCallHandler<TService, TRequest, TResponse>(method, options, _activator, invoker, stopping, logger).HandleCallAsync);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var invoker = CreateInvoker<Func<TService, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task>>(method, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
        Add(method, new ServerStreamingServerCallHandler<TService, TRequest, TResponse>(method, options, _activator, invoker, stopping, logger).HandleCallAsync);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var invoker = CreateInvoker<Func<TService, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task>>(method, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
        Add(method, new DuplexStreamingServerCallHandler<TService, TRequest, TResponse>(method, options, _activator, invoker, stopping, logger).HandleCallAsync);
    }

    private void Add(IMethod method, RequestDelegate requestDelegate) => Methods.Add(new BoundMethod(method, requestDelegate));

    private static TDelegate CreateInvoker<TDelegate>(IMethod method, params Type[] parameterTypes) where TDelegate : Delegate
    {
        var methodInfo = typeof(TService).GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance, parameterTypes)
            ?? throw new InvalidOperationException($"{typeof(TService)} 上找不到方法 {method.Name} / Could not find method {method.Name} on {typeof(TService)}.");
        if (!System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeCompiled)
        {
            return methodInfo.CreateDelegate<TDelegate>();
        }

        // A compiled (service, args) => service.Method(args) is a plain virtual call; an open-instance
        // delegate over a virtual method resolves the override through a runtime helper on every call.
        var service = System.Linq.Expressions.Expression.Parameter(typeof(TService), "service");
        var arguments = parameterTypes.Select(System.Linq.Expressions.Expression.Parameter).ToArray();
        var call = System.Linq.Expressions.Expression.Call(service, methodInfo, arguments);
        return System.Linq.Expressions.Expression.Lambda<TDelegate>(call, [service, .. arguments]).Compile();
    }
}
