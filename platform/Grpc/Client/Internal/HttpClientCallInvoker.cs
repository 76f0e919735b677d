using Grpc.Core;

namespace Grpc.Net.Client.Internal;

/// <summary>Turns generated-client calls into HTTP/2 requests on the channel.</summary>
internal sealed class HttpClientCallInvoker(GrpcChannel channel) : CallInvoker
{
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        using var call = AsyncUnaryCall(method, host, options, request);
        return call.ResponseAsync.GetAwaiter().GetResult();
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var call = new GrpcCall<TRequest, TResponse>(channel, method, host, options);
        call.Start(request ?? throw new ArgumentNullException(nameof(request)));
        return new AsyncUnaryCall<TResponse>(RunUnaryAsync(call), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var call = new GrpcCall<TRequest, TResponse>(channel, method, host, options);
        call.Start(request ?? throw new ArgumentNullException(nameof(request)));
        return new AsyncServerStreamingCall<TResponse>(new ClientResponseStream<TRequest, TResponse>(call), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        var call = new GrpcCall<TRequest, TResponse>(channel, method, host, options);
        call.Start(null);
        return new AsyncClientStreamingCall<TRequest, TResponse>(new ClientRequestStream<TRequest, TResponse>(call, options.WriteOptions), RunUnaryAsync(call), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        var call = new GrpcCall<TRequest, TResponse>(channel, method, host, options);
        call.Start(null);
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(new ClientRequestStream<TRequest, TResponse>(call, options.WriteOptions), new ClientResponseStream<TRequest, TResponse>(call), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    /// <summary>Exactly one response message, then OK in the trailers.</summary>
    private static async Task<TResponse> RunUnaryAsync<TRequest, TResponse>(GrpcCall<TRequest, TResponse> call)
        where TRequest : class where TResponse : class
    {
        var message = await call.ReadMessageAsync(call.CallToken).ConfigureAwait(false);
        if (message is null)
        {
            throw call.Fail(new RpcException(new Status(StatusCode.Internal, "服务器未返回消息 / Failed to deserialize response message: the server sent no message.")));
        }

        if (await call.ReadMessageAsync(call.CallToken).ConfigureAwait(false) is not null)
        {
            throw call.Fail(new RpcException(new Status(StatusCode.Internal, "一元调用返回了多条消息 / Unary call returned more than one message.")));
        }

        return message;
    }
}

internal sealed class ClientResponseStream<TRequest, TResponse>(GrpcCall<TRequest, TResponse> call) : IAsyncStreamReader<TResponse>
    where TRequest : class where TResponse : class
{
    private TResponse? _current;
    private int _reading;

    public TResponse Current => _current ?? throw new InvalidOperationException("尚未读取消息 / No current message; call MoveNext first.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _reading, 1) == 1)
        {
            throw new InvalidOperationException("已有读取在进行 / Can't read the next message because the previous read is still in progress.");
        }

        CancellationTokenSource? linked = null;
        var token = call.CallToken;
        if (cancellationToken.CanBeCanceled)
        {
            linked = CancellationTokenSource.CreateLinkedTokenSource(token, cancellationToken);
            token = linked.Token;
        }

        try
        {
            _current = await call.ReadMessageAsync(token).ConfigureAwait(false);
            return _current is not null;
        }
        finally
        {
            linked?.Dispose();
            Volatile.Write(ref _reading, 0);
        }
    }
}

internal sealed class ClientRequestStream<TRequest, TResponse>(GrpcCall<TRequest, TResponse> call, WriteOptions? writeOptions) : IClientStreamWriter<TRequest>
    where TRequest : class where TResponse : class
{
    private bool _completed;
    private int _writing;

    public WriteOptions? WriteOptions { get; set; } = writeOptions;

    public Task WriteAsync(TRequest message) => WriteAsync(message, CancellationToken.None);

    public async Task WriteAsync(TRequest message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_completed)
        {
            throw new InvalidOperationException("请求流已完成 / Request stream has already been completed.");
        }

        if (Interlocked.Exchange(ref _writing, 1) == 1)
        {
            throw new InvalidOperationException("已有写入在进行 / Can't write the message because the previous write is in progress.");
        }

        CancellationTokenSource? linked = null;
        var token = call.CallToken;
        if (cancellationToken.CanBeCanceled)
        {
            linked = CancellationTokenSource.CreateLinkedTokenSource(token, cancellationToken);
            token = linked.Token;
        }

        try
        {
            await call.WriteMessageAsync(message, WriteOptions, token).ConfigureAwait(false);
        }
        finally
        {
            linked?.Dispose();
            Volatile.Write(ref _writing, 0);
        }
    }

    public Task CompleteAsync()
    {
        _completed = true;
        call.StreamingContent!.Complete();
        return Task.CompletedTask;
    }
}
