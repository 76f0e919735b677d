using Grpc.Core;

namespace Grpc.AspNetCore.Server.Internal;

internal sealed class HttpRequestStreamReader<TService, TRequest, TResponse>(
    ServerCallHandler<TService, TRequest, TResponse> handler, HttpServerCallContext call) : IAsyncStreamReader<TRequest>
    where TService : class where TRequest : class where TResponse : class
{
    private TRequest? _current;
    private bool _ended;
    private int _reading;

    public TRequest Current => _current ?? throw new InvalidOperationException("尚未读取消息 / No current message; call MoveNext first.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (_ended)
        {
            return false;
        }

        if (Interlocked.Exchange(ref _reading, 1) == 1)
        {
            throw new InvalidOperationException("已有读取在进行 / Can't read the next message because the previous read is still in progress.");
        }

        CancellationTokenSource? linked = null;
        var token = call.CancellationToken;
        if (cancellationToken.CanBeCanceled && cancellationToken != token)
        {
            linked = CancellationTokenSource.CreateLinkedTokenSource(token, cancellationToken);
            token = linked.Token;
        }

        call.BeginOperation();
        try
        {
            _current = await handler.ReadMessageAsync(call, token).ConfigureAwait(false);
            _ended = _current is null;
            return !_ended;
        }
        finally
        {
            call.EndOperation();
            linked?.Dispose();
            Volatile.Write(ref _reading, 0);
        }
    }
}

internal sealed class HttpResponseStreamWriter<TService, TRequest, TResponse>(
    ServerCallHandler<TService, TRequest, TResponse> handler, HttpServerCallContext call) : IServerStreamWriter<TResponse>
    where TService : class where TRequest : class where TResponse : class
{
    private int _writing;

    public WriteOptions? WriteOptions
    {
        get => call.WriteOptions;
        set => call.WriteOptions = value;
    }

    public Task WriteAsync(TResponse message) => WriteAsync(message, CancellationToken.None);

    public async Task WriteAsync(TResponse message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Interlocked.Exchange(ref _writing, 1) == 1)
        {
            throw new InvalidOperationException("已有写入在进行 / Can't write the message because the previous write is in progress.");
        }

        CancellationTokenSource? linked = null;
        var token = call.CancellationToken;
        if (cancellationToken.CanBeCanceled && cancellationToken != token)
        {
            linked = CancellationTokenSource.CreateLinkedTokenSource(token, cancellationToken);
            token = linked.Token;
        }

        call.BeginOperation();
        try
        {
            token.ThrowIfCancellationRequested();
            var options = call.WriteOptions;
            handler.WriteMessage(call, message, options);
            if (options is null || (options.Flags & WriteFlags.BufferHint) == 0)
            {
                var result = await call.HttpContext.Response.BodyWriter.FlushAsync(token).ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    throw new OperationCanceledException(token);
                }
            }
        }
        finally
        {
            call.EndOperation();
            linked?.Dispose();
            Volatile.Write(ref _writing, 0);
        }
    }
}
