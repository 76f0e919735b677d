using Google.Protobuf.Reflection;

namespace SalesMesh.Gateway.Transcoding;

/// <summary>Dotted field paths (proto or JSON names per segment) resolved against message descriptors.</summary>
public static class FieldPaths
{
    /// <summary>
    /// The field at <paramref name="path"/> ("lead_id.value", "leadId.value", "page.pageSize"), or
    /// null. A path ending on a typed-id message (one scalar field, e.g. LeadId) resolves to that
    /// inner field, so <c>{lead_id}</c> and <c>?customerId=…</c> work as clients expect.
    /// </summary>
    public static FieldDescriptor? Resolve(MessageDescriptor message, string path) =>
        ResolveChain(message, path) is { Count: > 0 } chain ? chain[^1] : null;

    /// <summary>The fields from the root to the leaf (see <see cref="Resolve"/>), or null.</summary>
    public static IReadOnlyList<FieldDescriptor>? ResolveChain(MessageDescriptor message, string path)
    {
        var chain = new List<FieldDescriptor>();
        var current = message;
        var segments = path.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            if (current is null)
                return null;
            var field = current.FindFieldByName(segments[i]) ?? current.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == segments[i]);
            if (field is null)
                return null;
            chain.Add(field);
            var last = i == segments.Length - 1;
            if (field.FieldType == FieldType.Message && !field.IsRepeated && !field.IsMap)
            {
                current = field.MessageType;
                if (last && IsTypedId(field.MessageType))
                    chain.Add(field.MessageType.Fields.InDeclarationOrder()[0]);
            }
            else
            {
                current = null;
            }
        }
        return chain;
    }

    /// <summary>Well-known types whose JSON form is a string or number (a path or query value can fill them).</summary>
    public static bool IsScalarLike(MessageDescriptor message) =>
        message.FullName is "google.protobuf.Timestamp" or "google.protobuf.Duration" or "google.protobuf.FieldMask"
            or "google.protobuf.StringValue" or "google.protobuf.Int32Value" or "google.protobuf.Int64Value"
            or "google.protobuf.UInt32Value" or "google.protobuf.UInt64Value" or "google.protobuf.BoolValue"
            or "google.protobuf.DoubleValue" or "google.protobuf.FloatValue" or "google.protobuf.BytesValue"
        || IsTypedId(message);

    /// <summary>Our typed ids (LeadId, CustomerId, …): a message with exactly one non-repeated scalar field.</summary>
    public static bool IsTypedId(MessageDescriptor message) =>
        message.File.Package.StartsWith("salesmesh.", StringComparison.Ordinal)
        && message.Fields.InDeclarationOrder() is [{ IsRepeated: false, FieldType: not FieldType.Message and not FieldType.Group }];

    /// <summary>proto path "lead_id.value" or "items[2].unit_price" → JSON path "leadId.value" / "items[2].unitPrice".</summary>
    public static string ToJsonPath(string protoPath) =>
        string.Join('.', protoPath.Split('.').Select(CamelCaseSegment));

    private static string CamelCaseSegment(string segment)
    {
        var bracket = segment.IndexOf('[');
        var name = bracket < 0 ? segment : segment[..bracket];
        var rest = bracket < 0 ? "" : segment[bracket..];
        var parts = name.Split('_', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
            return segment;
        return string.Concat(parts.Select((p, i) => i == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..])) + rest;
    }
}
