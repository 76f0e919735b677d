using System.Globalization;
using System.Text;
using SalesMesh.LeadRouting.Domain.Common;

namespace SalesMesh.LeadRouting.Domain.Contacts;

/// <summary>
/// Canonical e-mail address for de-duplication (LR-2).
/// <para>Decision (documented in services/LeadRouting/README.md, "Rules"):</para>
/// <list type="bullet">
/// <item>Case is ignored everywhere. RFC 5321 allows case-sensitive local parts, but no mailbox
/// provider our customers use treats them so, and leads arrive typed by hand.</item>
/// <item>Dots in the local part and "+tag" sub-addresses are ignored ONLY for Gmail
/// (gmail.com, googlemail.com), whose documented behaviour is to ignore them. For QQ, 163, 126,
/// Sina, Aliyun, Outlook and company domains <c>zhang.san@</c> and <c>zhangsan@</c> can be two
/// different people, and merging them would silently give one person's lead to another rep.</item>
/// <item>Full-width characters are folded (NFKC); internationalized domains are compared in
/// their ASCII (punycode) form.</item>
/// </list>
/// </summary>
public static class EmailNormalizer
{
    private static readonly HashSet<string> DotAndPlusInsensitiveDomains = ["gmail.com"];
    private static readonly IdnMapping Idn = new();

    public static DomainResult<string> Normalize(string? raw)
    {
        var text = (raw ?? "").Normalize(NormalizationForm.FormKC).Trim();
        if (text.Length == 0)
            return Fail("EMPTY", "邮箱为空", "The e-mail address is empty");
        if (text.Any(char.IsWhiteSpace))
            return Fail("WHITESPACE", "邮箱地址中不能包含空格", "The e-mail address cannot contain spaces");

        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1 || text.IndexOf('@') != at)
            return Fail("MISSING_AT", "邮箱地址格式应为 名称@域名", "The e-mail address must look like name@domain");

        var local = text[..at].ToLowerInvariant();
        string domain;
        try
        {
            domain = Idn.GetAscii(text[(at + 1)..].TrimEnd('.')).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return Fail("INVALID_DOMAIN", "邮箱域名无效", "The e-mail domain is invalid");
        }
        if (!domain.Contains('.') || domain.StartsWith('.') || domain.Contains(".."))
            return Fail("INVALID_DOMAIN", "邮箱域名无效", "The e-mail domain is invalid");

        if (domain == "googlemail.com")
            domain = "gmail.com";
        if (DotAndPlusInsensitiveDomains.Contains(domain))
        {
            var plus = local.IndexOf('+');
            if (plus >= 0)
                local = local[..plus];
            local = local.Replace(".", "", StringComparison.Ordinal);
            if (local.Length == 0)
                return Fail("EMPTY_LOCAL_PART", "邮箱 @ 前的名称为空", "The part before @ is empty");
        }
        return DomainResult<string>.Success($"{local}@{domain}");
    }

    private static DomainResult<string> Fail(string code, string zh, string en)
    {
        var text = new LocalizedText(zh, en);
        return new DomainError($"EMAIL_{code}", text, [new FieldViolation("email", code, text)]);
    }
}
