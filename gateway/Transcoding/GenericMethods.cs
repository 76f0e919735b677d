using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace SalesMesh.Gateway.Transcoding;

/// <summary>
/// <c>Method&lt;IMessage, IMessage&gt;</c> for any contract method, built from its descriptor: the
/// marshallers serialize any message and parse with the descriptor's own parser, so no generated
/// client is needed to call a method.
/// </summary>
public static class GenericMethods
{
    private static readonly ConcurrentDictionary<MethodDescriptor, Method<IMessage, IMessage>> Cache = new();

    public static Method<IMessage, IMessage> Of(MethodDescriptor method) => Cache.GetOrAdd(method, static m => new Method<IMessage, IMessage>(
        m.IsServerStreaming ? MethodType.ServerStreaming : MethodType.Unary,
        m.Service.FullName,
        m.Name,
        MarshallerFor(m.InputType),
        MarshallerFor(m.OutputType)));

    private static Marshaller<IMessage> MarshallerFor(MessageDescriptor descriptor)
    {
        var parser = descriptor.Parser;
        return Marshallers.Create<IMessage>(
            static (message, context) =>
            {
                context.SetPayloadLength(message.CalculateSize());
                message.WriteTo(context.GetBufferWriter());
                context.Complete();
            },
            context => parser.ParseFrom(context.PayloadAsReadOnlySequence()));
    }
}
