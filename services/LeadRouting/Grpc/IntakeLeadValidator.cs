using Google.Protobuf;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.LeadRouting.Domain.Common;
using SalesMesh.LeadRouting.Domain.Contacts;
using SalesMesh.Contracts.Events;

namespace SalesMesh.LeadRouting.Grpc;

/// <summary>An intake that passed validation, with its normalized contact keys (LR-2).</summary>
public sealed record ValidIntake(string Channel, PhoneNumber? Phone, string? EmailKey, string? CompanyKey, Guid? ReferredBy, DateTimeOffset? CapturedAt, string? Territory);

/// <summary>
/// Checks an IntakeLeadRequest before anything is stored. Field paths are the camelCase JSON
/// names REST clients send, so the gateway's problem+json points at the exact input.
/// </summary>
public static class IntakeLeadValidator
{
    public const int MaxIdempotencyKeyLength = 128;
    public const int MaxTextLength = 200;
    public const int MaxProductTags = 20;
    public const int MaxPayloadBytes = 64 * 1024;

    /// <param name="knownTerritories">Territories some rep of the roster covers: a given territory must be one of
    /// them, and a city naming one (杭州市 → 杭州) becomes the lead's territory.</param>
    public static (ValidIntake? Intake, IReadOnlyList<FieldViolation> Violations) Validate(IntakeLeadRequest request, IReadOnlySet<string> knownTerritories)
    {
        var violations = new List<FieldViolation>();

        if (string.IsNullOrWhiteSpace(request.IdempotencyKey))
            violations.Add(Violation("idempotencyKey", "REQUIRED", "幂等键不能为空（1–128 个字符）", "The idempotency key is required (1–128 characters)"));
        else if (request.IdempotencyKey.Length > MaxIdempotencyKeyLength)
            violations.Add(Violation("idempotencyKey", "TOO_LONG", "幂等键最多 128 个字符", "The idempotency key is at most 128 characters"));

        var channel = LeadChannelNames.NameOf(request.Channel);
        if (channel is null)
            violations.Add(Violation("channel", "UNKNOWN_CHANNEL", "请选择有效的线索渠道", "Choose a valid lead channel"));

        var hasPhone = !string.IsNullOrWhiteSpace(request.Phone);
        var hasEmail = !string.IsNullOrWhiteSpace(request.Email);
        if (!hasPhone && !hasEmail)
        {
            violations.Add(Violation("phone", "NO_CONTACT", "请至少提供电话或邮箱", "Give at least a phone number or an e-mail address"));
            violations.Add(Violation("email", "NO_CONTACT", "请至少提供电话或邮箱", "Give at least a phone number or an e-mail address"));
        }

        PhoneNumber? phone = null;
        if (hasPhone)
        {
            var parsed = PhoneNumberNormalizer.Normalize(request.Phone);
            if (parsed.IsSuccess)
                phone = parsed.Value;
            else
                violations.Add(FromDomain("phone", parsed.Error!));
        }

        string? emailKey = null;
        if (hasEmail)
        {
            var parsed = EmailNormalizer.Normalize(request.Email);
            if (parsed.IsSuccess)
                emailKey = parsed.Value;
            else
                violations.Add(FromDomain("email", parsed.Error!));
        }

        CheckLength(violations, "name", request.Name);
        CheckLength(violations, "company", request.Company);
        CheckLength(violations, "city", request.City);
        CheckLength(violations, "territory", request.Territory);

        // A company that does not normalize (e.g. only punctuation) is kept verbatim but not used for matching.
        var companyKey = string.IsNullOrWhiteSpace(request.Company) ? null : CompanyNameNormalizer.Normalize(request.Company) is { IsSuccess: true } c ? c.Value : null;

        if (request.ProductTags.Count > MaxProductTags)
            violations.Add(Violation("productTags", "TOO_MANY", $"产品标签最多 {MaxProductTags} 个", $"At most {MaxProductTags} product tags"));
        for (var i = 0; i < request.ProductTags.Count; i++)
        {
            var tag = request.ProductTags[i];
            if (string.IsNullOrWhiteSpace(tag) || tag.Length > 64)
                violations.Add(Violation($"productTags[{i}]", "INVALID_TAG", "产品标签须为 1–64 个字符", "A product tag must be 1–64 characters"));
        }

        if (request.Payload is not null && request.Payload.CalculateSize() > MaxPayloadBytes)
            violations.Add(Violation("payload", "TOO_LARGE", "原始数据最多 64 KB", "The raw payload is at most 64 KB"));

        Guid? referredBy = null;
        if (request.ReferredBy is not null)
        {
            if (Guid.TryParse(request.ReferredBy.Value, out var id))
                referredBy = id;
            else
                violations.Add(Violation("referredBy.value", "INVALID_ID", "推荐人 ID 须为 UUID", "The referrer id must be a UUID"));
        }

        DateTimeOffset? capturedAt = null;
        if (request.CapturedAt is not null)
        {
            // Timestamp.ToDateTimeOffset throws on out-of-range seconds/nanos; that is bad input, not a server error.
            if (request.CapturedAt.Seconds is >= -62135596800 and <= 253402300799 && request.CapturedAt.Nanos is >= 0 and < 1_000_000_000)
                capturedAt = request.CapturedAt.ToDateTimeOffset();
            else
                violations.Add(Violation("capturedAt", "INVALID_TIME", "采集时间无效", "The capture time is invalid"));
        }

        string? territory = null;
        if (!string.IsNullOrWhiteSpace(request.Territory))
        {
            territory = request.Territory.Trim();
            if (!knownTerritories.Contains(territory))
                violations.Add(Violation("territory", "UNKNOWN_TERRITORY", $"未知地域“{Clip(territory)}”：花名册中没有销售负责该地域",
                    $"Unknown territory '{Clip(territory)}': no rep on the roster covers it"));
        }
        else if (!string.IsNullOrWhiteSpace(request.City))
        {
            territory = TerritoryOfCity(request.City.Trim(), knownTerritories);
        }

        return violations.Count > 0
            ? (null, violations)
            : (new ValidIntake(channel!, phone, emailKey, companyKey, referredBy, capturedAt, territory), violations);
    }

    /// <summary>"杭州" or "杭州市" → 杭州 when a rep covers it; otherwise the lead simply has no territory.</summary>
    private static string? TerritoryOfCity(string city, IReadOnlySet<string> known)
    {
        if (known.Contains(city))
            return city;
        var canonical = RegionNames.Canonical(city);
        return canonical is not null && known.Contains(canonical) ? canonical : null;
    }

    private static string Clip(string value) => value.Length <= 50 ? value : value[..50] + "…";

    private static void CheckLength(List<FieldViolation> violations, string field, string value)
    {
        if (value.Length > MaxTextLength)
            violations.Add(Violation(field, "TOO_LONG", $"最多 {MaxTextLength} 个字符", $"At most {MaxTextLength} characters"));
    }

    private static FieldViolation FromDomain(string field, DomainError error) => new(field, error.Code, error.Message);

    private static FieldViolation Violation(string field, string code, string zh, string en) => new(field, code, new LocalizedText(zh, en));
}
