using SalesMesh.Activities.Domain;

namespace SalesMesh.Activities.Tests.Rules;

public sealed class TextRulesTests
{
    [Theory]
    [InlineData("提供 ROI 测算", "roi", true)]
    [InlineData("提供 rOi 测算", "roi", true)]
    [InlineData("roroi", "roi", true)]
    [InlineData("RO", "roi", false)]
    [InlineData("ROı", "roi", false)] // dotless ı is not an ASCII letter: no Unicode folding
    [InlineData("ＲＯＩ", "roi", false)] // full-width letters are not folded
    [InlineData("三年期成本分析", "成本分析", true)]
    [InlineData("成本成本分", "成本分析", false)]
    [InlineData("Cost  Analysis", "cost analysis", false)]
    [InlineData("see COST ANALYSIS", "cost analysis", true)]
    [InlineData("", "roi", false)]
    public void Keyword_matching_folds_only_ascii_letters(string text, string keyword, bool expected)
    {
        Assert.Equal(expected, TextRules.ContainsAsciiCaseInsensitive(text, TextRules.FoldAscii(keyword)));
    }

    [Fact]
    public void Blank_means_unicode_white_space_including_ideographic_space_but_not_zero_width_characters()
    {
        Assert.True(TextRules.IsBlank(" \t\r\n\u00A0\u3000\u2009"));
        Assert.False(TextRules.IsBlank("\u200B")); // zero-width space is not White_Space
        Assert.False(TextRules.IsBlank("\uFEFF"));
        Assert.Equal("成本", TextRules.Trim("\u3000 成本\u00A0"));
    }

    [Fact]
    public void Length_counts_scalar_values()
    {
        Assert.Equal(2, TextRules.CountScalarValues("成本"));
        Assert.Equal(1, TextRules.CountScalarValues("😀"));
        Assert.Equal(1, TextRules.CountScalarValues("\uD800")); // lone surrogate
        Assert.Equal(2, TextRules.CountScalarValues("👍🏽"));
    }
}
