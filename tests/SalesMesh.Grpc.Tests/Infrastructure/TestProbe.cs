using System.Collections.Concurrent;

namespace SalesMesh.Grpc.Tests.Infrastructure;

/// <summary>What the test service saw: shared between the service (per call) and the test.</summary>
public sealed class TestProbe
{
    private int _attempts;

    public TaskCompletionSource<string> HandlerCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource HandlerStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<bool> IgnoringHandlerFinished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether the request's services could still be resolved when the deadline-ignoring handler finished.</summary>
    public TaskCompletionSource<bool> IgnoringHandlerServicesAlive { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<string> Events { get; } = new();

    public int Attempts => Volatile.Read(ref _attempts);

    public int NextAttempt() => Interlocked.Increment(ref _attempts);
}
