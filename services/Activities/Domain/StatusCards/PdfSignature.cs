namespace SalesMesh.Activities.Domain.StatusCards;

/// <summary>
/// Decides "is this a PDF?" from the bytes, never from the file name (a renamed PNG is not a
/// requirement-confirmation document). Besides the "%PDF-n." header and the "%%EOF" trailer, the
/// basic structure every PDF has must be there, so junk between a header and a trailer is refused:
/// <list type="bullet">
/// <item>at least one indirect object, "&lt;num&gt; &lt;gen&gt; obj" … "endobj";</item>
/// <item>a cross-reference section: a classic "xref" table (the keyword at the start of a line) or
/// a cross-reference stream (an object with "/Type /XRef");</item>
/// <item>"startxref", its byte offset and then "%%EOF" at the end.</item>
/// </list>
/// The offset after startxref is not followed: readers repair slightly wrong offsets, and some
/// generators write them, so a file real readers open is not refused for it. Real files sometimes
/// carry a little padding after %%EOF, so the trailer is searched in the last 1024 bytes.
/// </summary>
public static class PdfSignature
{
    private const int TrailerWindow = 1024;

    public static bool LooksLikePdf(ReadOnlySpan<byte> content) =>
        HasHeader(content) && HasTrailer(content) && HasObject(content) && HasCrossReference(content);

    private static bool HasHeader(ReadOnlySpan<byte> content) =>
        content.Length >= 8 && content.StartsWith("%PDF-"u8) && content[5] is >= (byte)'1' and <= (byte)'9' && content[6] == (byte)'.';

    /// <summary>"startxref" EOL offset EOL "%%EOF", then only end-of-line padding.</summary>
    private static bool HasTrailer(ReadOnlySpan<byte> content)
    {
        var tail = content.Length > TrailerWindow ? content[^TrailerWindow..] : content;
        tail = TrimEnd(tail);
        if (!tail.EndsWith("%%EOF"u8))
        {
            return false;
        }
        tail = TrimEnd(tail[..^5]);
        int digits = 0;
        while (digits < tail.Length && IsDigit(tail[tail.Length - 1 - digits]))
        {
            digits++;
        }
        if (digits == 0)
        {
            return false;
        }
        tail = tail[..^digits];
        var beforeOffset = TrimEnd(tail);
        return beforeOffset.Length < tail.Length && beforeOffset.EndsWith("startxref"u8);
    }

    /// <summary>An object header "12 0 obj" followed, somewhere later, by "endobj".</summary>
    private static bool HasObject(ReadOnlySpan<byte> content)
    {
        int searchFrom = 0;
        while (searchFrom < content.Length)
        {
            int at = content[searchFrom..].IndexOf("obj"u8);
            if (at < 0)
            {
                return false;
            }
            at += searchFrom;
            if (IsObjectHeader(content, at))
            {
                return content[(at + 3)..].IndexOf("endobj"u8) >= 0;
            }
            searchFrom = at + 3;
        }
        return false;
    }

    /// <summary>Whether the "obj" at <paramref name="at"/> is preceded by "&lt;digits&gt; &lt;digits&gt; " (and so is not the end of "endobj").</summary>
    private static bool IsObjectHeader(ReadOnlySpan<byte> content, int at)
    {
        int i = at;
        for (int number = 0; number < 2; number++)
        {
            int spaceEnd = i;
            while (i > 0 && IsWhitespace(content[i - 1]))
            {
                i--;
            }
            int digitEnd = i;
            while (i > 0 && IsDigit(content[i - 1]))
            {
                i--;
            }
            if (spaceEnd == digitEnd || digitEnd == i)
            {
                return false;
            }
        }
        return i == 0 || IsWhitespace(content[i - 1]) || content[i - 1] is (byte)'>' or (byte)']';
    }

    /// <summary>A classic "xref" table (keyword at the start of a line, unlike the one inside "startxref") or a cross-reference stream.</summary>
    private static bool HasCrossReference(ReadOnlySpan<byte> content)
    {
        if (content.IndexOf("/XRef"u8) >= 0)
        {
            return true;
        }
        int searchFrom = 0;
        while (searchFrom < content.Length)
        {
            int at = content[searchFrom..].IndexOf("xref"u8);
            if (at < 0)
            {
                return false;
            }
            at += searchFrom;
            if (at > 0 && content[at - 1] is (byte)'\n' or (byte)'\r')
            {
                return true;
            }
            searchFrom = at + 4;
        }
        return false;
    }

    private static ReadOnlySpan<byte> TrimEnd(ReadOnlySpan<byte> span)
    {
        int end = span.Length;
        while (end > 0 && (IsWhitespace(span[end - 1]) || span[end - 1] == 0))
        {
            end--;
        }
        return span[..end];
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\f';
}
