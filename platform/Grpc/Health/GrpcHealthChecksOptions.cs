using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Grpc.AspNetCore.HealthChecks;

/// <summary>
/// Settings of the grpc.health.v1.Health service: which ASP.NET Core health checks decide the
/// status of which gRPC service name, and how often watched statuses are re-evaluated.
/// </summary>
public sealed class GrpcHealthChecksOptions
{
    /// <summary>
    /// Service name → checks. Starts with "" (the whole server) = every registered check.
    /// Add per-service entries with <see cref="HealthServiceMappingCollection.Map"/> or
    /// <see cref="HealthServiceMappingCollection.MapTag"/>.
    /// </summary>
    public HealthServiceMappingCollection Services { get; } = new();

    /// <summary>
    /// How often the checks behind watched services run, so Watch streams learn about changes
    /// (a Check call also pushes its fresh result to watchers at once). Default 5 s.
    /// </summary>
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>One gRPC service name and the health checks that decide its status.</summary>
public sealed class HealthServiceMapping
{
    public HealthServiceMapping(string name, Func<HealthCheckRegistration, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(predicate);
        Name = name;
        Predicate = predicate;
    }

    /// <summary>The name clients ask for, usually a fully-qualified gRPC service name; "" = server.</summary>
    public string Name { get; }

    /// <summary>Selects the registered checks whose worst result is this service's status.</summary>
    public Func<HealthCheckRegistration, bool> Predicate { get; }
}

/// <summary>The service-name → checks map; a later mapping of the same name replaces the earlier one.</summary>
public sealed class HealthServiceMappingCollection : System.Collections.ObjectModel.KeyedCollection<string, HealthServiceMapping>
{
    internal HealthServiceMappingCollection() => Add(new HealthServiceMapping("", _ => true));

    /// <summary>Maps a service name to the checks selected by <paramref name="predicate"/>.</summary>
    public void Map(string name, Func<HealthCheckRegistration, bool> predicate)
    {
        Remove(name);
        Add(new HealthServiceMapping(name, predicate));
    }

    /// <summary>Maps a service name to the checks registered with <paramref name="tag"/>.</summary>
    public void MapTag(string name, string tag) => Map(name, r => r.Tags.Contains(tag));

    protected override string GetKeyForItem(HealthServiceMapping item) => item.Name;
}
