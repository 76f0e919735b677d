using Grpc.Core;
using Grpc.Net.Compression;
using Grpc.Shared;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Grpc.AspNetCore.Server.Internal;

/// <summary>The server side of one call, backed directly by the HttpContext's pipes and headers.</summary>
internal sealed partial class HttpServerCallContext : ServerCallContext, IServerCallContextFeature, IDisposable
{
    // Only calls with a deadline guard their pipe access; the others never lock.
    private object? _sync;
    private readonly IMethod _method;
    private DateTime _deadline = DateTime.MaxValue;
    private CancellationToken _cancellationToken;
    private CancellationTokenSource? _linkedCts;
    private CancellationTokenSource? _deadlineCts;
    private TaskCompletionSource? _deadlineReached;
    private CancellationTokenRegistration _deadlineRegistration;
    private Timer? _deadlineTimer;
    private CancellationToken _stopping;
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private Status _status = Status.DefaultSuccess;
    private bool _completed;
    private int _pendingOperations;
    private TaskCompletionSource? _operationsDrained;

    public HttpServerCallContext(HttpContext httpContext, IMethod method, MethodOptions options)
    {
        HttpContext = httpContext;
        _method = method;
        Options = options;
    }

    public HttpContext HttpContext { get; }

    ServerCallContext IServerCallContextFeature.ServerCallContext => this;

    public MethodOptions Options { get; }

    public ICompressionProvider? RequestCompression { get; private set; }

    public ICompressionProvider? ResponseCompression { get; private set; }

    public bool MessageWritten { get; set; }

    public bool HasDeadline => _deadlineCts is not null;

    public bool DeadlineReached => _deadlineCts?.IsCancellationRequested == true;

    public bool StopRequested => _stopping.IsCancellationRequested;

    protected override string MethodCore => _method.FullName;

    protected override string HostCore => HttpContext.Request.Host.Value ?? string.Empty;

    protected override string PeerCore
    {
        get
        {
            var connection = HttpContext.Connection;
            return connection.RemoteIpAddress switch
            {
                null => "unknown",
                { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } ip => $"ipv6:[{ip}]:{connection.RemotePort}",
                var ip => $"ipv4:{ip}:{connection.RemotePort}",
            };
        }
    }

    protected override DateTime DeadlineCore => _deadline;

    protected override Metadata RequestHeadersCore => _requestHeaders ??= ReadRequestHeaders(HttpContext.Request.Headers);

    protected override CancellationToken CancellationTokenCore => _cancellationToken;

    protected override Metadata ResponseTrailersCore => _responseTrailers ??= [];

    protected override Status StatusCore
    {
        get => _status;
        set => _status = value;
    }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    /// <summary>Reads deadline and encodings; returns a failure status when the call must not run.</summary>
    public Status? Initialize(CancellationToken stopping)
    {
        var request = HttpContext.Request;
        var response = HttpContext.Response;
        HttpContext.Features.Set<IServerCallContextFeature>(this);
        response.ContentType = GrpcProtocol.ContentType;
        var headers = request.Headers;

        // The typed grpc-* properties hit Kestrel's known-header slots directly; a lookup by our own
        // string instance would fall back to case-insensitive compares against every same-length name.
        var encoding = headers.GrpcEncoding;
        if (!StringValues.IsNullOrEmpty(encoding) &&
            encoding.ToString() != GrpcProtocol.IdentityEncoding)
        {
            if (!Options.CompressionProviders.TryGetValue(encoding.ToString(), out var provider))
            {
                response.Headers.GrpcAcceptEncoding = Options.AcceptEncodingHeader;
                return new Status(StatusCode.Unimplemented, $"不支持的 grpc-encoding '{encoding}' / Unsupported grpc-encoding value '{encoding}'. Supported encodings: {Options.AcceptEncodingHeader}");
            }

            RequestCompression = provider;
        }

        if (Options.ResponseCompressionAlgorithm is { } algorithm &&
            headers.GrpcAcceptEncoding is { Count: > 0 } accepted && AcceptsEncoding(accepted, algorithm))
        {
            ResponseCompression = Options.CompressionProviders[algorithm];
            response.Headers.GrpcEncoding = algorithm;
        }

        _stopping = stopping;
        var requestAborted = HttpContext.RequestAborted;
        TimeSpan? timeout = null;
        var timeoutText = headers.GrpcTimeout;
        if (!StringValues.IsNullOrEmpty(timeoutText) && GrpcTimeout.TryParse(timeoutText.ToString(), out var parsed))
        {
            timeout = parsed;
            _deadline = parsed.Ticks >= (DateTime.MaxValue - DateTime.UtcNow).Ticks ? DateTime.MaxValue : DateTime.UtcNow + parsed;
        }

        if (timeout is null && !stopping.CanBeCanceled)
        {
            _cancellationToken = requestAborted;
            return null;
        }

        if (timeout is { } due)
        {
            _sync = new object();
            _deadlineReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _deadlineCts = new CancellationTokenSource();
            _deadlineRegistration = _deadlineCts.Token.UnsafeRegister(static state => ((TaskCompletionSource)state!).TrySetResult(), _deadlineReached);
            // CancellationTokenSource timers accept up to ~49 days; longer deadlines never fire in practice.
            if (due.TotalMilliseconds < uint.MaxValue - 1)
            {
                _deadlineTimer = new Timer(static state => ((HttpServerCallContext)state!).OnDeadlineTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _deadlineTimer.Change(due, Timeout.InfiniteTimeSpan);
            }
        }

        _linkedCts = (_deadlineCts, stopping.CanBeCanceled) switch
        {
            (not null, true) => CancellationTokenSource.CreateLinkedTokenSource(requestAborted, _deadlineCts.Token, stopping),
            (not null, false) => CancellationTokenSource.CreateLinkedTokenSource(requestAborted, _deadlineCts.Token),
            _ => CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping),
        };
        _cancellationToken = _linkedCts.Token;
        return null;
    }

    /// <summary>
    /// Timers run on a coarse monotonic clock and may fire a few milliseconds before the wall-clock
    /// <see cref="ServerCallContext.Deadline"/> the handler sees; the token must never fire before it.
    /// </summary>
    private void OnDeadlineTimer()
    {
        try
        {
            var left = _deadline - DateTime.UtcNow;
            if (left > TimeSpan.Zero)
            {
                _deadlineTimer?.Change(left + TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
                return;
            }

            _deadlineCts?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call already ended.
        }
    }

    /// <summary>True when the deadline passed before the handler finished.</summary>
    public async Task<bool> DeadlineWonAsync(Task handlerTask)
    {
        var first = await Task.WhenAny(handlerTask, _deadlineReached!.Task).ConfigureAwait(false);
        return first != handlerTask;
    }

    /// <summary>Guards every pipe access once a deadline can end the call under a still-running handler.</summary>
    public void BeginOperation()
    {
        if (_deadlineCts is null)
        {
            return;
        }

        lock (_sync!)
        {
            if (_completed)
            {
                throw new InvalidOperationException("调用已结束（截止时间已过） / Can't access the request or response because the call is complete (deadline exceeded).");
            }

            _pendingOperations++;
        }
    }

    public void EndOperation()
    {
        if (_deadlineCts is null)
        {
            return;
        }

        TaskCompletionSource? drained = null;
        lock (_sync!)
        {
            _pendingOperations--;
            if (_completed && _pendingOperations == 0)
            {
                drained = _operationsDrained;
            }
        }

        drained?.TrySetResult();
    }

    /// <summary>
    /// Sends what <see cref="WriteStatus"/> set and ends the HTTP/2 stream while the request itself
    /// stays open (the deadline path waits for its handler). A client that already went away is fine.
    /// </summary>
    public async Task EndResponseAsync()
    {
        try
        {
            await HttpContext.Response.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection is gone; the client learns nothing more either way.
        }
    }

    /// <summary>Stops further pipe access and waits for an in-flight read/write (already cancelled) to return.</summary>
    public Task CompleteForDeadlineAsync()
    {
        lock (_sync!)
        {
            _completed = true;
            if (_pendingOperations == 0)
            {
                return Task.CompletedTask;
            }

            _operationsDrained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _operationsDrained.Task;
        }
    }

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders)
    {
        var response = HttpContext.Response;
        if (response.HasStarted || MessageWritten)
        {
            throw new InvalidOperationException("响应头只能发送一次 / Response headers can only be sent once per call.");
        }

        if (responseHeaders is not null)
        {
            AppendMetadata(response.Headers, responseHeaders);
        }

        return FlushHeadersAsync();
    }

    private async Task FlushHeadersAsync()
    {
        BeginOperation();
        try
        {
            await HttpContext.Response.BodyWriter.FlushAsync(_cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            EndOperation();
        }
    }

    /// <summary>Sends the final status: in trailers, or as a trailers-only reply when nothing was sent yet.</summary>
    public void WriteStatus(Status status)
    {
        var response = HttpContext.Response;
        var trailersOnly = !MessageWritten && !response.HasStarted;
        if (trailersOnly)
        {
            var headers = response.Headers;
            headers.GrpcStatus = GrpcProtocol.StatusCodeText(status.StatusCode);
            if (status.Detail.Length > 0)
            {
                headers.GrpcMessage = PercentEncoding.Encode(status.Detail);
            }

            if (_responseTrailers is { Count: > 0 })
            {
                AppendMetadata(headers, _responseTrailers);
            }

            return;
        }

        // One feature lookup (SupportsTrailers + AppendTrailer would do one per call) and Kestrel's own
        // header-name instances, which its trailer collection matches by reference.
        if (HttpContext.Features.Get<IHttpResponseTrailersFeature>()?.Trailers is not { IsReadOnly: false } trailers)
        {
            return;
        }

        trailers.Append(HeaderNames.GrpcStatus, GrpcProtocol.StatusCodeText(status.StatusCode));
        if (status.Detail.Length > 0)
        {
            trailers.Append(HeaderNames.GrpcMessage, PercentEncoding.Encode(status.Detail));
        }

        if (_responseTrailers is { Count: > 0 })
        {
            foreach (var entry in _responseTrailers)
            {
                if (!GrpcProtocol.IsReservedHeader(entry.Key) || entry.Key == GrpcProtocol.StatusDetailsHeader)
                {
                    trailers.Append(entry.Key, entry.IsBinary ? BinaryHeader.Encode(entry.ValueBytes) : entry.Value);
                }
            }
        }
    }

    public void Dispose()
    {
        _deadlineTimer?.Dispose();
        _deadlineRegistration.Dispose();
        _linkedCts?.Dispose();
        _deadlineCts?.Dispose();
    }

    private static void AppendMetadata(IHeaderDictionary headers, Metadata metadata)
    {
        foreach (var entry in metadata)
        {
            if (GrpcProtocol.IsReservedHeader(entry.Key) && entry.Key != GrpcProtocol.StatusDetailsHeader)
            {
                continue;
            }

            headers.Append(entry.Key, entry.IsBinary ? BinaryHeader.Encode(entry.ValueBytes) : entry.Value);
        }
    }

    private static Metadata ReadRequestHeaders(IHeaderDictionary headers)
    {
        var metadata = new Metadata();
        foreach (var header in headers)
        {
            var key = header.Key.ToLowerInvariant();
            if (GrpcProtocol.IsReservedHeader(key))
            {
                continue;
            }

            var binary = Metadata.Entry.HasBinarySuffix(key);
            foreach (var value in header.Value)
            {
                if (value is null)
                {
                    continue;
                }

                metadata.Add(binary
                    ? new Metadata.Entry(key, null, BinaryHeader.Decode(value), trusted: true)
                    : new Metadata.Entry(key, value, null, trusted: true));
            }
        }

        return metadata;
    }

    private static bool AcceptsEncoding(StringValues accepted, string algorithm)
    {
        foreach (var value in accepted)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (part == algorithm)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
