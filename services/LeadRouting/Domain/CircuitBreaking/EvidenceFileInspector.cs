using SalesMesh.LeadRouting.Domain.Common;

namespace SalesMesh.LeadRouting.Domain.CircuitBreaking;

public enum EvidenceFileType
{
    Mp3,
    M4a,
    Amr,
    Wav,
    Png,
    Jpeg,
    Pdf,
}

public enum EvidenceCategory
{
    /// <summary>Call-recording excerpt (通话录音).</summary>
    Audio,
    /// <summary>Chat screenshot (聊天截图).</summary>
    Image,
    Document,
}

/// <summary>
/// Size limits per category and per appeal; the allowed types are the ones <see cref="EvidenceFileInspector"/> recognises.
/// The defaults fit one appeal into one upload at the gateway (16 MiB of JSON, where base64 makes
/// 11 MiB of files about 14.7 MiB), and the service's gRPC receive limit sits just above the total.
/// </summary>
public sealed record EvidencePolicy(long MaxAudioBytes, long MaxImageBytes, long MaxDocumentBytes, int MaxFilesPerAppeal, long MaxTotalBytes)
{
    private const long MiB = 1024 * 1024;

    public static EvidencePolicy Default { get; } = new(
        MaxAudioBytes: 10 * MiB,
        MaxImageBytes: 5 * MiB,
        MaxDocumentBytes: 10 * MiB,
        MaxFilesPerAppeal: 10,
        MaxTotalBytes: 11 * MiB);

    public long MaxBytes(EvidenceCategory category) => category switch
    {
        EvidenceCategory.Audio => MaxAudioBytes,
        EvidenceCategory.Image => MaxImageBytes,
        _ => MaxDocumentBytes,
    };
}

public sealed record InspectedEvidence(string FileName, EvidenceFileType Type, EvidenceCategory Category, long Length);

/// <summary>
/// Identifies an uploaded evidence file by its first bytes (magic numbers), never by its name or the
/// client's content type: a renamed .exe is refused, a screenshot saved as ".jpg" that is really PNG is
/// accepted as PNG. Pass at least the first 16 bytes.
/// </summary>
public static class EvidenceFileInspector
{
    public const int HeaderBytesNeeded = 16;

    public static DomainResult<InspectedEvidence> Inspect(string fileName, ReadOnlySpan<byte> header, long length, EvidencePolicy policy, string fieldPath = "evidence")
    {
        if (length <= 0 || header.IsEmpty)
            return Fail(fieldPath, "EMPTY_FILE", "文件为空", "The file is empty");

        var type = Detect(header);
        if (type is null)
            return Fail(fieldPath, "UNSUPPORTED_TYPE",
                "不支持的文件类型：仅接受录音（mp3、m4a、amr、wav）、截图（png、jpg）和 PDF（按文件内容判断，而非文件名）",
                "Unsupported file type: only recordings (mp3, m4a, amr, wav), screenshots (png, jpg) and PDF are accepted (judged by content, not by name)");

        var category = CategoryOf(type.Value);
        var max = policy.MaxBytes(category);
        if (length > max)
            return Fail(fieldPath, "FILE_TOO_LARGE",
                $"文件过大：{Mb(length)} MB，{CategoryText(category).ZhCn}最大 {Mb(max)} MB",
                $"File too large: {Mb(length)} MB; the limit for {CategoryText(category).En} is {Mb(max)} MB");

        return DomainResult<InspectedEvidence>.Success(new InspectedEvidence(fileName, type.Value, category, length));
    }

    public static EvidenceFileType? Detect(ReadOnlySpan<byte> h)
    {
        if (h.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            return EvidenceFileType.Png;
        if (h.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
            return EvidenceFileType.Jpeg;
        if (h.StartsWith("%PDF-"u8))
            return EvidenceFileType.Pdf;
        if (h.StartsWith("#!AMR"u8))
            return EvidenceFileType.Amr; // "#!AMR\n" narrow-band and "#!AMR-WB\n" wide-band
        if (h.Length >= 12 && h.StartsWith("RIFF"u8) && h[8..12].SequenceEqual("WAVE"u8))
            return EvidenceFileType.Wav;
        if (h.Length >= 12 && h[4..8].SequenceEqual("ftyp"u8) && IsAudioBrand(h[8..12]))
            return EvidenceFileType.M4a;
        if (h.StartsWith("ID3"u8))
            return EvidenceFileType.Mp3;
        // MPEG audio frame sync (11 set bits) with layer III; excludes AAC ADTS, whose layer bits are 00.
        if (h.Length >= 2 && h[0] == 0xFF && (h[1] & 0xE0) == 0xE0 && (h[1] & 0x06) == 0x02)
            return EvidenceFileType.Mp3;
        return null;
    }

    // Brands written by phone recorders and iOS voice memos. Plain video brands (e.g. "qt  ", "avc1")
    // are refused; isom/mp42 are containers that recorders use for AAC audio too.
    private static bool IsAudioBrand(ReadOnlySpan<byte> brand) =>
        brand.SequenceEqual("M4A "u8) || brand.SequenceEqual("M4B "u8) || brand.SequenceEqual("mp42"u8)
        || brand.SequenceEqual("isom"u8) || brand.SequenceEqual("3gp4"u8);

    public static EvidenceCategory CategoryOf(EvidenceFileType type) => type switch
    {
        EvidenceFileType.Png or EvidenceFileType.Jpeg => EvidenceCategory.Image,
        EvidenceFileType.Pdf => EvidenceCategory.Document,
        _ => EvidenceCategory.Audio,
    };

    private static LocalizedText CategoryText(EvidenceCategory c) => c switch
    {
        EvidenceCategory.Audio => new("录音", "recordings"),
        EvidenceCategory.Image => new("截图", "screenshots"),
        _ => new("PDF 文档", "PDF documents"),
    };

    /// <summary>Megabytes rounded UP to one decimal, so a file 1 byte over a 10 MB limit reads "10.1 MB", not "10 MB".</summary>
    internal static string Mb(long bytes) =>
        (Math.Ceiling(bytes * 10m / (1024 * 1024)) / 10).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

    private static DomainResult<InspectedEvidence> Fail(string path, string code, string zh, string en)
    {
        var text = new LocalizedText(zh, en);
        return new DomainError($"EVIDENCE_{code}", text, [new FieldViolation(path, code, text)]);
    }
}
