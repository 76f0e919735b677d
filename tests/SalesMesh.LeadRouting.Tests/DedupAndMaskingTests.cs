using SalesMesh.LeadRouting.Domain.Contacts;

namespace SalesMesh.LeadRouting.Tests;

public class DedupTests
{
    private static DedupKeys Keys(string? company, string[] phones, params string[] emails) =>
        DedupKeys.From(new LeadContact("张三", phones, emails, company)).Value;

    [Fact]
    public void Same_person_from_two_channels_matches_the_open_lead_by_phone()
    {
        var webForm = Keys("杭州某某医疗器械有限公司", ["+86 138-0013-8000"]);
        var hotline = Keys("杭州某某医疗器械", ["１３８００１３８０００"]);

        var matches = DuplicateFinder.FindMatches(hotline, [("lead-1", webForm)]);

        var match = Assert.Single(matches);
        Assert.Equal("lead-1", match.RecordId);
        Assert.Equal(MatchStrength.SamePerson, match.Strength);
        Assert.Contains("phone:+8613800138000", match.MatchedKeys);
        Assert.Contains("company:杭州某某医疗器械", match.MatchedKeys);
    }

    [Fact]
    public void Person_match_outranks_a_company_only_match()
    {
        var incoming = Keys("杭州某某医疗器械", ["13800138000"], "li@acme.cn");
        var sameCompanyOtherPerson = Keys("杭州某某医疗器械有限公司", ["13900139000"]);
        var samePersonByEmail = Keys(null, ["13700137000"], "LI@ACME.CN");

        var matches = DuplicateFinder.FindMatches(incoming, [("customer-9", sameCompanyOtherPerson), ("lead-7", samePersonByEmail)]);

        Assert.Equal(["lead-7", "customer-9"], matches.Select(m => m.RecordId));
        Assert.Equal(MatchStrength.SameCompany, matches[1].Strength);
    }

    [Fact]
    public void Unrelated_leads_do_not_match()
    {
        var a = Keys("杭州某某医疗器械", ["13800138000"]);
        var b = Keys("上海某某医疗器械", ["13900139000"]);

        Assert.Empty(DuplicateFinder.FindMatches(a, [("lead-2", b)]));
    }

    [Fact]
    public void Invalid_contact_values_are_listed_with_their_field_paths()
    {
        var result = DedupKeys.From(new LeadContact("张三", ["13800138000", "12345"], ["not-an-email"], "有限公司"));

        Assert.False(result.IsSuccess);
        Assert.Equal(["phones[1]", "emails[0]", "companyName"], result.Error!.Violations.Select(v => v.FieldPath));
    }

    [Fact]
    public void A_lead_without_any_phone_or_email_is_refused()
    {
        var result = DedupKeys.From(new LeadContact("张三", [], [], "杭州某某"));

        Assert.Equal("NO_CONTACT", Assert.Single(result.Error!.Violations).Code);
    }
}

public class MaskingTests
{
    [Theory]
    [InlineData("13800138000", "138****8000")]
    [InlineData("+86 138-0013-8000", "138****8000")]
    [InlineData("0571-88886666", "0571-****6666")]
    [InlineData("400-800-1234", "400-***-1234")]
    [InlineData("12345", "****")]
    [InlineData("1380013800", "138****3800")]
    public void Phones_are_masked_in_the_middle(string phone, string masked) =>
        Assert.Equal(masked, ContactMasker.MaskPhone(phone));

    [Theory]
    [InlineData("alice@x.com", "a***@x.com")]
    [InlineData("zhang.san@163.com", "z***@163.com")]
    public void Emails_keep_first_letter_and_domain(string email, string masked) =>
        Assert.Equal(masked, ContactMasker.MaskEmail(email));

    [Theory]
    [InlineData("张三丰", "张**")]
    [InlineData("张三", "张*")]
    [InlineData("欧阳娜娜", "欧***")]
    [InlineData("李", "李*")]
    [InlineData("John Smith", "J*** *****")]
    public void Names_keep_only_the_first_character(string name, string masked) =>
        Assert.Equal(masked, ContactMasker.MaskName(name));

    [Fact]
    public void Non_owner_sees_masked_contact_but_owner_and_their_supervisor_see_it_in_full()
    {
        var contact = new LeadContact("张三丰", ["13800138000"], ["alice@x.com"], "杭州某某医疗器械有限公司");

        var colleague = ContactVisibility.ForViewer(contact, "rep-b", ViewerRole.Rep, ownerRepId: "rep-a", ownerSupervisorId: "sup-1");
        var owner = ContactVisibility.ForViewer(contact, "rep-a", ViewerRole.Rep, "rep-a", "sup-1");
        var supervisor = ContactVisibility.ForViewer(contact, "sup-1", ViewerRole.Supervisor, "rep-a", "sup-1");
        var otherSupervisor = ContactVisibility.ForViewer(contact, "sup-2", ViewerRole.Supervisor, "rep-a", "sup-1");

        Assert.Equal("张**", colleague.PersonName);
        Assert.Equal(["138****8000"], colleague.Phones);
        Assert.Equal(["a***@x.com"], colleague.Emails);
        Assert.Equal("杭州某某医疗器械有限公司", colleague.CompanyName);
        Assert.Same(contact, owner);
        Assert.Same(contact, supervisor);
        Assert.Equal(["138****8000"], otherSupervisor.Phones);
    }

    [Fact]
    public void Unassigned_lead_is_masked_for_every_rep() =>
        Assert.False(ContactVisibility.CanSeeFull("rep-a", ViewerRole.Rep, ownerRepId: null, ownerSupervisorId: null));
}
