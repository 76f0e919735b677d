using System.Text;
using System.Text.RegularExpressions;
using SalesMesh.LeadRouting.Domain.Common;

namespace SalesMesh.LeadRouting.Domain.Contacts;

/// <summary>
/// De-duplication key for company names (LR-2). Two names with the same key are treated as the same
/// company. Steps, in order (each one documented in the README "Rules" section):
/// <list type="number">
/// <item>NFKC fold (full-width letters, digits and brackets become half-width) and lower-case.</item>
/// <item>A bracketed region — 某某（杭州）医疗器械 — moves to the front (杭州某某医疗器械); a bracketed
/// （中国）/(China) is dropped; other bracketed text stays, without the brackets.</item>
/// <item>Trailing English legal forms are dropped as whole words: Co., Ltd. / Limited / Company / Inc. /
/// Incorporated / Corp. / Corporation / LLC / PLC / GmbH / Group.</item>
/// <item>Whitespace and punctuation are removed.</item>
/// <item>Trailing Chinese legal forms are dropped repeatedly: 股份有限公司, 有限责任公司, 有限公司, 股份公司,
/// 集团, 公司 — but not 分公司: a branch is its own customer.</item>
/// <item>Leading administrative suffixes are folded (杭州市 → 杭州) and a province directly followed by a
/// city is dropped (浙江省杭州市某某 → 杭州某某). A region alone is never removed: 杭州某某 and 上海某某
/// are different companies.</item>
/// </list>
/// </summary>
public static partial class CompanyNameNormalizer
{
    private static readonly string[] EnglishLegalForms =
        ["co", "ltd", "limited", "company", "inc", "incorporated", "corp", "corporation", "llc", "plc", "gmbh", "group"];

    private static readonly string[] ChineseLegalForms = ["股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团", "公司"];

    public static DomainResult<string> Normalize(string? raw)
    {
        var text = (raw ?? "").Normalize(NormalizationForm.FormKC).Trim().ToLowerInvariant()
            .Replace('【', '(').Replace('】', ')').Replace('[', '(').Replace(']', ')').Replace('〔', '(').Replace('〕', ')');
        if (text.Length == 0)
            return Fail("EMPTY", "公司名称为空", "The company name is empty");

        string? bracketRegion = null;
        text = BracketGroup().Replace(text, m =>
        {
            var inner = m.Groups[1].Value.Trim();
            var region = inner == "china" ? "中国" : RegionNames.Canonical(inner);
            if (region == "中国")
                return " ";
            if (region is not null)
            {
                bracketRegion ??= region;
                return " ";
            }
            return " " + inner + " ";
        });

        text = StripEnglishLegalForms(text);
        text = RemoveSeparators(text);
        text = StripChineseLegalForms(text);
        text = FoldLeadingRegions(text, out var hasLeadingRegion);
        if (bracketRegion is not null && !hasLeadingRegion)
            text = bracketRegion + text;

        if (text.Length == 0)
            return Fail("NO_NAME", "公司名称去掉公司类型后为空", "The company name is empty once its legal form is removed");
        return DomainResult<string>.Success(text);
    }

    private static string StripEnglishLegalForms(string text)
    {
        while (true)
        {
            var trimmed = text.TrimEnd(' ', '.', ',', '，', '。', '&', '-', '(', ')');
            var stripped = false;
            foreach (var form in EnglishLegalForms)
            {
                if (!trimmed.EndsWith(form, StringComparison.Ordinal))
                    continue;
                var before = trimmed.Length - form.Length;
                if (before > 0 && char.IsAsciiLetterOrDigit(trimmed[before - 1]))
                    continue; // "zinc" does not end with the word "inc"
                text = trimmed[..before];
                stripped = true;
                break;
            }
            if (!stripped)
                return trimmed;
        }
    }

    private static string RemoveSeparators(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
                sb.Append(c);
        }
        return sb.ToString();
    }

    private static string StripChineseLegalForms(string text)
    {
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var form in ChineseLegalForms)
            {
                if (!text.EndsWith(form, StringComparison.Ordinal))
                    continue;
                if (form == "公司" && text.EndsWith("分公司", StringComparison.Ordinal))
                    continue;
                text = text[..^form.Length];
                changed = true;
                break;
            }
        }
        return text;
    }

    private static string FoldLeadingRegions(string text, out bool hasLeadingRegion)
    {
        var regions = new List<string>();
        var rest = text;
        while (TryTakeLeadingRegion(rest, out var region, out var remainder) && remainder.Length > 0)
        {
            regions.Add(region);
            rest = remainder;
        }
        hasLeadingRegion = regions.Count > 0;
        return regions.Count == 0 ? text : regions[^1] + rest;
    }

    private static bool TryTakeLeadingRegion(string text, out string region, out string remainder)
    {
        foreach (var suffix in (string[])["特别行政区", "自治区", "省", "市", ""])
        {
            for (var length = Math.Min(4, text.Length); length >= 2; length--)
            {
                var name = text[..length];
                if (!RegionNames.All.Contains(name) || !text.AsSpan(length).StartsWith(suffix, StringComparison.Ordinal))
                    continue;
                region = name;
                remainder = text[(length + suffix.Length)..];
                return true;
            }
        }
        region = remainder = "";
        return false;
    }

    private static DomainResult<string> Fail(string code, string zh, string en)
    {
        var text = new LocalizedText(zh, en);
        return new DomainError($"COMPANY_{code}", text, [new FieldViolation("companyName", code, text)]);
    }

    [GeneratedRegex(@"\(([^()]*)\)")]
    private static partial Regex BracketGroup();
}
