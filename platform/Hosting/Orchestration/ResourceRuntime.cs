using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Orchestration;

/// <summary>
/// Supervises one resource: waits for its dependencies, starts it, watches its health,
/// restarts it with exponential backoff when it exits unexpectedly, stops it on request.
/// </summary>
internal abstract class ResourceRuntime(Resource resource, Orchestrator orchestrator)
{
    private readonly object _gate = new();
    private readonly TaskCompletionSource _firstHealthy = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _run;
    private Task? _loop;

    public Resource Resource { get; } = resource;
    protected Orchestrator Orchestrator { get; } = orchestrator;
    protected DistributedApplicationOptions Options => Orchestrator.Options;

    public ResourceState State { get; private set; } = ResourceState.NotStarted;
    public HealthStatus Health { get; private set; } = HealthStatus.Unknown;
    public int Restarts { get; private set; }
    public int? LastExitCode { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>Completes once the resource has been healthy (WaitFor releases dependents).</summary>
    public Task FirstHealthy => _firstHealthy.Task;

    /// <summary>Ports chosen for this resource's endpoints, by endpoint name.</summary>
    public Dictionary<string, int> Ports { get; } = [];

    public abstract int? Pid { get; }

    /// <summary>Every process this resource owns now (e.g. beam.smp and its epmd).</summary>
    public virtual IReadOnlyList<int> Pids => Pid is { } pid ? [pid] : [];

    public virtual IReadOnlyDictionary<string, string> EndpointUrls =>
        Ports.ToDictionary(p => p.Key, p => EndpointUrl(p.Key));

    public string EndpointUrl(string endpoint)
    {
        var annotation = (Resource as IResourceWithEndpoints)?.Endpoints.FirstOrDefault(e => e.Name == endpoint);
        var scheme = annotation?.Scheme ?? "tcp";
        return Ports.TryGetValue(endpoint, out var port)
            ? $"{scheme}://127.0.0.1:{port}"
            : throw new InvalidOperationException($"'{Resource.Name}' has no endpoint named '{endpoint}'.");
    }

    /// <summary>Start (or re-start after a manual stop) the supervision loop.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_loop is { IsCompleted: false })
            {
                return;
            }
            _run = new CancellationTokenSource();
            _loop = Task.Run(() => SuperviseAsync(_run.Token));
        }
    }

    /// <summary>Graceful stop; no restart until <see cref="Start"/>.</summary>
    public async Task StopAsync()
    {
        Task? loop;
        lock (_gate)
        {
            loop = _loop;
            _run?.Cancel();
        }
        if (loop is not null)
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (Exception error)
            {
                // A supervisor bug must not stop the rest of the shutdown.
                Orchestrator.Reporter.Problem(Resource.Name, $"supervisor failed: {error.Message}");
            }
        }
    }

    /// <summary>SIGKILL the process as a crash would; the supervisor restarts it.</summary>
    public abstract Task KillAsync();

    protected abstract Task LaunchAsync(CancellationToken cancellationToken);
    protected abstract Task<int> WaitForExitAsync(CancellationToken cancellationToken);
    protected abstract Task ShutdownAsync();
    protected abstract Task<bool> CheckHealthAsync(CancellationToken cancellationToken);

    private async Task SuperviseAsync(CancellationToken stop)
    {
        var crashesInARow = 0;
        try
        {
            await WaitForDependenciesAsync(stop).ConfigureAwait(false);
            while (!stop.IsCancellationRequested)
            {
                Set(ResourceState.Starting, HealthStatus.Unknown);
                try
                {
                    await LaunchAsync(stop).ConfigureAwait(false);
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    break; // stopped while starting: whatever failed no longer matters
                }
                catch (Exception error)
                {
                    LastError = error.Message;
                    crashesInARow++;
                    Set(ResourceState.FailedToStart, HealthStatus.Unhealthy);
                    Orchestrator.Reporter.Problem(Resource.Name, $"failed to start: {error.Message}");
                    await ShutdownQuietlyAsync().ConfigureAwait(false);
                    await BackoffAsync(crashesInARow, stop).ConfigureAwait(false);
                    continue;
                }
                StartedAt = DateTimeOffset.UtcNow;
                Set(ResourceState.Running, HealthStatus.Unknown);
                using var watching = CancellationTokenSource.CreateLinkedTokenSource(stop);
                var monitor = MonitorHealthAsync(watching.Token);
                var exitCode = await WaitForExitOrStopAsync(stop).ConfigureAwait(false);
                await watching.CancelAsync().ConfigureAwait(false);
                await monitor.ConfigureAwait(false);
                if (exitCode is not { } code)
                {
                    break;
                }
                LastExitCode = code;
                Restarts++;
                var wasUpForAWhile = DateTimeOffset.UtcNow - StartedAt > TimeSpan.FromSeconds(30);
                crashesInARow = wasUpForAWhile ? 1 : crashesInARow + 1;
                LastError = $"exited with code {code}";
                Set(ResourceState.Restarting, HealthStatus.Unhealthy);
                Orchestrator.Reporter.Problem(Resource.Name,
                    $"crashed: exited with code {code}; restart #{Restarts} in {Backoff(crashesInARow).TotalSeconds:0.#} s");
                await ShutdownQuietlyAsync().ConfigureAwait(false);
                await BackoffAsync(crashesInARow, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stop requested while waiting or backing off.
        }
        Set(ResourceState.Stopping, Health);
        await ShutdownQuietlyAsync().ConfigureAwait(false);
        Set(ResourceState.Stopped, HealthStatus.Unknown);
    }

    private async Task WaitForDependenciesAsync(CancellationToken stop)
    {
        var dependencies = Orchestrator.StartDependenciesOf(Resource);
        if (dependencies.Count == 0)
        {
            return;
        }
        Set(ResourceState.Waiting, HealthStatus.Unknown);
        await Task.WhenAll(dependencies.Select(d => d.FirstHealthy)).WaitAsync(stop).ConfigureAwait(false);
    }

    /// <summary>Exit code, or null when a stop was requested.</summary>
    private async Task<int?> WaitForExitOrStopAsync(CancellationToken stop)
    {
        try
        {
            return await WaitForExitAsync(stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task MonitorHealthAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                bool healthy;
                try
                {
                    healthy = await CheckHealthAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    healthy = false;
                }
                var health = healthy ? HealthStatus.Healthy : HealthStatus.Unhealthy;
                if (health != Health && !cancellationToken.IsCancellationRequested)
                {
                    Set(State, health);
                    if (healthy)
                    {
                        Orchestrator.Reporter.Status(Resource.Name, "healthy");
                        _firstHealthy.TrySetResult();
                    }
                    else if (FirstHealthy.IsCompleted)
                    {
                        Orchestrator.Reporter.Problem(Resource.Name, "unhealthy");
                    }
                }
                // Fast polling until healthy, then the regular interval.
                delay = healthy
                    ? Options.HealthCheckInterval
                    : TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 1.5, 1000));
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Process exited or stop requested.
        }
    }

    private TimeSpan Backoff(int crashesInARow)
    {
        var factor = Math.Pow(2, Math.Max(0, crashesInARow - 1));
        return TimeSpan.FromMilliseconds(Math.Min(Options.RestartBackoffInitial.TotalMilliseconds * factor, Options.RestartBackoffMax.TotalMilliseconds));
    }

    private Task BackoffAsync(int crashesInARow, CancellationToken stop) => Task.Delay(Backoff(crashesInARow), stop);

    private async Task ShutdownQuietlyAsync()
    {
        try
        {
            await ShutdownAsync().ConfigureAwait(false);
        }
        catch (Exception error)
        {
            Orchestrator.Reporter.Problem(Resource.Name, $"stop failed: {error.Message}");
        }
    }

    protected void Set(ResourceState state, HealthStatus health)
    {
        State = state;
        Health = health;
        Orchestrator.Notifications.Publish(Snapshot());
    }

    public ResourceSnapshot Snapshot() => new(
        Resource.Name,
        Resource.TypeName,
        State,
        Health,
        State is ResourceState.Running or ResourceState.Starting ? Pid : null,
        EndpointUrls,
        Restarts,
        LastExitCode,
        StartedAt,
        [.. Orchestrator.StartDependenciesOf(Resource).Select(d => d.Resource.Name)],
        LastError);
}
