namespace SalesMesh.Activities.Data;

/// <summary>
/// A customer account (AC-1), owned by one rep. Created by hand or from LeadRouting's
/// LeadConverted event (then <see cref="LeadId"/> is set, unique, which makes replays harmless).
/// Load it for a caller only through <c>CustomerAccess</c>: someone else's customer is NOT_FOUND.
/// </summary>
public sealed class CustomerRecord
{
    public Guid Id { get; set; }
    public required string OwnerUserId { get; set; }

    /// <summary>The owner's team when the customer was created; supervisors of that team see it.</summary>
    public string? TeamId { get; set; }

    /// <summary>The LeadRouting lead this customer was converted from, or null when created by hand.</summary>
    public Guid? LeadId { get; set; }

    public required string Name { get; set; }
    public string? ContactName { get; set; }

    /// <summary>E.164 phone; personal data, masked for anyone but the owner.</summary>
    public string? ContactPhone { get; set; }

    public string? ContactEmail { get; set; }
    public List<string> ProductTags { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public int Version { get; set; }
}
