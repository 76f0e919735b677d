using System.Collections.Concurrent;

namespace Aspire.Hosting;

/// <summary>Latest state of every resource, and a way to wait for a state (as in Aspire).</summary>
public sealed class ResourceNotificationService
{
    private readonly ConcurrentDictionary<string, ResourceSnapshot> _latest = new();
    private readonly List<(Func<ResourceSnapshot, bool> Match, string Name, TaskCompletionSource<ResourceSnapshot> Done)> _waiters = [];

    public event Action<ResourceSnapshot>? Changed;

    public IReadOnlyList<ResourceSnapshot> Snapshots => [.. _latest.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];

    public ResourceSnapshot? TryGet(string name) => _latest.TryGetValue(name, out var snapshot) ? snapshot : null;

    public Task<ResourceSnapshot> WaitForResourceHealthyAsync(string name, CancellationToken cancellationToken = default) =>
        WaitForResourceAsync(name, s => s.IsHealthy, cancellationToken);

    public Task<ResourceSnapshot> WaitForResourceAsync(string name, ResourceState state, CancellationToken cancellationToken = default) =>
        WaitForResourceAsync(name, s => s.State == state, cancellationToken);

    public async Task<ResourceSnapshot> WaitForResourceAsync(string name, Func<ResourceSnapshot, bool> match, CancellationToken cancellationToken = default)
    {
        if (!_latest.ContainsKey(name))
        {
            throw new ArgumentException($"No resource named '{name}'.", nameof(name));
        }
        var done = new TaskCompletionSource<ResourceSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (_latest.TryGetValue(name, out var current) && match(current))
            {
                return current;
            }
            _waiters.Add((match, name, done));
        }
        using var registration = cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
        try
        {
            return await done.Task.ConfigureAwait(false);
        }
        finally
        {
            lock (_waiters)
            {
                _waiters.RemoveAll(w => w.Done == done);
            }
        }
    }

    internal void Publish(ResourceSnapshot snapshot)
    {
        List<TaskCompletionSource<ResourceSnapshot>> satisfied = [];
        lock (_waiters)
        {
            _latest[snapshot.Name] = snapshot;
            foreach (var waiter in _waiters.Where(w => w.Name == snapshot.Name && w.Match(snapshot)).ToList())
            {
                satisfied.Add(waiter.Done);
                _waiters.Remove(waiter);
            }
        }
        foreach (var done in satisfied)
        {
            done.TrySetResult(snapshot);
        }
        Changed?.Invoke(snapshot);
    }
}
