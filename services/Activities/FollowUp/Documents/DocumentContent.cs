using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Domain.StatusCards;

namespace SalesMesh.Activities.FollowUp.Documents;

/// <summary>
/// The accepted document types and how each is recognised from its bytes. A file's name and its
/// declared type are claims; the content decides (a PNG renamed "需求确认书.pdf" is not a PDF).
/// </summary>
public static class DocumentContent
{
    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";

    public static readonly IReadOnlyList<string> Accepted = [Pdf, Png, Jpeg];

    /// <summary>Null when the bytes are what <paramref name="declaredType"/> says, else the reason.</summary>
    public static DomainError? Check(string declaredType, ReadOnlySpan<byte> content)
    {
        bool matches = declaredType switch
        {
            Pdf => PdfSignature.LooksLikePdf(content),
            // PNG: the fixed 8-byte signature.
            Png => content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
            // JPEG: SOI marker followed by another marker; EOI at the end.
            Jpeg => content.Length >= 4 && content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) && content.EndsWith((ReadOnlySpan<byte>)[0xFF, 0xD9]),
            _ => false,
        };
        if (matches)
        {
            return null;
        }
        var name = declaredType switch { Pdf => "PDF", Png => "PNG", Jpeg => "JPEG", _ => declaredType };
        return new DomainError("document.content_mismatch", "content",
            new($"文件内容不是有效的 {name}（按内容检查，不看文件名）", $"The content is not a valid {name} (checked by content, not by file name)"));
    }
}
