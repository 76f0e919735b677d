namespace SalesMesh.LeadRouting.Operations.Board;

/// <summary>Subscribes the board feed to the other replicas' changes when the host starts.</summary>
internal sealed class BoardFeedListener(BoardFeed feed, ILogger<BoardFeedListener> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await feed.ListenAsync();
        }
        catch (Exception ex)
        {
            // Redis down at boot must not stop the service: local changes still reach local watchers.
            logger.LogWarning(ex, "Board feed could not subscribe to Redis; changes made on other replicas will not stream from this one.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
