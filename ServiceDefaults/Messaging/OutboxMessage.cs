namespace SalesMesh.ServiceDefaults.Messaging;

/// <summary>
/// One event waiting for (or done with) delivery, written in the same transaction as the state
/// change that caused it. Table <c>outbox_messages</c>; see <see cref="MessagingMigrationBuilderExtensions"/>.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Message id, used as the MassTransit MessageId: consumers deduplicate by it.</summary>
    public Guid Id { get; set; }

    /// <summary>Commit order (identity); delivery follows it.</summary>
    public long Sequence { get; set; }

    /// <summary>The event's stable wire name, e.g. <c>urn:message:salesmesh.leadrouting.v1.lead-received</c>.</summary>
    public required string MessageType { get; set; }

    /// <summary>The event serialized as JSON (System.Text.Json, web defaults).</summary>
    public required string Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>W3C traceparent of the activity that wrote the event, so delivery continues its trace.</summary>
    public string? TraceParent { get; set; }

    public string? TraceState { get; set; }

    /// <summary>Failed delivery attempts so far (a row is never dropped, only retried).</summary>
    public int Attempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>
    /// Set only for a row that cannot be published whatever the broker does (unknown contract,
    /// unreadable body): it is skipped until then so it does not block the rows behind it.
    /// </summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>When the broker confirmed the publish; null while pending.</summary>
    public DateTimeOffset? SentAt { get; set; }
}
