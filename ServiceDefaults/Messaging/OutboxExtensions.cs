using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace SalesMesh.ServiceDefaults.Messaging;

public static class OutboxExtensions
{
    /// <summary>
    /// Adds <paramref name="evt"/> to the outbox of <paramref name="db"/>. Nothing is sent now: the
    /// row is inserted by the next <c>SaveChanges</c>, atomically with the state change, and the
    /// delivery worker publishes it right after the commit. If SaveChanges fails or the
    /// transaction rolls back, the event never existed.
    /// </summary>
    /// <returns>The row; its <see cref="OutboxMessage.Id"/> is the MessageId consumers will see.</returns>
    public static OutboxMessage EnqueueEvent<TEvent>(this DbContext db, TEvent evt) where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(evt);
        var eventType = evt.GetType();
        var activity = Activity.Current;
        var row = new OutboxMessage
        {
            Id = OutboxMessageIds.Next(),
            MessageType = EventContracts.NameOf(eventType),
            Body = JsonSerializer.Serialize(evt, eventType, EventContracts.Json),
            CreatedAt = DateTimeOffset.UtcNow,
            TraceParent = activity?.Id is { } id && activity.IdFormat == ActivityIdFormat.W3C ? id : null,
            TraceState = activity?.TraceStateString,
        };
        db.Set<OutboxMessage>().Add(row);
        return row;
    }
}
