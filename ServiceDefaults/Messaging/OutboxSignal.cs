using System.Threading.Channels;

namespace SalesMesh.ServiceDefaults.Messaging;

/// <summary>
/// "There may be new outbox rows": raised after a commit that wrote outbox rows, so delivery
/// starts at once instead of at the next poll. Coalesces: many nudges before the worker wakes
/// count as one.
/// </summary>
public sealed class OutboxSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    public void Nudge() => _channel.Writer.TryWrite(true);

    /// <summary>Waits for a nudge or <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // poll interval elapsed
        }
    }
}
