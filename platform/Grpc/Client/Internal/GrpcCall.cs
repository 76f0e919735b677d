using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Compression;
using Grpc.Shared;
using SalesMesh.Grpc;

namespace Grpc.Net.Client.Internal;

/// <summary>One client call over one HTTP/2 stream. Shared by all four call kinds.</summary>
internal sealed partial class GrpcCall<TRequest, TResponse> : IDisposable
    where TRequest : class where TResponse : class
{
    private readonly GrpcChannel _channel;
    private readonly Method<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly string? _host;
    private readonly CancellationTokenSource _callCts;
    private readonly CancellationTokenSource? _deadlineCts;
    private readonly CancellationToken _callerToken;
    private readonly CancellationTokenRegistration _callerRegistration;
    private readonly CancellationTokenRegistration _parentRegistration;
    private readonly CancellationTokenRegistration _deadlineRegistration;
    private readonly TaskCompletionSource<Metadata> _headers = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly byte[] _headerBuffer = new byte[GrpcProtocol.HeaderSize];
    private readonly SequenceDeserializationContext _deserialization = new();
    private readonly DateTime? _deadline;
    private ICompressionProvider? _requestCompression;
    private ICompressionProvider? _responseCompression;
    private HttpResponseMessage? _response;
    private Stream? _responseStream;
    private Task<bool>? _responseTask;
    private Status? _status;
    private Metadata? _trailers;
    private RpcException? _failure;
    private Activity? _activity;
    private long _start;
    private int _finished;

    public GrpcCall(GrpcChannel channel, Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        _channel = channel;
        _method = method;
        _host = host;
        _options = options;
        _callerToken = options.CancellationToken;
        _deadline = options.Deadline is { } d && d != DateTime.MaxValue ? d.ToUniversalTime() : null;

        var parentToken = CancellationToken.None;
        if (options.PropagationToken is { } propagation)
        {
            if (propagation.Options.IsPropagateDeadline && propagation.ParentDeadline is { } parentDeadline && (_deadline is null || parentDeadline < _deadline))
            {
                _deadline = parentDeadline;
            }

            if (propagation.Options.IsPropagateCancellation)
            {
                parentToken = propagation.ParentCancellationToken;
            }
        }

        // Registrations (not linked sources) so they can be removed the moment the call ends: a long-lived
        // caller token must not accumulate one registration per call.
        _callCts = new CancellationTokenSource();
        if (_callerToken.CanBeCanceled)
        {
            _callerRegistration = _callerToken.UnsafeRegister(static state => ((GrpcCall<TRequest, TResponse>)state!).CancelCall(), this);
        }

        if (parentToken.CanBeCanceled)
        {
            _parentRegistration = parentToken.UnsafeRegister(static state => ((GrpcCall<TRequest, TResponse>)state!).CancelCall(), this);
        }

        if (_deadline is { } deadline)
        {
            var remaining = deadline - DateTime.UtcNow;
            _deadlineCts = new CancellationTokenSource();
            if (remaining <= TimeSpan.Zero)
            {
                _deadlineCts.Cancel();
            }
            else if (remaining.TotalMilliseconds < uint.MaxValue - 1)
            {
                _deadlineCts.CancelAfter(remaining);
            }
        }

        if (_deadlineCts is not null)
        {
            _deadlineRegistration = _deadlineCts.Token.UnsafeRegister(static state => ((GrpcCall<TRequest, TResponse>)state!).CancelCall(), this);
        }

        if (GrpcDiagnostics.ClientEnabled)
        {
            _start = Stopwatch.GetTimestamp();
            var previous = Activity.Current;
            _activity = GrpcDiagnostics.ActivitySource.StartActivity(method.FullName.TrimStart('/'), ActivityKind.Client);
            if (_activity is not null)
            {
                GrpcDiagnostics.SetCallTags(_activity, method);
                Activity.Current = previous;
            }
        }
    }

    public Task<Metadata> ResponseHeadersAsync => _headers.Task;

    public CancellationToken CallToken => _callCts.Token;

    public StreamingRequestContent? StreamingContent { get; private set; }

    public Status GetStatus() => _status ?? throw new InvalidOperationException("调用尚未结束，无法获取状态 / Unable to get the status because the call is not complete.");

    public Metadata GetTrailers() => _trailers ?? throw new InvalidOperationException("调用尚未结束，无法获取尾部元数据 / Can't get the call trailers because the call has not completed successfully.");

    /// <summary>Starts the HTTP/2 request with either one message or a streaming body.</summary>
    public void Start(TRequest? request)
    {
        HttpContent content;
        try
        {
            var headers = _options.Headers;
            if (headers is not null && headers.GetValue(GrpcProtocol.RequestCompressionMetadataKey) is { } encoding && encoding != GrpcProtocol.IdentityEncoding)
            {
                _requestCompression = _channel.CompressionProviders.TryGetValue(encoding, out var provider)
                    ? provider
                    : throw new RpcException(new Status(StatusCode.Internal, $"客户端未注册压缩算法 '{encoding}' / Could not find compression provider for '{encoding}'."));
            }

            if (request is not null)
            {
                content = SerializeSingle(request);
            }
            else
            {
                StreamingContent = new StreamingRequestContent();
                content = StreamingContent;
            }
        }
        catch (Exception ex)
        {
            _responseTask = Task.FromException<bool>(Fail(ex));
            return;
        }

        _responseTask = SendAsync(CreateRequest(content));
    }

    private HttpRequestMessage CreateRequest(HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _channel.GetMethodUri(_method.FullName))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        var headers = request.Headers;
        headers.TryAddWithoutValidation(GrpcProtocol.TeHeader, GrpcProtocol.TeTrailers);
        headers.TryAddWithoutValidation("User-Agent", "grpc-dotnet-salesmesh/1.0");
        headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, _channel.AcceptEncoding);
        if (_host is not null)
        {
            headers.Host = _host;
        }

        if (_requestCompression is not null)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.EncodingHeader, _requestCompression.EncodingName);
        }

        if (_deadline is { } deadline)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(deadline - DateTime.UtcNow));
        }

        if (_options.Headers is { Count: > 0 } metadata)
        {
            foreach (var entry in metadata)
            {
                if (!GrpcProtocol.IsReservedHeader(entry.Key))
                {
                    headers.TryAddWithoutValidation(entry.Key, entry.IsBinary ? BinaryHeader.Encode(entry.ValueBytes) : entry.Value);
                }
            }
        }

        // W3C trace context: the gRPC client span is the remote parent of the server's spans.
        var traceSource = _activity ?? Activity.Current;
        if (traceSource is { IdFormat: ActivityIdFormat.W3C, Id: { } id } && !headers.Contains("traceparent"))
        {
            headers.TryAddWithoutValidation("traceparent", id);
            if (traceSource.TraceStateString is { Length: > 0 } state)
            {
                headers.TryAddWithoutValidation("tracestate", state);
            }
        }

        return request;
    }

    private SingleMessageContent SerializeSingle(TRequest request)
    {
        var writer = new PooledBufferWriter();
        try
        {
            using var context = new FramingSerializationContext();
            context.Initialize(writer, _requestCompression, null, _channel.MaxSendMessageSize);
            _method.RequestMarshaller.ContextualSerializer(request, context);
            return new SingleMessageContent(writer);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    /// <summary>Sends and validates response headers. False means the call already ended (trailers-only OK).</summary>
    private async Task<bool> SendAsync(HttpRequestMessage request)
    {
        if (_activity is not null)
        {
            Activity.Current = _activity;
        }

        try
        {
            if (_deadlineCts?.IsCancellationRequested == true)
            {
                throw new OperationCanceledException(_callCts.Token);
            }

            var response = await _channel.Invoker.SendAsync(request, _callCts.Token).ConfigureAwait(false);
            _response = response;
            if (ClientResponse.GetTrailersOnlyStatus(response) is { } finalStatus)
            {
                var headerMetadata = ClientResponse.ToMetadata(response.Headers, null);
                _headers.TrySetResult(headerMetadata);
                Finish(finalStatus, headerMetadata);
                if (finalStatus.StatusCode != StatusCode.OK)
                {
                    throw _failure!;
                }

                return false;
            }

            if (ClientResponse.GetEncoding(response) is { } encoding && encoding != GrpcProtocol.IdentityEncoding)
            {
                _responseCompression = _channel.CompressionProviders.TryGetValue(encoding, out var provider)
                    ? provider
                    : throw new RpcException(new Status(StatusCode.Internal, $"服务器使用了不支持的 grpc-encoding '{encoding}' / Unsupported grpc-encoding value '{encoding}' in response."));
            }

            _headers.TrySetResult(ClientResponse.ToMetadata(response.Headers, null));
            _responseStream = await response.Content.ReadAsStreamAsync(_callCts.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex)
        {
            throw Fail(ex);
        }
    }

    /// <summary>Waits for response headers; false when the call ended without a body (trailers-only OK).</summary>
    public Task<bool> EnsureResponseAsync() => _responseTask!;

    /// <summary>Reads the next response message, or null at the end of the body (then the status is read from trailers).</summary>
    public async ValueTask<TResponse?> ReadMessageAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!await EnsureResponseAsync().WaitAsync(cancellationToken).ConfigureAwait(false) || _status is not null)
            {
                return null;
            }

            var stream = _responseStream!;
            var read = await ReadAtLeastAsync(stream, _headerBuffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                CompleteFromTrailers();
                return null;
            }

            if (read < GrpcProtocol.HeaderSize)
            {
                throw new RpcException(new Status(StatusCode.Internal, "响应消息前缀不完整 / Incomplete message prefix in response."));
            }

            var compressed = _headerBuffer[0] switch
            {
                0 => false,
                1 => true,
                _ => throw new RpcException(new Status(StatusCode.Internal, "响应消息压缩标志无效 / Invalid compressed flag in response message.")),
            };
            var length = BinaryPrimitives.ReadUInt32BigEndian(_headerBuffer.AsSpan(1));
            if (length > int.MaxValue || (_channel.MaxReceiveMessageSize is { } max && length > max))
            {
                throw new RpcException(new Status(StatusCode.ResourceExhausted,
                    $"收到的消息超过最大允许大小 / Received message exceeds the maximum configured message size ({length} > {_channel.MaxReceiveMessageSize})."));
            }

            var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(length, 1));
            try
            {
                if (await ReadAtLeastAsync(stream, buffer.AsMemory(0, (int)length), cancellationToken).ConfigureAwait(false) < length)
                {
                    throw new RpcException(new Status(StatusCode.Internal, "响应消息不完整 / Incomplete message in response."));
                }

                return Deserialize(new ReadOnlySequence<byte>(buffer, 0, (int)length), compressed);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (Exception ex)
        {
            throw Fail(ex);
        }
    }

    private TResponse Deserialize(ReadOnlySequence<byte> payload, bool compressed)
    {
        PooledBufferWriter? inflated = null;
        try
        {
            if (compressed)
            {
                var provider = _responseCompression
                    ?? throw new RpcException(new Status(StatusCode.Internal, "响应消息被压缩但未声明 grpc-encoding / Compressed response message without grpc-encoding."));
                inflated = MessageFraming.Decompress(payload, provider, _channel.MaxReceiveMessageSize);
                payload = new ReadOnlySequence<byte>(inflated.WrittenMemory);
            }

            _deserialization.SetPayload(payload);
            try
            {
                return _method.ResponseMarshaller.ContextualDeserializer(_deserialization);
            }
            catch (Exception ex) when (ex is not RpcException)
            {
                throw new RpcException(new Status(StatusCode.Internal, "无法反序列化响应消息 / Failed to deserialize response message.", ex));
            }
            finally
            {
                _deserialization.SetPayload(default);
            }
        }
        finally
        {
            inflated?.Dispose();
        }
    }

    private static async ValueTask<int> ReadAtLeastAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private void CompleteFromTrailers()
    {
        var status = ClientResponse.GetStatusFromTrailers(_response!);
        Finish(status, ClientResponse.ToMetadata(_response!.TrailingHeaders, null));
        if (status.StatusCode != StatusCode.OK)
        {
            throw _failure!;
        }
    }

    /// <summary>Records the final status once; later failures keep the first outcome.</summary>
    public void Finish(Status status, Metadata trailers)
    {
        if (Interlocked.Exchange(ref _finished, 1) == 1)
        {
            return;
        }

        _trailers = trailers;
        _status = status;
        if (status.StatusCode != StatusCode.OK)
        {
            _failure = new RpcException(status, trailers);
            _headers.TrySetException(_failure);
            StreamingContent?.Abort(_failure);
            // Resets the HTTP/2 stream if the request body is still open.
            CancelCall();
        }
        else
        {
            _headers.TrySetResult(Metadata.Empty);
            StreamingContent?.Complete();
        }

        if (_start != 0)
        {
            GrpcDiagnostics.Complete(_activity, GrpcDiagnostics.ClientDuration, _method, status.StatusCode, _start);
        }

        // Release everything that would otherwise live until the caller disposes the call (often never).
        _callerRegistration.Unregister();
        _parentRegistration.Unregister();
        _deadlineRegistration.Unregister();
        _deadlineCts?.Dispose();
        _response?.Dispose();
    }

    private void CancelCall()
    {
        try
        {
            _callCts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call already ended.
        }
    }

    /// <summary>Turns any failure into the call's final RpcException (or OperationCanceledException when asked).</summary>
    public Exception Fail(Exception ex)
    {
        if (_finished == 0)
        {
            var status = ex switch
            {
                RpcException rpc => rpc.Status,
                _ when _deadlineCts?.IsCancellationRequested == true => new Status(StatusCode.DeadlineExceeded, "截止时间已过 / Deadline Exceeded", ex),
                _ when _callCts.IsCancellationRequested => new Status(StatusCode.Cancelled, "客户端取消了调用 / Call canceled by the client.", ex),
                OperationCanceledException => new Status(StatusCode.Cancelled, "客户端取消了调用 / Call canceled by the client.", ex),
                HttpProtocolException { ErrorCode: 0x8 } => new Status(StatusCode.Cancelled, "服务器重置了流 / The server reset the stream (CANCEL).", ex),
                HttpProtocolException { ErrorCode: 0x7 } => new Status(StatusCode.Unavailable, "服务器拒绝了流 / The server refused the stream.", ex),
                HttpProtocolException protocol => new Status(StatusCode.Internal, $"HTTP/2 错误 / HTTP/2 protocol error ({protocol.ErrorCode}).", ex),
                HttpRequestException => new Status(StatusCode.Unavailable, $"无法连接 / Error starting gRPC call: {ex.Message}", ex),
                IOException => new Status(StatusCode.Unavailable, $"连接中断 / Error reading the response: {ex.Message}", ex),
                _ => new Status(StatusCode.Internal, $"调用失败 / Error in gRPC call: {ex.GetType().Name}: {ex.Message}", ex),
            };
            Finish(status, (ex as RpcException)?.Trailers ?? Metadata.Empty);
        }

        if (_status?.StatusCode == StatusCode.Cancelled && _channel.ThrowOperationCanceledOnCancellation && _callerToken.IsCancellationRequested)
        {
            return new OperationCanceledException(_callerToken);
        }

        return _failure ?? new RpcException(_status ?? new Status(StatusCode.Internal, "未知失败 / Unknown failure."));
    }

    /// <summary>Ends the call from the caller's side: cancels it (resetting the stream) unless already finished.</summary>
    public void Dispose()
    {
        if (_finished == 0)
        {
            Finish(new Status(StatusCode.Cancelled, "调用已被释放 / gRPC call disposed."), Metadata.Empty);
        }

        _response?.Dispose();
        _deadlineCts?.Dispose();
        _callCts.Dispose();
    }

    /// <summary>Stream writer of client/duplex streaming calls.</summary>
    public async Task WriteMessageAsync(TRequest message, WriteOptions? writeOptions, CancellationToken cancellationToken)
    {
        var content = StreamingContent!;
        Stream stream;
        try
        {
            stream = await content.GetStreamAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw Fail(ex);
        }

        using var writer = new PooledBufferWriter();
        using var context = new FramingSerializationContext();
        var compression = writeOptions is not null && (writeOptions.Flags & WriteFlags.NoCompress) != 0 ? null : _requestCompression;
        context.Initialize(writer, compression, null, _channel.MaxSendMessageSize);
        _method.RequestMarshaller.ContextualSerializer(message, context);
        try
        {
            await stream.WriteAsync(writer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (_finished == 1 || ex is not OperationCanceledException)
        {
            throw Fail(ex);
        }
    }
}
