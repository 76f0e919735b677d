using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.ServiceDefaults.Tests.TestService;

/// <summary>What the consumers of one test host saw; a DI singleton per host.</summary>
public sealed class ConsumerProbe : IConsumeObserver
{
    public ConcurrentQueue<Guid> Deliveries { get; } = new();
    public ConcurrentQueue<Guid> Applied { get; } = new();
    public ConcurrentQueue<ActivityTraceId> AppliedTraceIds { get; } = new();
    private int _poisonAttempts;

    public int PoisonAttempts => Volatile.Read(ref _poisonAttempts);

    internal void PoisonAttempted() => Interlocked.Increment(ref _poisonAttempts);

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    /// <summary>Recorded when a delivery was fully consumed and acknowledged (applied or skipped as duplicate).</summary>
    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.MessageId is { } id)
            Deliveries.Enqueue(id);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}

/// <summary>Counts leads per channel, exactly once per message.</summary>
public sealed class LeadCounter(TestDbContext db, ConsumerProbe probe) : InboxConsumer<TestDbContext, TestLeadReceived>(db)
{
    protected override async Task HandleAsync(ConsumeContext<TestLeadReceived> context, CancellationToken cancellationToken)
    {
        var channel = context.Message.Channel;
        var row = await Db.ChannelCounts.SingleOrDefaultAsync(c => c.Channel == channel, cancellationToken);
        if (row is null)
            Db.ChannelCounts.Add(new ChannelCount { Channel = channel, Count = 1 });
        else
            row.Count++;
        if (Activity.Current is { } activity)
            probe.AppliedTraceIds.Enqueue(activity.TraceId);
        probe.Applied.Enqueue(context.MessageId!.Value); // last: tests wait on it
    }
}

/// <summary>Writes a row, then fails: the row must never become visible.</summary>
public sealed class PoisonConsumer(TestDbContext db, ConsumerProbe probe) : InboxConsumer<TestDbContext, TestPoison>(db)
{
    protected override async Task HandleAsync(ConsumeContext<TestPoison> context, CancellationToken cancellationToken)
    {
        probe.PoisonAttempted();
        Db.ConsumerWrites.Add(new ConsumerWrite { Id = context.Message.Id, Note = "must be rolled back" });
        await Db.SaveChangesAsync(cancellationToken); // even flushed inside the transaction
        throw new InvalidOperationException("poison message");
    }
}
