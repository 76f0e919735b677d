namespace SalesMesh.LeadRouting.Domain.Contacts;

public enum PhoneKind
{
    /// <summary>中国大陆手机号 — 11 digits starting 13–19.</summary>
    Mobile,
    /// <summary>固定电话 — area code (区号) + 7/8-digit subscriber number.</summary>
    Landline,
    /// <summary>400/800 企业服务号 — 10 digits, nationwide, no area code.</summary>
    ServiceNumber,
}

/// <summary>
/// A validated mainland-China phone number.
/// <see cref="Normalized"/> is the de-duplication key: E.164 (<c>+8613800138000</c>,
/// <c>+8657188886666</c>, <c>+864008001234</c>), plus <c>;ext=NNN</c> when an extension (分机) was given,
/// because different extensions of one switchboard are different people.
/// </summary>
public sealed record PhoneNumber(PhoneKind Kind, string Normalized, string NationalNumber, string? AreaCode, string? Extension)
{
    /// <summary>How Chinese users write it: <c>13800138000</c>, <c>0571-88886666</c>, <c>400-800-1234</c>.</summary>
    public string Display => Kind switch
    {
        PhoneKind.Mobile => NationalNumber,
        PhoneKind.Landline => $"{AreaCode}-{NationalNumber[AreaCode!.Length..]}" + (Extension is null ? "" : $"-{Extension}"),
        _ => $"{NationalNumber[..3]}-{NationalNumber[3..6]}-{NationalNumber[6..]}",
    };
}

public enum PhoneInvalidReason
{
    Empty,
    InvalidCharacters,
    UnsupportedCountryCode,
    MobileWrongLength,
    MobileInvalidPrefix,
    MissingAreaCode,
    UnknownAreaCode,
    LandlineWrongLength,
    LandlineInvalidSubscriberNumber,
    ServiceNumberWrongLength,
    InvalidExtension,
    UnrecognizedNumber,
}
