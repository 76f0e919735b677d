using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// A new lead entered the pool through the single intake contract (LR-1), whatever its channel.
/// Published by LeadRouting through its transactional outbox right after the lead row commits;
/// consumed by Insights (intake counts per channel) and anyone who needs to react to new leads.
/// Delivered at least once: consumers deduplicate by MessageId (the inbox does it for you).
/// </summary>
/// <param name="LeadId">LeadRouting's id of the lead (stable across merges: the surviving lead).</param>
/// <param name="Channel">Intake channel in kebab-case, e.g. <c>web-form</c>, <c>hotline-400</c>,
/// <c>douyin-dm</c>, <c>wechat</c>, <c>partner-api</c>, <c>referral</c>, <c>manual</c>, <c>file-import</c>.</param>
/// <param name="ReceivedAtUtc">When intake accepted the lead (server clock, UTC).</param>
/// <param name="ContactSummary">Masked contact summary safe for any reader (e.g. "王** 138****5678"),
/// or null. Never the raw phone or e-mail: events are readable by every subscriber.</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record LeadReceived(Guid LeadId, string Channel, DateTimeOffset ReceivedAtUtc, string? ContactSummary)
{
    /// <summary>Stable wire name: message URN suffix and RabbitMQ exchange. Never change it;
    /// a breaking change is a new event with <c>.v2.</c>.</summary>
    public const string EventName = "salesmesh.leadrouting.v1.lead-received";
}
