using System.Diagnostics;
using MassTransit;
using MassTransit.Logging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SalesMesh.ServiceDefaults.Messaging;

/// <summary>
/// Base class for consumers that must apply each message exactly once to their database. For
/// every delivery it opens a transaction, inserts the inbox row (message id, <see cref="ConsumerName"/>),
/// runs <see cref="HandleAsync"/>, saves and commits - so the changes and the "seen" mark commit
/// together. A redelivery finds the mark and is acknowledged without running the handler. A
/// handler exception rolls everything back and propagates: the message is not acknowledged,
/// MassTransit retries it with backoff and finally moves it to <c>{queue}_error</c>.
/// </summary>
public abstract class InboxConsumer<TDbContext, TMessage>(TDbContext db) : IConsumer<TMessage>
    where TDbContext : DbContext
    where TMessage : class
{
    /// <summary>The consumer's database context; changes made in <see cref="HandleAsync"/> are saved for you.</summary>
    protected TDbContext Db => db;

    /// <summary>
    /// Identity in the inbox. Defaults to the class name; override to keep it stable across a rename
    /// (a new name would treat every redelivered message as new).
    /// </summary>
    protected virtual string ConsumerName => GetType().Name;

    /// <summary>Applies the message: change <see cref="Db"/> (and enqueue follow-up events); do not call SaveChanges.</summary>
    protected abstract Task HandleAsync(ConsumeContext<TMessage> context, CancellationToken cancellationToken);

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a MessageId; the inbox cannot deduplicate it.");
        var messageType = EventContracts.NameOf(typeof(TMessage));

        // MassTransit's consume span is current when it is listened to; otherwise join the
        // producer's trace from the header ourselves.
        var parent = Activity.Current is null
            ? MessagingTelemetry.ParentFrom(context.Headers.Get<string>(DiagnosticHeaders.ActivityId), null)
            : default;
        using var activity = MessagingTelemetry.Source.StartActivity($"inbox {ConsumerName}", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.message.id", messageId.ToString());
        activity?.SetTag("messaging.consumer.name", ConsumerName);

        var applied = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (!await TryMarkReceivedAsync(messageId, messageType, ct))
            {
                await transaction.RollbackAsync(ct);
                return false;
            }
            await HandleAsync(context, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }, context.CancellationToken);

        if (applied)
        {
            MessagingTelemetry.Consumed.Add(1, new KeyValuePair<string, object?>("consumer", ConsumerName));
        }
        else
        {
            MessagingTelemetry.Duplicates.Add(1, new KeyValuePair<string, object?>("consumer", ConsumerName));
            activity?.SetTag("salesmesh.inbox.duplicate", true);
            db.GetService<ILoggerFactory>().CreateLogger(GetType())
                .LogInformation("Message {MessageId} was already applied by {Consumer}; acknowledged without applying again.", messageId, ConsumerName);
        }
    }

    /// <summary>
    /// Inserts the inbox row unless it exists. A concurrent duplicate blocks on the key until the
    /// first transaction ends, then sees the conflict: two deliveries can never both apply.
    /// </summary>
    private async Task<bool> TryMarkReceivedAsync(Guid messageId, string messageType, CancellationToken ct)
    {
        var entity = db.Model.FindEntityType(typeof(InboxMessage))
            ?? throw new InvalidOperationException($"{typeof(TDbContext).Name} does not map the inbox: call modelBuilder.AddMessagingEntities() in OnModelCreating.");
        var schema = entity.GetSchema();
        var table = schema is null ? $"\"{entity.GetTableName()}\"" : $"\"{schema}\".\"{entity.GetTableName()}\"";
        // Only the table name (from our own model) is spliced in; values are parameters.
        var sql = "INSERT INTO " + table + " (\"message_id\", \"consumer\", \"message_type\", \"received_at\") VALUES ({0}, {1}, {2}, {3}) ON CONFLICT DO NOTHING";
        var inserted = await db.Database.ExecuteSqlRawAsync(sql, [messageId, ConsumerName, messageType, DateTimeOffset.UtcNow], ct);
        return inserted == 1;
    }
}
