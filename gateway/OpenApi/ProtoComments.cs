using Google.Protobuf.Reflection;

namespace SalesMesh.Gateway.OpenApi;

/// <summary>
/// Proto comments for the API documentation. The descriptors compiled into the contracts carry no
/// source info, so the gateway's build runs protoc once more over protos/ with
/// <c>--include_source_info</c> and embeds that descriptor set (resource <see cref="ResourceName"/>).
/// Without it (e.g. protoc unavailable) descriptions are simply absent.
/// </summary>
public sealed class ProtoComments
{
    public const string ResourceName = "SalesMesh.Gateway.contracts.protoset";

    private readonly Dictionary<(string File, string Path), string> _comments = new();

    public ProtoComments()
    {
        using var stream = typeof(ProtoComments).Assembly.GetManifestResourceStream(ResourceName);
        if (stream is null)
            return;
        var set = FileDescriptorSet.Parser.ParseFrom(stream);
        foreach (var file in set.File)
        {
            if (file.SourceCodeInfo is null)
                continue;
            foreach (var location in file.SourceCodeInfo.Location)
            {
                var text = location.LeadingComments.Trim();
                if (text.Length > 0)
                    _comments[(file.Name, string.Join('.', location.Path))] = string.Join('\n', text.Split('\n').Select(l => l.Trim()));
            }
        }
    }

    public bool HasSourceInfo => _comments.Count > 0;

    public string? Of(MessageDescriptor message) => Find(message.File, MessagePath(message));

    public string? Of(FieldDescriptor field) =>
        field.ContainingType is null ? null : Find(field.File, [.. MessagePath(field.ContainingType), 2, field.Index]);

    public string? Of(EnumDescriptor enumType) =>
        Find(enumType.File, enumType.ContainingType is null ? [5, enumType.Index] : [.. MessagePath(enumType.ContainingType), 4, enumType.Index]);

    public string? Of(MethodDescriptor method) => Find(method.File, [6, method.Service.Index, 2, method.Index]);

    private string? Find(FileDescriptor file, int[] path) =>
        _comments.TryGetValue((file.Name, string.Join('.', path)), out var text) ? text : null;

    // FileDescriptorProto field 4 = message_type; DescriptorProto field 3 = nested_type.
    private static int[] MessagePath(MessageDescriptor message) =>
        message.ContainingType is null ? [4, message.Index] : [.. MessagePath(message.ContainingType), 3, message.Index];
}
