using System.Collections.Concurrent;
using System.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Grpc.Net.ClientFactory.Internal;

internal sealed class DefaultGrpcClientFactory(IServiceProvider services, GrpcChannelCache channels, IOptionsMonitor<GrpcClientFactoryOptions> optionsMonitor) : GrpcClientFactory
{
    public override TClient CreateClient<TClient>(string name)
    {
        var options = optionsMonitor.Get(name);
        CallInvoker invoker = channels.GetOrCreate(name, options, services).CreateCallInvoker();
        if (options.InterceptorFactories.Count > 0)
        {
            var interceptors = new Interceptor[options.InterceptorFactories.Count];
            for (var i = 0; i < interceptors.Length; i++)
            {
                interceptors[i] = options.InterceptorFactories[i](services);
            }

            invoker = invoker.Intercept(interceptors);
        }

        if (options.CallOptionsActions.Count > 0)
        {
            invoker = invoker.Intercept(new CallOptionsInterceptor(callOptions =>
            {
                var context = new CallOptionsContext(callOptions, services);
                foreach (var action in options.CallOptionsActions)
                {
                    action(context);
                }

                return context.CallOptions;
            }));
        }

        return ClientActivator<TClient>.Create(invoker);
    }

    private static class ClientActivator<TClient>
    {
        private static readonly ConstructorInfo Constructor = typeof(TClient).GetConstructor([typeof(CallInvoker)])
            ?? throw new InvalidOperationException($"{typeof(TClient)} 没有 (CallInvoker) 构造函数 / {typeof(TClient)} has no public constructor taking a CallInvoker.");

        public static TClient Create(CallInvoker invoker) => (TClient)Constructor.Invoke([invoker]);
    }
}

/// <summary>One channel (HTTP/2 connection pool) per client name, created on first use, disposed with the container.</summary>
internal sealed class GrpcChannelCache(IConfiguration? configuration = null) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<GrpcChannel>> _channels = new(StringComparer.Ordinal);

    public GrpcChannel GetOrCreate(string name, GrpcClientFactoryOptions options, IServiceProvider services) =>
        _channels.GetOrAdd(name, n => new Lazy<GrpcChannel>(() => Create(n, options, services))).Value;

    private GrpcChannel Create(string name, GrpcClientFactoryOptions options, IServiceProvider services)
    {
        var config = configuration ?? services.GetService<IConfiguration>();
        var address = options.Address ?? ResolveAddress(name, config);
        var channelOptions = new GrpcChannelOptions();
        if (options.PrimaryHandlerFactory is { } handlerFactory)
        {
            channelOptions.HttpHandler = handlerFactory();
            channelOptions.DisposeHttpClient = true;
        }

        foreach (var configure in options.ChannelOptionsActions)
        {
            configure(channelOptions);
        }

        return GrpcChannel.ForAddress(address, channelOptions);
    }

    internal static Uri ResolveAddress(string name, IConfiguration? config)
    {
        var value = config?[$"services:{name}:grpc:0"];
        if (string.IsNullOrWhiteSpace(value))
        {
            value = config?[$"services:{name}:http:0"];
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"gRPC 客户端 '{name}' 没有配置地址：请设置 services:{name}:grpc:0 或 services:{name}:http:0（环境变量 services__{name}__grpc__0），或在 AddGrpcClient 中设置 o.Address。 / " +
                $"No address configured for gRPC client '{name}': set configuration key services:{name}:grpc:0 or services:{name}:http:0 (env var services__{name}__grpc__0), or set o.Address in AddGrpcClient.");
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"gRPC 客户端 '{name}' 的地址 '{value}' 无效 / Address '{value}' configured for gRPC client '{name}' is not an absolute URI.");
    }

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            if (channel.IsValueCreated)
            {
                channel.Value.Dispose();
            }
        }
    }
}
