using SalesMesh.LeadRouting.Domain.Contacts;

namespace SalesMesh.LeadRouting.Tests;

public class EmailNormalizerTests
{
    [Theory]
    [InlineData("Zhang.San@Example.COM", "zhang.san@example.com")]
    [InlineData("  zhang.san@example.com ", "zhang.san@example.com")]
    [InlineData("ｚｈａｎｇ＠ｑｑ．ｃｏｍ", "zhang@qq.com")]
    public void Case_whitespace_and_full_width_are_ignored(string raw, string expected) =>
        Assert.Equal(expected, EmailNormalizer.Normalize(raw).Value);

    [Theory]
    [InlineData("Zhang.San+crm@gmail.com")]
    [InlineData("zhangsan@gmail.com")]
    [InlineData("z.h.a.n.g.s.a.n@googlemail.com")]
    public void Gmail_ignores_dots_and_plus_tags(string raw) =>
        Assert.Equal("zhangsan@gmail.com", EmailNormalizer.Normalize(raw).Value);

    [Theory]
    [InlineData("zhang.san@163.com", "zhangsan@163.com")]
    [InlineData("zhang.san@qq.com", "zhangsan@qq.com")]
    [InlineData("zhang.san@acme-medical.cn", "zhangsan@acme-medical.cn")]
    [InlineData("zhang+sales@outlook.com", "zhang@outlook.com")]
    public void Other_providers_keep_dots_and_plus_because_they_can_be_different_people(string a, string b) =>
        Assert.NotEqual(EmailNormalizer.Normalize(a).Value, EmailNormalizer.Normalize(b).Value);

    [Theory]
    [InlineData("", "EMAIL_EMPTY")]
    [InlineData("zhang san@qq.com", "EMAIL_WHITESPACE")]
    [InlineData("zhangqq.com", "EMAIL_MISSING_AT")]
    [InlineData("a@b@qq.com", "EMAIL_MISSING_AT")]
    [InlineData("zhang@localhost", "EMAIL_INVALID_DOMAIN")]
    [InlineData("zhang@qq..com", "EMAIL_INVALID_DOMAIN")]
    [InlineData("+tag@gmail.com", "EMAIL_EMPTY_LOCAL_PART")]
    public void Invalid_addresses_are_refused_with_a_specific_code(string raw, string code)
    {
        var result = EmailNormalizer.Normalize(raw);

        Assert.False(result.IsSuccess);
        Assert.Equal(code, result.Error!.Code);
    }
}

public class CompanyNameNormalizerTests
{
    private static string Key(string name) => CompanyNameNormalizer.Normalize(name).Value;

    [Theory]
    [InlineData("杭州某某医疗器械有限公司")]
    [InlineData("杭州某某医疗器械")]
    [InlineData("杭州某某医疗器械股份有限公司")]
    [InlineData("杭州某某医疗器械有限责任公司")]
    [InlineData("杭州某某医疗器械集团有限公司")]
    [InlineData("杭州某某医疗器械集团")]
    [InlineData("杭州市某某医疗器械有限公司")]
    [InlineData("浙江省杭州市某某医疗器械有限公司")]
    [InlineData("某某医疗器械（杭州）有限公司")]
    [InlineData("某某医疗器械(杭州市)有限公司")]
    [InlineData(" 杭州 某某 医疗器械 有限公司 ")]
    [InlineData("杭州某某医疗器械有限公司 ")]
    public void Issue_example_and_chinese_legal_form_variants_are_one_company(string name) =>
        Assert.Equal("杭州某某医疗器械", Key(name));

    [Theory]
    [InlineData("Acme Medical Co., Ltd.")]
    [InlineData("ACME MEDICAL CO LTD")]
    [InlineData("Acme Medical Company Limited")]
    [InlineData("Acme Medical Inc.")]
    [InlineData("Acme Medical, Inc")]
    [InlineData("Acme Medical Corp.")]
    [InlineData("Acme Medical Corporation")]
    [InlineData("Acme Medical LLC")]
    [InlineData("ＡＣＭＥ Ｍｅｄｉｃａｌ Ｃｏ．，Ｌｔｄ．")]
    [InlineData("Acme Medical (China) Co., Ltd.")]
    [InlineData("Acme Medical（中国）有限公司")]
    public void English_legal_forms_full_width_and_case_are_ignored(string name) =>
        Assert.Equal("acmemedical", Key(name));

    [Fact]
    public void Different_regions_are_different_companies() =>
        Assert.NotEqual(Key("杭州某某医疗器械有限公司"), Key("上海某某医疗器械有限公司"));

    [Fact]
    public void A_branch_office_is_its_own_customer() =>
        Assert.NotEqual(Key("杭州某某医疗器械有限公司"), Key("杭州某某医疗器械有限公司宁波分公司"));

    [Fact]
    public void Legal_form_words_inside_a_name_are_not_stripped() =>
        Assert.Equal("zincworks", Key("Zinc Works Inc."));

    [Fact]
    public void Non_region_bracket_text_is_kept() =>
        Assert.NotEqual(Key("某某（医疗）器械有限公司"), Key("某某器械有限公司"));

    [Theory]
    [InlineData("")]
    [InlineData("有限公司")]
    [InlineData("Co., Ltd.")]
    public void A_name_that_is_only_a_legal_form_is_refused(string name) =>
        Assert.False(CompanyNameNormalizer.Normalize(name).IsSuccess);
}
