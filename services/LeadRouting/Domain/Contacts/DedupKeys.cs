using SalesMesh.LeadRouting.Domain.Common;

namespace SalesMesh.LeadRouting.Domain.Contacts;

/// <summary>Contact data as it arrived on a lead (any channel).</summary>
public sealed record LeadContact(string? PersonName, IReadOnlyList<string> Phones, IReadOnlyList<string> Emails, string? CompanyName);

/// <summary>
/// The normalized identities of a lead or customer. Stored beside the record (one row per key) so a
/// unique index can stop two channels delivering the same person in the same second from
/// creating two open leads.
/// </summary>
public sealed record DedupKeys(IReadOnlySet<string> Phones, IReadOnlySet<string> Emails, string? Company)
{
    /// <summary>Flat, prefixed keys (<c>phone:+8613800138000</c>, <c>email:…</c>, <c>company:…</c>) for storage.</summary>
    public IEnumerable<string> All =>
        Phones.Select(p => "phone:" + p)
            .Concat(Emails.Select(e => "email:" + e))
            .Concat(Company is null ? [] : ["company:" + Company]);

    /// <summary>
    /// Normalizes every contact value. Any invalid phone or e-mail is reported as a field violation
    /// (<c>phones[1]</c>, <c>emails[0]</c>, <c>companyName</c>) — intake refuses the lead with INVALID_ARGUMENT
    /// rather than storing a value that can never be de-duplicated or called.
    /// </summary>
    public static DomainResult<DedupKeys> From(LeadContact contact)
    {
        var violations = new List<FieldViolation>();
        var phones = new SortedSet<string>(StringComparer.Ordinal);
        var emails = new SortedSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < contact.Phones.Count; i++)
        {
            var result = PhoneNumberNormalizer.Normalize(contact.Phones[i]);
            if (result.IsSuccess)
                phones.Add(result.Value.Normalized);
            else
                violations.Add(result.Error!.Violations[0] with { FieldPath = $"phones[{i}]" });
        }
        for (var i = 0; i < contact.Emails.Count; i++)
        {
            var result = EmailNormalizer.Normalize(contact.Emails[i]);
            if (result.IsSuccess)
                emails.Add(result.Value);
            else
                violations.Add(result.Error!.Violations[0] with { FieldPath = $"emails[{i}]" });
        }

        string? company = null;
        if (!string.IsNullOrWhiteSpace(contact.CompanyName))
        {
            var result = CompanyNameNormalizer.Normalize(contact.CompanyName);
            if (result.IsSuccess)
                company = result.Value;
            else
                violations.Add(result.Error!.Violations[0]);
        }

        if (phones.Count == 0 && emails.Count == 0 && violations.Count == 0)
            violations.Add(new FieldViolation("phones", "NO_CONTACT",
                new LocalizedText("线索至少需要一个电话或邮箱", "A lead needs at least one phone number or e-mail address")));

        if (violations.Count > 0)
            return new DomainError("CONTACT_INVALID",
                new LocalizedText("联系方式无效", "The contact details are invalid"), violations);
        return DomainResult<DedupKeys>.Success(new DedupKeys(phones, emails, company));
    }
}

public enum MatchStrength
{
    /// <summary>Same company name only: the same account, possibly a different person.</summary>
    SameCompany,
    /// <summary>A shared phone number or e-mail: the same person.</summary>
    SamePerson,
}

/// <summary>An existing open lead or customer the new lead matches, and on what.</summary>
public sealed record DuplicateMatch(string RecordId, MatchStrength Strength, IReadOnlyList<string> MatchedKeys);

public static class DuplicateFinder
{
    /// <summary>
    /// Existing records sharing any key with <paramref name="incoming"/>, strongest first
    /// (same person before same company, then more shared keys, then record id for a stable order).
    /// The first match is the merge target; a lead is never rejected for being a duplicate.
    /// </summary>
    public static IReadOnlyList<DuplicateMatch> FindMatches(DedupKeys incoming, IEnumerable<(string RecordId, DedupKeys Keys)> existing)
    {
        var incomingKeys = incoming.All.ToHashSet(StringComparer.Ordinal);
        var matches = new List<DuplicateMatch>();
        foreach (var (recordId, keys) in existing)
        {
            var shared = keys.All.Where(incomingKeys.Contains).Order(StringComparer.Ordinal).ToList();
            if (shared.Count == 0)
                continue;
            var strength = shared.Any(k => !k.StartsWith("company:", StringComparison.Ordinal))
                ? MatchStrength.SamePerson
                : MatchStrength.SameCompany;
            matches.Add(new DuplicateMatch(recordId, strength, shared));
        }
        return matches
            .OrderByDescending(m => m.Strength)
            .ThenByDescending(m => m.MatchedKeys.Count)
            .ThenBy(m => m.RecordId, StringComparer.Ordinal)
            .ToList();
    }
}
