using System.Buffers;

namespace Grpc.Core;

/// <summary>Where a marshaller writes one message: either a whole byte array, or into a buffer writer after announcing the length.</summary>
/// <remarks>The base methods throw on purpose, as in the public Grpc.Core API: each transport overrides them.</remarks>
public abstract class SerializationContext
{
    public virtual void Complete(byte[] payload) => throw new NotImplementedException();

    public virtual IBufferWriter<byte> GetBufferWriter() => throw new NotImplementedException();

    public virtual void SetPayloadLength(int payloadLength)
    {
    }

    public virtual void Complete() => throw new NotImplementedException();
}

/// <summary>Where a marshaller reads one received message from.</summary>
/// <remarks>The base methods throw on purpose, as in the public Grpc.Core API: each transport overrides them.</remarks>
public abstract class DeserializationContext
{
    public abstract int PayloadLength { get; }

    public virtual byte[] PayloadAsNewBuffer() => throw new NotImplementedException();

    public virtual ReadOnlySequence<byte> PayloadAsReadOnlySequence() => throw new NotImplementedException();
}

internal sealed class ByteArraySerializationContext : SerializationContext
{
    private ArrayBufferWriter<byte>? _writer;

    public byte[] Result { get; private set; } = [];

    public override void Complete(byte[] payload) => Result = payload;

    public override IBufferWriter<byte> GetBufferWriter() => _writer ??= new ArrayBufferWriter<byte>();

    public override void Complete() => Result = _writer?.WrittenSpan.ToArray() ?? [];
}

internal sealed class ByteArrayDeserializationContext(byte[] payload) : DeserializationContext
{
    public override int PayloadLength => payload.Length;

    public override byte[] PayloadAsNewBuffer() => (byte[])payload.Clone();

    public override ReadOnlySequence<byte> PayloadAsReadOnlySequence() => new(payload);
}
