namespace SalesMesh.Activities.Customers;

/// <summary>How contact details look to someone who does not own the customer (PRODUCT §9: personal data is masked).</summary>
public static class ContactMasking
{
    /// <summary>"+8613800138000" → "+86138****8000": the last 4 digits stay so a supervisor can still tell numbers apart.</summary>
    public static string Phone(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return "";
        }
        if (phone.Length <= 8)
        {
            return new string('*', phone.Length);
        }
        return phone[..^8] + "****" + phone[^4..];
    }

    /// <summary>"zhang.san@example.com" → "z***@example.com".</summary>
    public static string Email(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return "";
        }
        var at = email.IndexOf('@');
        return at <= 0 ? "***" : email[0] + "***" + email[at..];
    }

    /// <summary>"张三" → "张*": the family name stays.</summary>
    public static string Name(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "";
        }
        var first = char.IsHighSurrogate(name[0]) && name.Length > 1 ? name[..2] : name[..1];
        return first + "*";
    }
}
