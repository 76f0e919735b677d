using System.Collections.Concurrent;

namespace SalesMesh.Grpc.Interop.Tests.Infrastructure;

/// <summary>What our in-process server saw, for tests that assert on the server side of a call.</summary>
public sealed class ServerObservations
{
    private readonly ConcurrentQueue<string> _cancelled = new();

    /// <summary>Methods whose handler saw its CancellationToken fire (client cancel or deadline).</summary>
    public IReadOnlyCollection<string> Cancelled => _cancelled.ToArray();

    public void RecordCancelled(string method) => _cancelled.Enqueue(method);

    /// <summary>Waits up to <paramref name="timeout"/> for the server to have seen a cancellation of <paramref name="method"/>.</summary>
    public async Task<bool> WaitForCancelledAsync(string method, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (_cancelled.Contains(method))
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }
}
