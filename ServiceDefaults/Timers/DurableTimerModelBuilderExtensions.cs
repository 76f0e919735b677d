using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SalesMesh.ServiceDefaults.Timers;

/// <summary>Maps <see cref="DurableTimer"/>; pair with <see cref="DurableTimerMigrationBuilderExtensions.CreateDurableTimerTables"/>.</summary>
public static class DurableTimerModelBuilderExtensions
{
    /// <summary>Call from <c>OnModelCreating</c>; the table lands in <paramref name="schema"/> or the model's default schema.</summary>
    public static ModelBuilder AddDurableTimerEntities(this ModelBuilder modelBuilder, string? schema = null)
    {
        modelBuilder.Entity<DurableTimer>(timer => timer.MapDurableTimer(schema));
        return modelBuilder;
    }

    /// <summary>
    /// The same mapping for an <c>IEntityTypeConfiguration&lt;DurableTimer&gt;</c>, so a feature folder can
    /// add timers to a context it does not own (picked up by <c>ApplyConfigurationsFromAssembly</c>).
    /// A null schema means the model's default schema.
    /// </summary>
    public static EntityTypeBuilder<DurableTimer> MapDurableTimer(this EntityTypeBuilder<DurableTimer> timer, string? schema = null)
    {
        timer.ToTable(DurableTimerTables.Timers, schema);
        timer.HasKey(t => t.Id);
        timer.Property(t => t.Id).HasColumnName("id").UseIdentityByDefaultColumn();
        timer.Property(t => t.Kind).HasColumnName("kind");
        timer.Property(t => t.Key).HasColumnName("key");
        timer.Property(t => t.DueAt).HasColumnName("due_at");
        timer.Property(t => t.Payload).HasColumnName("payload").HasColumnType("jsonb");
        timer.Property(t => t.ScheduledAt).HasColumnName("scheduled_at");
        timer.Property(t => t.Attempts).HasColumnName("attempts");
        timer.Property(t => t.LastError).HasColumnName("last_error");
        timer.Property(t => t.NextAttemptAt).HasColumnName("next_attempt_at");
        timer.Property(t => t.FiredAt).HasColumnName("fired_at");
        timer.Property(t => t.FiredBy).HasColumnName("fired_by");
        timer.Ignore(t => t.Pending);
        timer.HasIndex(t => new { t.Kind, t.Key }).IsUnique();
        return timer;
    }
}

internal static class DurableTimerTables
{
    public const string Timers = "durable_timers";
}
