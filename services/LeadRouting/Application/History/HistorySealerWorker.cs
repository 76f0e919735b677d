using SalesMesh.LeadRouting.Data;
using SalesMesh.ServiceDefaults.Data;

namespace SalesMesh.LeadRouting.Application.History;

/// <summary>
/// Keeps the chains current: seals history drafts as they are committed, in batches, on every
/// replica (only one seals at a time; the others skip while the head is locked). Idle, it looks
/// every <see cref="PollInterval"/>; with a backlog it seals batch after batch.
/// </summary>
public sealed class HistorySealerWorker(IServiceScopeFactory scopes, MigrationStatus<LeadRoutingDbContext> migrations,
    ILogger<HistorySealerWorker> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await migrations.WaitAsync(stoppingToken);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var pause = PollInterval;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var sealedCount = await scope.ServiceProvider.GetRequiredService<HistorySealer>().SealBatchAsync(waitForHead: false, stoppingToken);
                failures = 0;
                if (sealedCount == HistorySealer.BatchSize)
                    continue; // more are waiting
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                pause = TimeSpan.FromMilliseconds(Math.Min(15_000, 200 * Math.Pow(2, Math.Min(failures, 10))));
                logger.LogWarning(ex, "Sealing the lead history failed (database unreachable?); retrying in {Pause}.", pause);
            }
            try
            {
                await Task.Delay(pause, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
