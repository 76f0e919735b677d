using System.Net;
using Grpc.Shared;

namespace Grpc.Net.Client.Internal;

/// <summary>Body of unary and server-streaming calls: one framed message in a pooled array.</summary>
internal sealed class SingleMessageContent : HttpContent
{
    private PooledBufferWriter? _message;
    private readonly int _length;

    public SingleMessageContent(PooledBufferWriter message)
    {
        _message = message;
        _length = message.WrittenCount;
        Headers.TryAddWithoutValidation("Content-Type", Grpc.Shared.GrpcProtocol.ContentType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(_message!.WrittenMemory, cancellationToken).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        Interlocked.Exchange(ref _message, null)?.Dispose();
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
