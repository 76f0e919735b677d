using MassTransit;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// A document was attached to a customer (optionally to one of its visit records), after its content
/// was checked against the declared type. Published by Activities (follow-up) through its outbox;
/// no consumer yet (Insights/Attribution may count requirement confirmations as evidence).
/// </summary>
/// <param name="DocumentId">Activities' id of the stored document.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="VisitRecordId">The visit record it was attached to, or null.</param>
/// <param name="Kind">"requirementConfirmation" or "other".</param>
/// <param name="ContentType">The verified content type, e.g. "application/pdf".</param>
/// <param name="SizeBytes">Size of the content.</param>
/// <param name="Sha256">SHA-256 of the content, lower-case hex.</param>
/// <param name="AttachedByUserId">Who uploaded it.</param>
/// <param name="AttachedAtUtc">Server time of the upload.</param>
[MessageUrn(EventName)]
[EntityName(EventName)]
public sealed record DocumentAttached(
    Guid DocumentId,
    Guid CustomerId,
    Guid? VisitRecordId,
    string Kind,
    string ContentType,
    long SizeBytes,
    string Sha256,
    string AttachedByUserId,
    DateTimeOffset AttachedAtUtc)
{
    public const string EventName = "salesmesh.activities.v1.document-attached";
}
