namespace Aspire.Hosting;

/// <summary>Lifecycle of a resource as shown in the table, the dashboard and /api/resources.</summary>
public enum ResourceState
{
    NotStarted,
    Waiting,
    Starting,
    Running,
    Restarting,
    FailedToStart,
    Stopping,
    Stopped,
}

public enum HealthStatus
{
    Unknown,
    Healthy,
    Unhealthy,
}

/// <summary>One resource at one moment. Serialised as-is by GET /api/resources.</summary>
public sealed record ResourceSnapshot(
    string Name,
    string Type,
    ResourceState State,
    HealthStatus Health,
    int? Pid,
    IReadOnlyDictionary<string, string> Endpoints,
    int Restarts,
    int? LastExitCode,
    DateTimeOffset? StartedAt,
    IReadOnlyList<string> WaitsFor,
    string? LastError)
{
    public bool IsHealthy => State == ResourceState.Running && Health == HealthStatus.Healthy;
}
