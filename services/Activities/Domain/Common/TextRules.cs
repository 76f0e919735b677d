using System.Text;

namespace SalesMesh.Activities.Domain;

/// <summary>
/// The exact text semantics shared by the server and offline clients. Everything here is spelled
/// out (no culture, no ICU version dependence) so a TypeScript port gives identical answers.
/// </summary>
public static class TextRules
{
    /// <summary>
    /// Unicode White_Space property (the full list, so "blank" means the same everywhere):
    /// U+0009–U+000D, U+0020, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F,
    /// U+205F, U+3000 (ideographic space, common in Chinese input).
    /// </summary>
    public static bool IsWhiteSpace(char c) => c switch
    {
        >= '\u0009' and <= '\u000D' => true,
        '\u0020' or '\u0085' or '\u00A0' or '\u1680' => true,
        >= '\u2000' and <= '\u200A' => true,
        '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000' => true,
        _ => false,
    };

    public static bool IsBlank(string? text)
    {
        if (text is null)
        {
            return true;
        }
        foreach (var c in text)
        {
            if (!IsWhiteSpace(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Removes White_Space (see <see cref="IsWhiteSpace"/>) from both ends.</summary>
    public static string Trim(string text)
    {
        int start = 0, end = text.Length - 1;
        while (start <= end && IsWhiteSpace(text[start]))
        {
            start++;
        }
        while (end >= start && IsWhiteSpace(text[end]))
        {
            end--;
        }
        return start == 0 && end == text.Length - 1 ? text : text.Substring(start, end - start + 1);
    }

    /// <summary>
    /// Length in Unicode scalar values (code points): 汉 = 1, "a" = 1, 😀 = 1 (two UTF-16 units),
    /// a lone surrogate = 1. JavaScript equivalent: <c>[...text].length</c>.
    /// Chosen over grapheme clusters because it does not depend on the Unicode version of the
    /// runtime, so server and offline clients can never disagree.
    /// </summary>
    public static int CountScalarValues(string text)
    {
        int count = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            count++;
        }
        return count;
    }

    /// <summary>ASCII-only case folding: A–Z become a–z, every other character is unchanged.</summary>
    public static char FoldAscii(char c) => (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c;

    public static string FoldAscii(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(FoldAscii(c));
        }
        return builder.ToString();
    }

    /// <summary>
    /// True when <paramref name="text"/> contains <paramref name="foldedNeedle"/> comparing A–Z
    /// case-insensitively (the needle must already be folded with <see cref="FoldAscii(string)"/>).
    /// Allocation-free: this runs on the rule-evaluation hot path. Candidate positions are found
    /// with a vectorized search for the needle's first character (both cases if it is a letter),
    /// then verified; OrdinalIgnoreCase is deliberately not used because it also folds non-ASCII
    /// letters (e.g. dotless ı matches I), which offline clients would not reproduce.
    /// </summary>
    public static bool ContainsAsciiCaseInsensitive(string text, string foldedNeedle)
    {
        if (foldedNeedle.Length == 0)
        {
            return true;
        }
        char first = foldedNeedle[0];
        char firstUpper = (uint)(first - 'a') <= 'z' - 'a' ? (char)(first - 0x20) : first;
        int last = text.Length - foldedNeedle.Length;
        int offset = 0;
        while (offset <= last)
        {
            var window = text.AsSpan(offset, last - offset + 1);
            int found = first == firstUpper ? window.IndexOf(first) : window.IndexOfAny(first, firstUpper);
            if (found < 0)
            {
                return false;
            }
            int position = offset + found;
            if (MatchesAt(text, position, foldedNeedle))
            {
                return true;
            }
            offset = position + 1;
        }
        return false;
    }

    private static bool MatchesAt(string text, int position, string foldedNeedle)
    {
        for (int j = 1; j < foldedNeedle.Length; j++)
        {
            if (FoldAscii(text[position + j]) != foldedNeedle[j])
            {
                return false;
            }
        }
        return true;
    }
}
