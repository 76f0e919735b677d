using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// A rep converted an owned lead into a customer (the end of the lead's life in LeadRouting).
/// Published by LeadRouting through its outbox; Activities consumes it to create the customer and
/// its first opportunity (AC-1) owned by the same rep, so nobody re-types the lead.
/// </summary>
/// <param name="LeadId">LeadRouting's id of the converted lead; Activities keeps it on the customer.</param>
/// <param name="OwnerUserId">The rep who owns the lead and becomes owner of the customer.</param>
/// <param name="OwnerTeamId">The owner's team (supervisors of that team see the customer), or null.</param>
/// <param name="CompanyName">Company as given on the lead (the customer's name), or null for a person.</param>
/// <param name="ContactName">Contact person's name as given, or null.</param>
/// <param name="ContactPhone">The contact's phone (normalized E.164). Personal data, but Activities
/// needs it to reach the customer; only services subscribe to this event, never a browser.</param>
/// <param name="ContactEmail">The contact's e-mail (lower-cased), or null.</param>
/// <param name="ProductTags">Product-line tags of the lead, e.g. <c>orthopedic-equipment</c>.</param>
/// <param name="ConvertedAtUtc">When the conversion committed (server clock, UTC).</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record LeadConverted(
    Guid LeadId,
    string OwnerUserId,
    string? OwnerTeamId,
    string? CompanyName,
    string? ContactName,
    string? ContactPhone,
    string? ContactEmail,
    IReadOnlyList<string> ProductTags,
    DateTimeOffset ConvertedAtUtc)
{
    public const string EventName = "salesmesh.leadrouting.v1.lead-converted";
}
