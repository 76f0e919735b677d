namespace SalesMesh.Activities.Domain.StatusCards;

/// <summary>
/// Decides "is this a PDF?" from the bytes, never from the file name (a renamed PNG is not a
/// requirement-confirmation document). A PDF starts with "%PDF-" + version digit, and ends with
/// "%%EOF" followed by nothing but end-of-line whitespace; real files sometimes carry a little
/// trailing padding, so the marker is searched in the last 1024 bytes.
/// </summary>
public static class PdfSignature
{
    private const int TrailerWindow = 1024;

    public static bool LooksLikePdf(ReadOnlySpan<byte> content) => HasHeader(content) && HasTrailer(content);

    private static bool HasHeader(ReadOnlySpan<byte> content) =>
        content.Length >= 8 && content.StartsWith("%PDF-"u8) && content[5] is >= (byte)'1' and <= (byte)'9' && content[6] == (byte)'.';

    private static bool HasTrailer(ReadOnlySpan<byte> content)
    {
        var tail = content.Length > TrailerWindow ? content[^TrailerWindow..] : content;
        int end = tail.Length;
        while (end > 0 && tail[end - 1] is (byte)'\r' or (byte)'\n' or (byte)' ' or (byte)'\t' or 0)
        {
            end--;
        }
        return tail[..end].EndsWith("%%EOF"u8);
    }
}
