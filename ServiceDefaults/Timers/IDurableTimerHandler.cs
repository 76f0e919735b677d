using System.Text.Json;

namespace SalesMesh.ServiceDefaults.Timers;

/// <summary>
/// Runs when a timer of its kind falls due. Resolved from a fresh DI scope per timer, so it can
/// take the service's DbContext in its constructor: that context is the one whose transaction
/// holds the timer row, and everything the handler changes there (rows, outbox events, new or
/// cancelled timers) commits together with the "fired" mark — or, if it throws, not at all and
/// the timer is retried with backoff. Do not open your own transaction and do not call
/// SaveChanges on another context.
/// </summary>
public interface IDurableTimerHandler
{
    Task HandleAsync(DurableTimerContext timer, CancellationToken cancellationToken);
}

/// <summary>The timer being fired.</summary>
/// <param name="Kind">Its kind (the handler's registration name).</param>
/// <param name="Key">Its key within the kind.</param>
/// <param name="DueAt">When it was due.</param>
/// <param name="FiredAt">Now, from the service's <see cref="TimeProvider"/>.</param>
/// <param name="Attempt">1 on the first run, 2 after one failure, …</param>
/// <param name="Payload">The JSON given to <c>ScheduleTimer</c>, if any.</param>
public sealed record DurableTimerContext(string Kind, string Key, DateTimeOffset DueAt, DateTimeOffset FiredAt, int Attempt, string? Payload)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The payload deserialized with web defaults (camelCase); throws when there is none.</summary>
    public T PayloadAs<T>() =>
        JsonSerializer.Deserialize<T>(Payload ?? throw new InvalidOperationException($"Timer {Kind}/{Key} has no payload."), Json)
        ?? throw new InvalidOperationException($"Timer {Kind}/{Key} has a null payload.");
}
