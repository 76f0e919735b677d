using System.Globalization;
using System.Text;

namespace SalesMesh.Activities.Domain.VisitRecords;

/// <summary>
/// Rich text as the clients send it (simple HTML-like markup, e.g. "&lt;b&gt;ROI&lt;/b&gt; 报告").
/// Limits and keyword rules apply to the VISIBLE text: markup is not something the customer was
/// promised, so "&lt;b&gt;" must not eat into the 300-character budget.
///
/// Visible-text algorithm (exact, so offline clients reproduce it):
///  1. "&lt;" starts a tag when the next character is an ASCII letter, "/" or "!"; the tag runs to the
///     next "&gt;" and is removed. Any other "&lt;" (or one with no closing "&gt;") is literal text.
///  2. Entities &amp;amp; &amp;lt; &amp;gt; &amp;quot; &amp;apos; &amp;nbsp; and numeric &amp;#NNN; / &amp;#xHH; become
///     the one character they name; any other "&amp;" is literal text.
///  3. Length = Unicode scalar values of the result (see <see cref="TextRules.CountScalarValues"/>).
/// </summary>
public sealed record RichText
{
    private RichText(string markup, string visibleText)
    {
        Markup = markup;
        VisibleText = visibleText;
        Length = TextRules.CountScalarValues(visibleText);
    }

    public string Markup { get; }
    public string VisibleText { get; }
    public int Length { get; }

    public static RichText Parse(string markup) => new(markup, ToVisibleText(markup));

    public static string ToVisibleText(string markup)
    {
        var text = new StringBuilder(markup.Length);
        int i = 0;
        while (i < markup.Length)
        {
            char c = markup[i];
            if (c == '<' && i + 1 < markup.Length && StartsTag(markup[i + 1]))
            {
                int close = markup.IndexOf('>', i + 1);
                if (close >= 0)
                {
                    i = close + 1;
                    continue;
                }
            }
            if (c == '&' && TryDecodeEntity(markup, i, out var decoded, out var consumed))
            {
                text.Append(decoded);
                i += consumed;
                continue;
            }
            text.Append(c);
            i++;
        }
        return text.ToString();
    }

    private static bool StartsTag(char c) => c is '/' or '!' || (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    private static bool TryDecodeEntity(string s, int start, out string decoded, out int consumed)
    {
        decoded = "";
        consumed = 0;
        int semicolon = s.IndexOf(';', start + 1);
        if (semicolon < 0 || semicolon - start > 10)
        {
            return false;
        }
        var name = s.AsSpan(start + 1, semicolon - start - 1);
        string? named = name switch
        {
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            "nbsp" => "\u00A0",
            _ => null,
        };
        if (named is null && name.Length > 1 && name[0] == '#')
        {
            bool hex = name[1] is 'x' or 'X';
            var digits = hex ? name[2..] : name[1..];
            if (digits.Length > 0 && int.TryParse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None,
                    CultureInfo.InvariantCulture, out var codePoint) && Rune.IsValid(codePoint))
            {
                named = char.ConvertFromUtf32(codePoint);
            }
        }
        if (named is null)
        {
            return false;
        }
        decoded = named;
        consumed = semicolon - start + 1;
        return true;
    }
}
