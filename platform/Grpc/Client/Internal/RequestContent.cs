using System.Buffers;
using System.Net;

namespace Grpc.Net.Client.Internal;

/// <summary>Body of unary and server-streaming calls: one framed message in a pooled array.</summary>
internal sealed class SingleMessageContent : HttpContent
{
    private byte[]? _buffer;
    private readonly int _length;

    public SingleMessageContent(byte[] pooledBuffer, int length)
    {
        _buffer = pooledBuffer;
        _length = length;
        Headers.TryAddWithoutValidation("Content-Type", Grpc.Shared.GrpcProtocol.ContentType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        base.Dispose(disposing);
    }
}

/// <summary>
/// Body of client- and duplex-streaming calls: hands the HTTP/2 request stream to the writer and stays
/// open until the writer completes (half-close) or the call ends.
/// </summary>
internal sealed class StreamingRequestContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StreamingRequestContent() => Headers.TryAddWithoutValidation("Content-Type", Grpc.Shared.GrpcProtocol.ContentType);

    public Task<Stream> GetStreamAsync() => _stream.Task;

    public void Complete() => _complete.TrySetResult();

    public void Abort(Exception exception)
    {
        _stream.TrySetException(exception);
        _complete.TrySetResult();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _stream.TrySetResult(stream);
        await _complete.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
