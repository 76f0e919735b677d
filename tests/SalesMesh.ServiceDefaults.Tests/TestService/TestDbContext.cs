using Microsoft.EntityFrameworkCore;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.ServiceDefaults.Tests.TestService;

/// <summary>A miniature service database: leads in, counts per channel from consumed events.</summary>
public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    public const string Schema = "svc";

    public DbSet<Lead> Leads => Set<Lead>();
    public DbSet<ChannelCount> ChannelCounts => Set<ChannelCount>();
    public DbSet<ConsumerWrite> ConsumerWrites => Set<ConsumerWrite>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<Lead>(e =>
        {
            e.ToTable("leads");
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            e.Property(x => x.Channel).HasColumnName("channel");
        });
        modelBuilder.Entity<ChannelCount>(e =>
        {
            e.ToTable("channel_counts");
            e.HasKey(x => x.Channel);
            e.Property(x => x.Channel).HasColumnName("channel");
            e.Property(x => x.Count).HasColumnName("count");
        });
        modelBuilder.Entity<ConsumerWrite>(e =>
        {
            e.ToTable("consumer_writes");
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            e.Property(x => x.Note).HasColumnName("note");
        });
        modelBuilder.AddMessagingEntities();
    }
}

public sealed class Lead
{
    public Guid Id { get; set; }
    public required string Channel { get; set; }
}

public sealed class ChannelCount
{
    public required string Channel { get; set; }
    public int Count { get; set; }
}

public sealed class ConsumerWrite
{
    public Guid Id { get; set; }
    public required string Note { get; set; }
}
