using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client.Internal;
using Grpc.Net.Compression;

namespace Grpc.Net.Client;

/// <summary>A gRPC connection target over HTTP/2 (prior knowledge, no TLS required).</summary>
public sealed class GrpcChannel : ChannelBase, IDisposable
{
    private readonly ConcurrentDictionary<string, Uri> _methodUris = new(StringComparer.Ordinal);
    private readonly HttpMessageHandler? _ownedHandler;
    private readonly HttpMessageInvoker _invoker;
    private readonly bool _disposeInvoker;
    private readonly HttpClientCallInvoker _callInvoker;
    private bool _disposed;

    private GrpcChannel(Uri address, GrpcChannelOptions options) : base(address.Authority)
    {
        if (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"地址必须是 http 或 https / Address '{address}' must use http or https.", nameof(address));
        }

        Address = address;
        MaxSendMessageSize = options.MaxSendMessageSize;
        MaxReceiveMessageSize = options.MaxReceiveMessageSize;
        ThrowOperationCanceledOnCancellation = options.ThrowOperationCanceledOnCancellation;
        CompressionProviders = new Dictionary<string, ICompressionProvider>(StringComparer.Ordinal);
        foreach (var provider in options.CompressionProviders ?? [new GzipCompressionProvider()])
        {
            CompressionProviders[provider.EncodingName] = provider;
        }

        AcceptEncoding = string.Join(",", ["identity", .. CompressionProviders.Keys]);

        if (options.HttpClient is { } client)
        {
            _invoker = client;
            _disposeInvoker = options.DisposeHttpClient;
        }
        else
        {
            var handler = options.HttpHandler ?? CreateDefaultHandler();
            _ownedHandler = options.HttpHandler is null ? handler : null;
            _invoker = new HttpMessageInvoker(handler, disposeHandler: options.HttpHandler is null || options.DisposeHttpClient);
            _disposeInvoker = true;
        }

        _callInvoker = new HttpClientCallInvoker(this);
    }

    public Uri Address { get; }

    internal HttpMessageInvoker Invoker => _invoker;

    internal int? MaxSendMessageSize { get; }

    internal int? MaxReceiveMessageSize { get; }

    internal bool ThrowOperationCanceledOnCancellation { get; }

    internal Dictionary<string, ICompressionProvider> CompressionProviders { get; }

    internal string AcceptEncoding { get; }

    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? channelOptions = null) =>
        ForAddress(new Uri(address ?? throw new ArgumentNullException(nameof(address)), UriKind.Absolute), channelOptions);

    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? channelOptions = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new GrpcChannel(address, channelOptions ?? new GrpcChannelOptions());
    }

    public override CallInvoker CreateCallInvoker()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _callInvoker;
    }

    /// <summary>Settings that suit gRPC: several HTTP/2 connections when one is full (100 streams), keep-alive pings, no idle churn.</summary>
    public static SocketsHttpHandler CreateDefaultHandler() => new()
    {
        EnableMultipleHttp2Connections = true,
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        KeepAlivePingDelay = TimeSpan.FromSeconds(60),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        // The runtime writes traceparent itself from the gRPC client activity; avoid a second, contradicting one.
        ActivityHeadersPropagator = null,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        UseCookies = false,
    };

    internal Uri GetMethodUri(string fullName) => _methodUris.GetOrAdd(fullName, static (name, baseAddress) => new Uri(baseAddress, name), Address);

    protected override Task ShutdownAsyncCore()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_disposeInvoker)
        {
            _invoker.Dispose();
        }

        _ = _ownedHandler;
    }
}
