namespace SalesMesh.ServiceDefaults.Messaging;

/// <summary>
/// Proof that <see cref="Consumer"/> applied message <see cref="MessageId"/>: committed in the same
/// transaction as the consumer's own changes, so a redelivery finds it and is skipped.
/// Table <c>inbox_messages</c>, key (message_id, consumer).
/// </summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; set; }

    public required string Consumer { get; set; }

    public required string MessageType { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}
