using Microsoft.EntityFrameworkCore;

namespace SalesMesh.ServiceDefaults.Messaging;

/// <summary>Maps the outbox/inbox entities; pair with <see cref="MessagingMigrationBuilderExtensions.CreateMessagingTables"/>.</summary>
public static class MessagingModelBuilderExtensions
{
    /// <summary>
    /// Call from <c>OnModelCreating</c>. Tables land in the model's default schema (or
    /// <paramref name="schema"/>); pass the same schema to <c>CreateMessagingTables</c>.
    /// </summary>
    public static ModelBuilder AddMessagingEntities(this ModelBuilder modelBuilder, string? schema = null)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable(MessagingTables.Outbox, schema);
            outbox.HasKey(m => m.Id);
            outbox.Property(m => m.Id).HasColumnName("id").ValueGeneratedNever();
            outbox.Property(m => m.Sequence).HasColumnName("sequence").UseIdentityByDefaultColumn();
            outbox.Property(m => m.MessageType).HasColumnName("message_type");
            outbox.Property(m => m.Body).HasColumnName("body");
            outbox.Property(m => m.CreatedAt).HasColumnName("created_at");
            outbox.Property(m => m.TraceParent).HasColumnName("trace_parent");
            outbox.Property(m => m.TraceState).HasColumnName("trace_state");
            outbox.Property(m => m.Attempts).HasColumnName("attempts");
            outbox.Property(m => m.LastError).HasColumnName("last_error");
            outbox.Property(m => m.NextAttemptAt).HasColumnName("next_attempt_at");
            outbox.Property(m => m.SentAt).HasColumnName("sent_at");
        });
        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable(MessagingTables.Inbox, schema);
            inbox.HasKey(m => new { m.MessageId, m.Consumer });
            inbox.Property(m => m.MessageId).HasColumnName("message_id");
            inbox.Property(m => m.Consumer).HasColumnName("consumer");
            inbox.Property(m => m.MessageType).HasColumnName("message_type");
            inbox.Property(m => m.ReceivedAt).HasColumnName("received_at");
        });
        return modelBuilder;
    }
}

internal static class MessagingTables
{
    public const string Outbox = "outbox_messages";
    public const string Inbox = "inbox_messages";
}
