using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace SalesMesh.Gateway.Transcoding;

/// <summary>
/// Uploads travel as protobuf <c>bytes</c> (base64 in JSON). A request message with a bytes field
/// is an upload: it gets the larger body limit (<c>Gateway:Uploads:MaxBodyBytes</c>, 16 MiB: a
/// 10 MiB file is ~13.4 MiB as base64), and where the message declares the type in a sibling
/// <c>content_type</c> field, the gateway checks the type is allowed
/// (<c>Gateway:Uploads:AllowedContentTypes</c>) and that the bytes really are that type (magic
/// numbers) before any service sees them. Services check again; this is the outer wall.
/// </summary>
public sealed class UploadChecks(IConfiguration configuration)
{
    public const string ContentTypeField = "content_type";

    private static readonly string[] DefaultAllowed = ["application/pdf", "image/png", "image/jpeg", "image/webp"];

    private readonly long _maxUploadBytes = configuration.GetValue("Gateway:Uploads:MaxBodyBytes", 16L * 1024 * 1024);
    private readonly HashSet<string> _allowed = new(
        configuration.GetSection("Gateway:Uploads:AllowedContentTypes").Get<string[]>() is { Length: > 0 } configured ? configured : DefaultAllowed,
        StringComparer.OrdinalIgnoreCase);

    public static bool IsUpload(MessageDescriptor message) =>
        message.Fields.InDeclarationOrder().Any(f => f.FieldType == FieldType.Bytes);

    public long MaxBodyBytes(HttpBinding binding) =>
        IsUpload(binding.Method.InputType) ? _maxUploadBytes : TranscodingEndpoints.MaxBodyBytes;

    /// <summary>Field errors (JSON names) for a declared type that is not allowed or does not match the content; null when fine.</summary>
    public Dictionary<string, string[]>? Check(IMessage request, bool english)
    {
        var descriptor = request.Descriptor;
        if (descriptor.FindFieldByName(ContentTypeField) is not { FieldType: FieldType.String } typeField)
            return null;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var declared = ((string)typeField.Accessor.GetValue(request)).Split(';')[0].Trim();
        foreach (var field in descriptor.Fields.InDeclarationOrder().Where(f => f.FieldType == FieldType.Bytes && !f.IsRepeated))
        {
            var content = (ByteString)field.Accessor.GetValue(request);
            if (content.IsEmpty)
                continue;
            if (!_allowed.Contains(declared))
            {
                errors[typeField.JsonName] = [english
                    ? $"File type '{declared}' is not accepted; allowed: {string.Join(", ", _allowed.Order())}."
                    : $"不接受文件类型“{declared}”，允许：{string.Join("、", _allowed.Order())}。"];
            }
            else if (!Matches(declared, content.Span))
            {
                errors[field.JsonName] = [english
                    ? $"The file content is not {declared}."
                    : $"文件内容与声明的类型 {declared} 不符。"];
            }
        }
        return errors.Count > 0 ? errors : null;
    }

    /// <summary>Magic numbers of the allowed types; a type we know no signature for passes (the allow-list already vetted it).</summary>
    public static bool Matches(string contentType, ReadOnlySpan<byte> content) => contentType.ToLowerInvariant() switch
    {
        "application/pdf" => content.StartsWith("%PDF-"u8),
        "image/png" => content.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }),
        "image/jpeg" => content.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }),
        "image/webp" => content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8),
        "image/gif" => content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8),
        _ => true,
    };
}
