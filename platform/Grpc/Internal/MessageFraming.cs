using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Grpc.Core;
using Grpc.Net.Compression;

namespace Grpc.Shared;

/// <summary>The 5-byte length-prefixed message format: 1 byte compressed flag, 4 bytes big-endian length.</summary>
internal static class MessageFraming
{
    public static void WriteHeader(Span<byte> destination, bool compressed, int length)
    {
        destination[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
    }

    /// <summary>
    /// Tries to cut one whole message from the front of <paramref name="buffer"/>. The size limit is checked
    /// from the prefix alone, so an oversized message is refused before any of its body is buffered.
    /// </summary>
    public static bool TryReadMessage(ref ReadOnlySequence<byte> buffer, int? maxSize, out ReadOnlySequence<byte> payload, out bool compressed)
    {
        payload = default;
        compressed = false;
        if (buffer.Length < GrpcProtocol.HeaderSize)
        {
            return false;
        }

        // The prefix is almost always inside the first segment; copy only when it straddles two.
        Span<byte> copy = stackalloc byte[GrpcProtocol.HeaderSize];
        scoped ReadOnlySpan<byte> header = buffer.FirstSpan;
        if (header.Length < GrpcProtocol.HeaderSize)
        {
            buffer.Slice(0, GrpcProtocol.HeaderSize).CopyTo(copy);
            header = copy;
        }

        compressed = header[0] switch
        {
            0 => false,
            1 => true,
            _ => throw new RpcException(new Status(StatusCode.Internal, "消息压缩标志无效 / Invalid compressed flag in message prefix.")),
        };

        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > int.MaxValue || (maxSize is { } max && length > max))
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"收到的消息超过最大允许大小 / Received message exceeds the maximum configured message size ({length} > {maxSize}).")); 
        }

        if (buffer.Length < GrpcProtocol.HeaderSize + length)
        {
            return false;
        }

        payload = buffer.Slice(GrpcProtocol.HeaderSize, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>Inflates a compressed payload into a pooled buffer, enforcing the size limit on the inflated bytes.</summary>
    public static PooledBufferWriter Decompress(ReadOnlySequence<byte> payload, ICompressionProvider provider, int? maxSize)
    {
        var output = new PooledBufferWriter((int)Math.Min(Math.Max(payload.Length * 4, 1024), maxSize ?? int.MaxValue));
        try
        {
            using var source = provider.CreateDecompressionStream(new SequenceStream(payload));
            while (true)
            {
                var span = output.GetSpan(8192);
                var read = source.Read(span);
                if (read == 0)
                {
                    return output;
                }

                output.Advance(read);
                if (maxSize is { } max && output.WrittenCount > max)
                {
                    throw new RpcException(new Status(StatusCode.ResourceExhausted,
                        "解压后的消息超过最大允许大小 / Decompressed message exceeds the maximum configured message size."));
                }
            }
        }
        catch (InvalidDataException ex)
        {
            output.Dispose();
            throw new RpcException(new Status(StatusCode.Internal, "无法解压消息 / Failed to decompress message.", ex));
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    public static RpcException SendTooLarge(int length, int max) => new(new Status(StatusCode.ResourceExhausted,
        $"发送的消息超过最大允许大小 / Sending message exceeds the maximum configured message size ({length} > {max})."));
}

/// <summary>
/// Serialization target that writes framed messages into an IBufferWriter. When the marshaller announces the
/// length up front and no compression applies, the prefix and body go straight into the output (no copy);
/// a small message gets prefix + body in one reservation (one GetMemory/Advance on the output: Kestrel's
/// response writer takes a lock per call).
/// </summary>
internal sealed class FramingSerializationContext : SerializationContext, IBufferWriter<byte>, IDisposable
{
    // One pipe block; larger messages are written in the pipe's own chunks.
    private const int MaxReservedFrame = 4096;

    private IBufferWriter<byte> _output = null!;
    private ICompressionProvider? _compression;
    private CompressionLevel? _level;
    private int? _maxSize;
    private PooledBufferWriter? _staging;
    private bool _direct;
    private Memory<byte> _reserved;
    private int _reservedWritten;
    private bool _reserving;

    public int LastMessageSize { get; private set; }

    public void Initialize(IBufferWriter<byte> output, ICompressionProvider? compression, CompressionLevel? level, int? maxSize)
    {
        _output = output;
        _compression = compression;
        _level = level;
        _maxSize = maxSize;
        _direct = false;
        _reserving = false;
        _reserved = default;
        _reservedWritten = 0;
        _staging?.Reset();
        LastMessageSize = 0;
    }

    public override void SetPayloadLength(int payloadLength)
    {
        CheckSize(payloadLength);
        if (_compression is null)
        {
            if (payloadLength <= MaxReservedFrame - GrpcProtocol.HeaderSize)
            {
                // Prefix now, body into the same memory; both are committed with one Advance in Complete.
                _reserved = _output.GetMemory(GrpcProtocol.HeaderSize + payloadLength);
                MessageFraming.WriteHeader(_reserved.Span, false, payloadLength);
                _reserved = _reserved[GrpcProtocol.HeaderSize..];
                _reservedWritten = 0;
                _reserving = true;
            }
            else
            {
                MessageFraming.WriteHeader(_output.GetSpan(GrpcProtocol.HeaderSize), false, payloadLength);
                _output.Advance(GrpcProtocol.HeaderSize);
            }

            _direct = true;
            LastMessageSize = payloadLength;
        }
    }

    public override IBufferWriter<byte> GetBufferWriter() => _direct ? (_reserving ? this : _output) : (_staging ??= new PooledBufferWriter());

    public override void Complete()
    {
        if (_reserving)
        {
            CommitReserved();
        }
        else if (!_direct)
        {
            Finish(_staging is null ? ReadOnlySpan<byte>.Empty : _staging.WrittenSpan);
        }
    }

    public override void Complete(byte[] payload)
    {
        if (_direct)
        {
            // Length was announced and the header written; the body follows as-is.
            if (_reserving)
            {
                ((IBufferWriter<byte>)this).Write(payload);
                CommitReserved();
                return;
            }

            _output.Write(payload);
            return;
        }

        Finish(payload);
    }

    /// <summary>Returns the staging buffer to the pool, so an idle cached context holds no array.</summary>
    public void Dispose()
    {
        _staging?.Dispose();
        _staging = null;
        _output = null!;
        _reserved = default;
    }

    void IBufferWriter<byte>.Advance(int count)
    {
        if (_reserving)
        {
            _reservedWritten += count;
        }
        else
        {
            _output.Advance(count);
        }
    }

    Memory<byte> IBufferWriter<byte>.GetMemory(int sizeHint)
    {
        var free = _reserved[_reservedWritten..];
        if (_reserving && free.Length >= Math.Max(sizeHint, 1))
        {
            return free;
        }

        Spill();
        return _output.GetMemory(sizeHint);
    }

    Span<byte> IBufferWriter<byte>.GetSpan(int sizeHint) => ((IBufferWriter<byte>)this).GetMemory(sizeHint).Span;

    /// <summary>The message outgrew its announced length: commit what is reserved and continue on the output.</summary>
    private void Spill()
    {
        if (_reserving)
        {
            CommitReserved();
        }
    }

    private void CommitReserved()
    {
        _output.Advance(GrpcProtocol.HeaderSize + _reservedWritten);
        _reserving = false;
        _reserved = default;
        _reservedWritten = 0;
    }

    private void Finish(ReadOnlySpan<byte> payload)
    {
        CheckSize(payload.Length);
        LastMessageSize = payload.Length;
        if (_compression is null)
        {
            MessageFraming.WriteHeader(_output.GetSpan(GrpcProtocol.HeaderSize), false, payload.Length);
            _output.Advance(GrpcProtocol.HeaderSize);
            _output.Write(payload);
            return;
        }

        using var compressed = new PooledBufferWriter(Math.Max(256, payload.Length / 2));
        using (var stream = _compression.CreateCompressionStream(new BufferWriterStream(compressed), _level))
        {
            stream.Write(payload);
        }

        MessageFraming.WriteHeader(_output.GetSpan(GrpcProtocol.HeaderSize), true, compressed.WrittenCount);
        _output.Advance(GrpcProtocol.HeaderSize);
        _output.Write(compressed.WrittenSpan);
    }

    private void CheckSize(int length)
    {
        if (_maxSize is { } max && length > max)
        {
            throw MessageFraming.SendTooLarge(length, max);
        }
    }
}

/// <summary>Hands a received payload to a marshaller without copying it.</summary>
internal sealed class SequenceDeserializationContext : DeserializationContext
{
    private ReadOnlySequence<byte> _payload;

    public void SetPayload(ReadOnlySequence<byte> payload) => _payload = payload;

    public override int PayloadLength => (int)_payload.Length;

    public override byte[] PayloadAsNewBuffer() => _payload.ToArray();

    public override ReadOnlySequence<byte> PayloadAsReadOnlySequence() => _payload;
}
