using System.Threading.Channels;
using StackExchange.Redis;

namespace SalesMesh.LeadRouting.Operations.Board;

/// <summary>
/// The claim board's change feed (LR-5): ids of leads whose committed state changed. Local commits
/// arrive from <see cref="LeadOperationsSaveInterceptor"/>; commits of other replicas arrive over
/// Redis pub/sub (<see cref="Channel"/>), so a watcher connected to any replica sees every change.
/// Each watcher has its own bounded queue; a watcher too slow to keep up loses the oldest ids and is
/// told so (it then re-reads everything), instead of slowing down writers.
/// </summary>
public sealed class BoardFeed(IConnectionMultiplexer redis, ILogger<BoardFeed> logger)
{
    /// <summary>Redis channel of the board: "<c>{instance}|{lead id},{lead id}…</c>".</summary>
    public const string Channel = "lead-routing:board";

    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly Lock _gate = new();
    private readonly List<BoardSubscription> _subscriptions = [];

    public BoardSubscription Subscribe()
    {
        var subscription = new BoardSubscription(this);
        lock (_gate)
            _subscriptions.Add(subscription);
        return subscription;
    }

    /// <summary>Called after a local commit: tell local watchers now and the other replicas through Redis.</summary>
    public void PublishCommitted(IReadOnlyCollection<Guid> leadIds)
    {
        Deliver(leadIds);
        var message = _instance + "|" + string.Join(",", leadIds.Select(id => id.ToString("D")));
        _ = PublishRemoteAsync(message);
    }

    /// <summary>Starts listening to the other replicas' changes (once, at startup).</summary>
    internal async Task ListenAsync()
    {
        await redis.GetSubscriber().SubscribeAsync(Channel, (_, value) => OnRemote(value));
    }

    internal void Unsubscribe(BoardSubscription subscription)
    {
        lock (_gate)
            _subscriptions.Remove(subscription);
    }

    private void OnRemote(RedisValue value)
    {
        var text = (string?)value;
        if (text is null)
            return;
        var bar = text.IndexOf('|');
        if (bar < 0 || text[..bar] == _instance)
            return; // our own commit, already delivered locally
        var ids = text[(bar + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => Guid.TryParse(s, out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty)
            .ToList();
        Deliver(ids);
    }

    private async Task PublishRemoteAsync(string message)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, message);
        }
        catch (Exception ex)
        {
            // Local watchers already have it; watchers on other replicas miss this change until
            // their next snapshot. The lead data itself is safe in PostgreSQL.
            logger.LogWarning(ex, "Could not publish board changes to Redis.");
        }
    }

    private void Deliver(IEnumerable<Guid> leadIds)
    {
        BoardSubscription[] targets;
        lock (_gate)
            targets = [.. _subscriptions];
        foreach (var id in leadIds)
            foreach (var subscription in targets)
                subscription.Offer(id);
    }
}

/// <summary>One watcher's queue of changed lead ids; dispose to stop receiving.</summary>
public sealed class BoardSubscription : IDisposable
{
    private readonly BoardFeed _feed;
    private readonly Channel<Guid> _queue = System.Threading.Channels.Channel.CreateBounded<Guid>(new BoundedChannelOptions(4096)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    internal BoardSubscription(BoardFeed feed) => _feed = feed;

    public ChannelReader<Guid> Changes => _queue.Reader;

    internal void Offer(Guid leadId) => _queue.Writer.TryWrite(leadId);

    public void Dispose()
    {
        _feed.Unsubscribe(this);
        _queue.Writer.TryComplete();
    }
}
