namespace Aspire.Hosting.ApplicationModel;

/// <summary>Anything the AppHost orchestrates. Names are kebab-case and unique.</summary>
public interface IResource
{
    string Name { get; }
}

/// <summary>A resource other resources can consume through ConnectionStrings__{name}.</summary>
public interface IResourceWithConnectionString : IResource
{
    /// <summary>The manifest form, with placeholders such as {postgres.bindings.tcp.port}.</summary>
    string ConnectionStringExpression { get; }
}

/// <summary>A resource with a parent it cannot live without (a database inside a server).</summary>
public interface IResourceWithParent : IResource
{
    IResource Parent { get; }
}

/// <summary>A resource with named network endpoints (http, grpc, tcp…).</summary>
public interface IResourceWithEndpoints : IResource
{
    IList<EndpointAnnotation> Endpoints { get; }
}

/// <summary>A resource whose process gets environment variables (projects, executables).</summary>
public interface IResourceWithEnvironment : IResource
{
    IList<EnvironmentEntry> Environment { get; }
}

public abstract class Resource(string name) : IResource
{
    public string Name { get; } = name;

    /// <summary>Resources that must be healthy before this one starts.</summary>
    public IList<IResource> WaitsFor { get; } = [];

    /// <summary>Resources whose connection string or endpoints this one receives.</summary>
    public IList<IResource> References { get; } = [];

    /// <summary>GET this path on the "http" endpoint must answer 200 for the resource to be healthy.</summary>
    public string? HttpHealthCheckPath { get; set; }

    /// <summary>Short type name shown in the table, the dashboard and the manifest.</summary>
    public abstract string TypeName { get; }

    public override string ToString() => $"{TypeName} '{Name}'";
}

/// <summary>A network endpoint. <see cref="Port"/> is fixed when set; otherwise allocated.</summary>
public sealed class EndpointAnnotation(string name, string scheme = "http", string transport = "http")
{
    public string Name { get; } = name;
    public string Scheme { get; set; } = scheme;

    /// <summary>"http" (HTTP/1.1 and HTTP/2), "http2" (HTTP/2 only, prior knowledge) or "tcp".</summary>
    public string Transport { get; set; } = transport;

    public int? Port { get; set; }

    /// <summary>Reachable from outside the mesh (the gateway); informational on one machine.</summary>
    public bool IsExternal { get; set; }

    /// <summary>For executables: the environment variable that receives the port.</summary>
    public string? EnvironmentVariable { get; set; }
}

/// <summary>An environment variable; value computed at start time (ports are allocated late).</summary>
public sealed record EnvironmentEntry(string Key, Func<string> Value, string ManifestValue);
