namespace SalesMesh.ServiceDefaults.Timers;

/// <summary>What <c>AddDurableTimers</c> configures: the handlers per kind and the worker's pacing.</summary>
public sealed class DurableTimerOptions
{
    internal Dictionary<string, Type> Handlers { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// How often each worker looks for due timers when nothing nudged it. Timers fire at most
    /// this long (plus the handler's run time) after they fall due; keep it ≤ 1 s.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Parallel claim loops in this process (each claims with SKIP LOCKED, so they never share a timer).</summary>
    public int Workers { get; set; } = 1;

    /// <summary>Timers fired per wake before the worker yields to check for cancellation and cleanup (it then continues at once).</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>Delay before the first retry of a failed handler; doubles per failure up to <see cref="RetryMaxDelay"/> (service clock).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Fired rows are kept this long (diagnosis: who fired what, when), then deleted.</summary>
    public TimeSpan FiredRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Recorded in <c>fired_by</c>; defaults to host name and process id.</summary>
    public string InstanceName { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>
    /// Runs <typeparamref name="THandler"/> (scoped, from DI) for timers of <paramref name="kind"/>.
    /// The kind is stored in every row: renaming it orphans pending timers.
    /// </summary>
    public DurableTimerOptions AddHandler<THandler>(string kind) where THandler : class, IDurableTimerHandler
    {
        DurableTimerDbContextExtensions.ValidateName(kind, nameof(kind));
        if (!Handlers.TryAdd(kind, typeof(THandler)))
            throw new ArgumentException($"Timer kind '{kind}' already has a handler ({Handlers[kind].Name}).", nameof(kind));
        return this;
    }
}
