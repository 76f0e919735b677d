using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using MassTransit.Logging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SalesMesh.ServiceDefaults.Data;

namespace SalesMesh.ServiceDefaults.Messaging;

/// <summary>
/// Publishes committed outbox rows, oldest first, and marks them sent only after the broker
/// confirmed them (publisher confirms), all inside one transaction that holds the claimed rows
/// with <c>FOR UPDATE SKIP LOCKED</c>:
/// <list type="bullet">
/// <item>a crash before the commit leaves the rows pending, so they are published again
/// (at-least-once; the consumers' inbox drops the duplicate);</item>
/// <item>another replica skips rows this one holds, so replicas share the work without double sends
/// in normal operation;</item>
/// <item>a batch is published pipelined (all messages out in row order, then the confirms);
/// the first row the broker did not confirm gets the error recorded and the worker backs off
/// exponentially while the broker is down. Rows are never deleted for failing.</item>
/// </list>
/// </summary>
internal sealed class OutboxDeliveryWorker<TDbContext>(
    IServiceScopeFactory scopeFactory,
    IBus bus,
    OutboxSignal signal,
    EventContracts contracts,
    MigrationStatus<TDbContext> migrations,
    IOptions<MessagingOptions> options,
    ILogger<OutboxDeliveryWorker<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    private const int MaxErrorLength = 2000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        await migrations.WaitAsync(stoppingToken);
        var failures = 0;
        var nextCleanup = DateTimeOffset.UtcNow;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (DateTimeOffset.UtcNow >= nextCleanup)
                {
                    await DeleteOldSentRowsAsync(settings, stoppingToken);
                    nextCleanup = DateTimeOffset.UtcNow + settings.OutboxCleanupInterval;
                }
                var result = await DeliverBatchAsync(settings, stoppingToken);
                if (result.Failed)
                {
                    failures++;
                    await Task.Delay(Backoff(settings, failures), stoppingToken);
                    continue;
                }
                failures = 0;
                if (result.Published == settings.OutboxBatchSize)
                    continue; // more may be waiting
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                logger.LogWarning(ex, "Outbox delivery failed (database unreachable?); retrying with backoff.");
                await Task.Delay(Backoff(settings, failures), stoppingToken);
                continue;
            }
            await signal.WaitAsync(settings.OutboxPollInterval, stoppingToken);
        }
    }

    /// <summary>
    /// Sent rows are only history once confirmed; keep them for <see cref="MessagingOptions.OutboxSentRetention"/>
    /// (diagnosis, replay by hand) and then delete them so the table stays small. Pending rows are never deleted.
    /// </summary>
    private async Task DeleteOldSentRowsAsync(MessagingOptions settings, CancellationToken ct)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var cutoff = DateTimeOffset.UtcNow - settings.OutboxSentRetention;
        var deleted = await db.Set<OutboxMessage>().Where(m => m.SentAt != null && m.SentAt < cutoff).ExecuteDeleteAsync(ct);
        if (deleted > 0)
            logger.LogInformation("Deleted {Count} outbox rows sent before {Cutoff:u}.", deleted, cutoff);
    }

    private static TimeSpan Backoff(MessagingOptions settings, int failures)
    {
        var exponential = TimeSpan.FromMilliseconds(200 * Math.Pow(2, Math.Min(failures - 1, 10)));
        var capped = exponential < settings.OutboxMaxBackoff ? exponential : settings.OutboxMaxBackoff;
        return capped * (0.8 + Random.Shared.NextDouble() * 0.4);
    }

    private async Task<(int Published, bool Failed)> DeliverBatchAsync(MessagingOptions settings, CancellationToken stoppingToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var table = QualifiedTable(db);

        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Table name from our own model, batch size an int: nothing user-supplied is spliced in.
            var claim = "SELECT * FROM " + table + " WHERE \"sent_at\" IS NULL AND (\"next_attempt_at\" IS NULL OR \"next_attempt_at\" <= now()) ORDER BY \"sequence\" LIMIT " + settings.OutboxBatchSize + " FOR UPDATE SKIP LOCKED";
            var rows = await db.Set<OutboxMessage>()
                .FromSqlRaw(claim)
                .AsNoTracking()
                .ToListAsync(ct);
            if (rows.Count == 0)
                return (0, false);

            // Publish the batch pipelined: every message goes out, in row order, before the first
            // confirm is awaited. One at a time, each event cost a broker round trip and two thread
            // wake-ups, and under load the relay fell thousands of events behind the writes.
            var publishing = new List<(OutboxMessage Row, Task Publish)>(rows.Count);
            foreach (var row in rows)
            {
                try
                {
                    var (message, eventType) = Materialize(row);
                    publishing.Add((row, PublishAsync(row, message, eventType, settings, ct)));
                }
                catch (Exception ex) when (ex is OutboxContractException or JsonException)
                {
                    // Waiting for the broker will not fix this row (its contract is not deployed
                    // here, or its body does not fit it): park it with a growing delay so it does
                    // not block the rows behind it, and keep it - an operator can fix and replay.
                    await ParkAsync(db, row, ex, ct);
                }
            }

            var sent = new List<Guid>(publishing.Count);
            OutboxMessage? failedRow = null;
            Exception? failure = null;
            foreach (var (row, publish) in publishing)
            {
                try
                {
                    await publish;
                    sent.Add(row.Id);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    // Broker trouble: the first failed row is recorded and retried after a backoff.
                    // Rows confirmed after it did reach the broker and are marked sent.
                    failedRow ??= row;
                    failure ??= ex;
                }
            }

            var now = DateTimeOffset.UtcNow;
            if (sent.Count > 0)
            {
                await db.Set<OutboxMessage>().Where(m => sent.Contains(m.Id))
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, now), ct);
            }
            if (failedRow is not null)
            {
                var error = Truncate($"{failure!.GetType().Name}: {failure.Message}");
                await db.Set<OutboxMessage>().Where(m => m.Id == failedRow.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, m => m.Attempts + 1).SetProperty(m => m.LastError, error), ct);
            }
            await transaction.CommitAsync(ct);

            MessagingTelemetry.Published.Add(sent.Count);
            if (failedRow is not null)
            {
                MessagingTelemetry.PublishFailures.Add(1);
                logger.LogWarning(failure, "Publishing outbox message {MessageId} ({MessageType}) failed on attempt {Attempt}; it stays pending.",
                    failedRow.Id, failedRow.MessageType, failedRow.Attempts + 1);
            }
            return (sent.Count, failedRow is not null);
        }, stoppingToken);
    }

    private (object Message, Type EventType) Materialize(OutboxMessage row)
    {
        var eventType = contracts.Resolve(row.MessageType)
            ?? throw new OutboxContractException($"No loaded event contract has the name '{row.MessageType}'. Register its assembly with AddEventContractsFrom<T>().");
        var message = JsonSerializer.Deserialize(row.Body, eventType, EventContracts.Json)
            ?? throw new OutboxContractException($"Outbox body of {row.Id} deserialized to null.");
        return (message, eventType);
    }

    private async Task ParkAsync(TDbContext db, OutboxMessage row, Exception error, CancellationToken ct)
    {
        var delay = TimeSpan.FromSeconds(Math.Min(3600, Math.Pow(2, Math.Min(row.Attempts + 1, 12))));
        var due = DateTimeOffset.UtcNow + delay;
        var text = Truncate($"{error.GetType().Name}: {error.Message}");
        await db.Set<OutboxMessage>().Where(m => m.Id == row.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, m => m.Attempts + 1)
                .SetProperty(m => m.LastError, text)
                .SetProperty(m => m.NextAttemptAt, due), ct);
        MessagingTelemetry.PublishFailures.Add(1);
        logger.LogError(error, "Outbox message {MessageId} ({MessageType}) cannot be published; parked until {Due:u} (attempt {Attempt}).",
            row.Id, row.MessageType, due, row.Attempts + 1);
    }

    private async Task PublishAsync(OutboxMessage row, object message, Type eventType, MessagingOptions settings, CancellationToken cancellationToken)
    {

        // Continue the writer's trace: MassTransit's own send span (when listened to) becomes a
        // child of this one and carries it to the consumer in the MT-Activity-Id header.
        using var activity = MessagingTelemetry.Source.StartActivity(
            $"outbox publish {row.MessageType}", ActivityKind.Producer,
            MessagingTelemetry.ParentFrom(row.TraceParent, row.TraceState));
        activity?.SetTag("messaging.message.id", row.Id.ToString());
        activity?.SetTag("messaging.system", "rabbitmq");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.PublishTimeout);
        try
        {
            await bus.Publish(message, eventType, Pipe.Execute<PublishContext>(context =>
            {
                context.MessageId = row.Id;
                context.Durable = true;
                // Without a MassTransit listener no send span sets this header: carry the
                // trace ourselves so the consumer still joins it.
                var traceId = activity?.Id ?? row.TraceParent;
                if (traceId is not null)
                    context.Headers.Set(DiagnosticHeaders.ActivityId, traceId);
            }), timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "publish timed out");
            throw new TimeoutException($"The broker did not confirm message {row.Id} within {settings.PublishTimeout.TotalSeconds:0.#} s.");
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    private static string QualifiedTable(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(OutboxMessage))
            ?? throw new InvalidOperationException($"{db.GetType().Name} does not map the outbox: call modelBuilder.AddMessagingEntities() in OnModelCreating.");
        var schema = entity.GetSchema();
        return schema is null ? $"\"{entity.GetTableName()}\"" : $"\"{schema}\".\"{entity.GetTableName()}\"";
    }

    private sealed class OutboxContractException(string message) : Exception(message);

    private static string Truncate(string text) => text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
}
