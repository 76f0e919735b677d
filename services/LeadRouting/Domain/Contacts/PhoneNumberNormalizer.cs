using System.Text;
using SalesMesh.LeadRouting.Domain.Common;

namespace SalesMesh.LeadRouting.Domain.Contacts;

/// <summary>
/// Turns whatever a form, a hotline system or an import file delivered into one canonical phone
/// number, or says precisely why it is not one (LR-2; invalid input maps to INVALID_ARGUMENT).
/// Accepts +86 / 0086 / 86 prefixes, spaces, dashes, dots, brackets, full-width characters and an
/// extension written as 转, ext, x or #. Only mainland-China numbers are supported; other country
/// codes are reported as such instead of being guessed at.
/// </summary>
public static class PhoneNumberNormalizer
{
    // Three-digit area codes (incl. the trunk 0): Beijing 010 and the 02x big cities. 026 is unassigned.
    private static readonly HashSet<string> ThreeDigitAreaCodes = ["010", "020", "021", "022", "023", "024", "025", "027", "028", "029"];

    private static readonly string[] ExtensionMarkers = ["转", "分机", "ext.", "ext", "x", "#"];

    public static DomainResult<PhoneNumber> Normalize(string? raw)
    {
        var text = (raw ?? "").Normalize(NormalizationForm.FormKC).Trim().ToLowerInvariant();
        if (text.Length == 0)
            return Fail(PhoneInvalidReason.Empty, "电话号码为空", "The phone number is empty");

        var (main, extension, extensionError) = SplitExtension(text);
        if (extensionError is not null)
            return extensionError;

        var digits = new StringBuilder(main.Length);
        for (var i = 0; i < main.Length; i++)
        {
            var c = main[i];
            if (char.IsAsciiDigit(c))
                digits.Append(c);
            else if (c == '+' && digits.Length == 0)
                digits.Append('+');
            else if (c is not (' ' or '-' or '.' or '(' or ')' or '/' or '\u00A0' or '—' or '–'))
                return Fail(PhoneInvalidReason.InvalidCharacters,
                    $"电话号码包含无效字符“{c}”", $"The phone number contains the invalid character '{c}'");
        }

        var national = StripCountryCode(digits.ToString(), out var countryError);
        if (countryError is not null)
            return countryError;
        return Classify(national, extension);
    }

    public static bool TryNormalize(string? raw, out PhoneNumber? phone)
    {
        var result = Normalize(raw);
        phone = result.IsSuccess ? result.Value : null;
        return result.IsSuccess;
    }

    private static (string Main, string? Extension, DomainError? Error) SplitExtension(string text)
    {
        foreach (var marker in ExtensionMarkers)
        {
            var at = text.IndexOf(marker, StringComparison.Ordinal);
            if (at <= 0)
                continue;
            var ext = text[(at + marker.Length)..].Trim(' ', '-', ':', '.');
            if (ext.Length is < 1 or > 6 || !ext.All(char.IsAsciiDigit))
                return (text, null, Error(PhoneInvalidReason.InvalidExtension,
                    "分机号必须是 1–6 位数字", "The extension must be 1–6 digits"));
            return (text[..at], ext, null);
        }
        return (text, null, null);
    }

    private static string StripCountryCode(string digits, out DomainError? error)
    {
        error = null;
        if (digits.StartsWith("+86", StringComparison.Ordinal))
            return TrunkPrefixAfterCountryCode(digits[3..]);
        if (digits.StartsWith("0086", StringComparison.Ordinal))
            return TrunkPrefixAfterCountryCode(digits[4..]);
        if (digits.StartsWith('+') || (digits.StartsWith("00", StringComparison.Ordinal) && digits.Length > 4))
        {
            error = Error(PhoneInvalidReason.UnsupportedCountryCode,
                "仅支持中国大陆号码（+86）", "Only mainland-China numbers (+86) are supported");
            return digits;
        }
        // "86" + an 11-digit mobile number: a +86 written without the plus.
        if (digits.Length == 13 && digits.StartsWith("861", StringComparison.Ordinal))
            return digits[2..];
        return digits;
    }

    // After +86 the landline trunk 0 is dropped (+86 571 8888 6666, +86 10 8888 6666); put it back
    // so one rule set classifies numbers written with and without the country code.
    private static string TrunkPrefixAfterCountryCode(string rest)
    {
        if (rest.Length == 0 || rest[0] == '0' || rest.StartsWith("400", StringComparison.Ordinal) || rest.StartsWith("800", StringComparison.Ordinal))
            return rest;
        if (rest[0] == '1')
            return rest.Length == 10 && rest[1] == '0' ? "0" + rest : rest;
        return "0" + rest;
    }

    private static DomainResult<PhoneNumber> Classify(string n, string? extension)
    {
        if (n.Length == 0)
            return Fail(PhoneInvalidReason.Empty, "电话号码为空", "The phone number is empty");

        if (n.StartsWith("400", StringComparison.Ordinal) || n.StartsWith("800", StringComparison.Ordinal))
        {
            if (n.Length != 10)
                return Fail(PhoneInvalidReason.ServiceNumberWrongLength,
                    $"400/800 号码应为 10 位数字，实际为 {n.Length} 位", $"A 400/800 number has 10 digits, got {n.Length}");
            return Ok(PhoneKind.ServiceNumber, n, null, extension);
        }

        if (n[0] == '1')
        {
            if (n.Length != 11)
                return Fail(PhoneInvalidReason.MobileWrongLength,
                    $"手机号应为 11 位数字，实际为 {n.Length} 位", $"A mobile number has 11 digits, got {n.Length}");
            if (n[1] is < '3' or > '9')
                return Fail(PhoneInvalidReason.MobileInvalidPrefix,
                    $"手机号号段“{n[..3]}”不存在（应以 13–19 开头）", $"Mobile prefix '{n[..3]}' does not exist (must start with 13–19)");
            if (extension is not null)
                return Fail(PhoneInvalidReason.InvalidExtension, "手机号不能带分机号", "A mobile number cannot have an extension");
            return Ok(PhoneKind.Mobile, n, null, null);
        }

        if (n[0] == '0')
            return ClassifyLandline(n, extension);

        if (n.Length is 7 or 8)
            return Fail(PhoneInvalidReason.MissingAreaCode,
                "固定电话缺少区号（如 0571-88886666）", "The landline number is missing its area code (e.g. 0571-88886666)");

        return Fail(PhoneInvalidReason.UnrecognizedNumber,
            "无法识别的电话号码（应为手机号、带区号的固定电话或 400/800 号码）",
            "Unrecognized phone number (expected a mobile number, a landline with area code, or a 400/800 number)");
    }

    private static DomainResult<PhoneNumber> ClassifyLandline(string n, string? extension)
    {
        string areaCode;
        if (n.Length >= 3 && ThreeDigitAreaCodes.Contains(n[..3]))
            areaCode = n[..3];
        else if (n.Length >= 4 && n[1] is >= '3' and <= '9')
            areaCode = n[..4];
        else
            return Fail(PhoneInvalidReason.UnknownAreaCode,
                $"区号“{n[..Math.Min(4, n.Length)]}”不存在", $"Area code '{n[..Math.Min(4, n.Length)]}' does not exist");

        var subscriber = n[areaCode.Length..];
        if (subscriber.Length is not (7 or 8))
            return Fail(PhoneInvalidReason.LandlineWrongLength,
                $"固定电话号码（不含区号）应为 7–8 位，实际为 {subscriber.Length} 位",
                $"A landline number without area code has 7–8 digits, got {subscriber.Length}");
        if (subscriber[0] is '0' or '1')
            return Fail(PhoneInvalidReason.LandlineInvalidSubscriberNumber,
                "固定电话号码不能以 0 或 1 开头", "A landline subscriber number cannot start with 0 or 1");
        return Ok(PhoneKind.Landline, n, areaCode, extension);
    }

    private static DomainResult<PhoneNumber> Ok(PhoneKind kind, string national, string? areaCode, string? extension)
    {
        var e164 = "+86" + (kind == PhoneKind.Landline ? national[1..] : national);
        var key = extension is null ? e164 : $"{e164};ext={extension}";
        return DomainResult<PhoneNumber>.Success(new PhoneNumber(kind, key, national, areaCode, extension));
    }

    private static DomainError Error(PhoneInvalidReason reason, string zh, string en) =>
        new($"PHONE_{ToUpperSnake(reason)}", new LocalizedText(zh, en),
            [new FieldViolation("phone", reason.ToString(), new LocalizedText(zh, en))]);

    private static DomainResult<PhoneNumber> Fail(PhoneInvalidReason reason, string zh, string en) => Error(reason, zh, en);

    /// <summary>The reason code of a failed normalization, for callers that branch on it.</summary>
    public static PhoneInvalidReason? ReasonOf(DomainError error) =>
        error.Violations.Count > 0 && Enum.TryParse<PhoneInvalidReason>(error.Violations[0].Code, out var r) ? r : null;

    private static string ToUpperSnake(PhoneInvalidReason reason)
    {
        var name = reason.ToString();
        var sb = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
                sb.Append('_');
            sb.Append(char.ToUpperInvariant(name[i]));
        }
        return sb.ToString();
    }
}
