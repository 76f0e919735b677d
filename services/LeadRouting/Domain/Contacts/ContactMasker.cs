using System.Globalization;
using System.Text;

namespace SalesMesh.LeadRouting.Domain.Contacts;

/// <summary>
/// Masks contact details for people who may see that a lead exists but not how to reach it
/// (LR-5 claim board, GW-3): 138****8000, a***@x.com, 张**.
/// </summary>
public static class ContactMasker
{
    public static string MaskPhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
            return "";
        var parsed = PhoneNumberNormalizer.Normalize(phone);
        if (!parsed.IsSuccess)
            return MaskUnparsed(phone);
        var p = parsed.Value;
        return p.Kind switch
        {
            PhoneKind.Mobile => p.NationalNumber[..3] + "****" + p.NationalNumber[^4..],
            // Area code and the last four digits are enough to recognise a number you already know.
            PhoneKind.Landline => $"{p.AreaCode}-{new string('*', p.NationalNumber.Length - p.AreaCode!.Length - 4)}{p.NationalNumber[^4..]}",
            _ => $"{p.NationalNumber[..3]}-***-{p.NationalNumber[^4..]}",
        };
    }

    public static string MaskEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
            return "";
        var at = email.LastIndexOf('@');
        if (at <= 0)
            return "***";
        return FirstTextElement(email[..at]) + "***" + email[at..];
    }

    /// <summary>First character kept, every other character (not spaces) starred: 张三丰 → 张**, 张三 → 张*.</summary>
    public static string MaskName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return "";
        var trimmed = name.Trim();
        var first = FirstTextElement(trimmed);
        var sb = new StringBuilder(first);
        var rest = StringInfo.GetTextElementEnumerator(trimmed[first.Length..]);
        while (rest.MoveNext())
            sb.Append(rest.GetTextElement() == " " ? " " : "*");
        if (sb.Length == first.Length)
            sb.Append('*'); // a one-character name must still not be shown in full
        return sb.ToString();
    }

    private static string MaskUnparsed(string text)
    {
        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        return digits.Length >= 7 ? digits[..3] + "****" + digits[^4..] : "****";
    }

    private static string FirstTextElement(string text)
    {
        var e = StringInfo.GetTextElementEnumerator(text);
        return e.MoveNext() ? e.GetTextElement() : "";
    }
}

public enum ViewerRole
{
    Rep,
    Supervisor,
    Admin,
    Finance,
    Presales,
    Delivery,
}

/// <summary>Who sees a lead's contact details in full (PRODUCT §2): the owner, the owner's supervisor, admins.</summary>
public static class ContactVisibility
{
    public static bool CanSeeFull(string viewerId, ViewerRole role, string? ownerRepId, string? ownerSupervisorId) =>
        role == ViewerRole.Admin
        || (ownerRepId is not null && string.Equals(viewerId, ownerRepId, StringComparison.Ordinal))
        || (role == ViewerRole.Supervisor && ownerSupervisorId is not null && string.Equals(viewerId, ownerSupervisorId, StringComparison.Ordinal));

    public static LeadContact ForViewer(LeadContact contact, string viewerId, ViewerRole role, string? ownerRepId, string? ownerSupervisorId)
    {
        if (CanSeeFull(viewerId, role, ownerRepId, ownerSupervisorId))
            return contact;
        return new LeadContact(
            ContactMasker.MaskName(contact.PersonName),
            contact.Phones.Select(ContactMasker.MaskPhone).ToList(),
            contact.Emails.Select(ContactMasker.MaskEmail).ToList(),
            contact.CompanyName); // the company is what the claim board is about; it stays visible
    }
}
