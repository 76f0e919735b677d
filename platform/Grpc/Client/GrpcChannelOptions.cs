using Grpc.Net.Compression;
using Microsoft.Extensions.Logging;

namespace Grpc.Net.Client;

/// <summary>Settings of a GrpcChannel.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>Primary handler; default is a SocketsHttpHandler set up for HTTP/2 prior knowledge.</summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Alternative to HttpHandler: an existing client whose handler pipeline is used (its timeout is not).</summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>Dispose HttpHandler/HttpClient with the channel.</summary>
    public bool DisposeHttpClient { get; set; }

    /// <summary>Largest request message; null = no limit (default).</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>Largest response message; null = no limit. Default 4 MB.</summary>
    public int? MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    public IList<ICompressionProvider>? CompressionProviders { get; set; }

    /// <summary>Throw OperationCanceledException instead of RpcException(Cancelled) when the caller's token cancels a call.</summary>
    public bool ThrowOperationCanceledOnCancellation { get; set; }

    public ILoggerFactory? LoggerFactory { get; set; }
}
