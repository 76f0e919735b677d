using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>The Aspire AppHost API: add resources, wire them, say how to wait for them.</summary>
public static class ResourceBuilderExtensions
{
    public static IResourceBuilder<PostgresServerResource> AddPostgres(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        var resource = new PostgresServerResource(name);
        resource.PrimaryEndpoint.Port = port;
        return builder.AddResource(resource);
    }

    /// <summary>A database created on the server when it starts; one per service.</summary>
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> server, string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        SalesMesh.Hosting.Servers.PostgresServerNames.Validate(database.DatabaseName);
        server.Resource.Databases.Add(database);
        return server.ApplicationBuilder.AddResource(database);
    }

    public static IResourceBuilder<RedisResource> AddRedis(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        var resource = new RedisResource(name);
        resource.PrimaryEndpoint.Port = port;
        return builder.AddResource(resource);
    }

    public static IResourceBuilder<RabbitMQServerResource> AddRabbitMQ(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        var resource = new RabbitMQServerResource(name);
        resource.PrimaryEndpoint.Port = port;
        return builder.AddResource(resource);
    }

    /// <summary>Management UI/API on 127.0.0.1 (off by default: it slows start and stop).</summary>
    public static IResourceBuilder<RabbitMQServerResource> WithManagementPlugin(this IResourceBuilder<RabbitMQServerResource> builder)
    {
        builder.Resource.ManagementPlugin = true;
        builder.Resource.Endpoints.Add(new EndpointAnnotation("management", "http", "http"));
        return builder;
    }

    /// <summary>Keep the server's data between runs (the default for PostgreSQL and RabbitMQ).</summary>
    public static IResourceBuilder<T> WithDataVolume<T>(this IResourceBuilder<T> builder) where T : ServerResource
    {
        builder.Resource.PersistentData = true;
        return builder;
    }

    /// <summary>Throw the data away at every start.</summary>
    public static IResourceBuilder<T> WithoutDataVolume<T>(this IResourceBuilder<T> builder) where T : ServerResource
    {
        builder.Resource.PersistentData = false;
        return builder;
    }

    /// <summary>Keep the server's data in <paramref name="source"/> (relative to the AppHost directory).</summary>
    public static IResourceBuilder<T> WithDataBindMount<T>(this IResourceBuilder<T> builder, string source) where T : ServerResource
    {
        builder.Resource.PersistentData = true;
        builder.Resource.DataDirectory = Path.GetFullPath(Path.Combine(builder.ApplicationBuilder.AppHostDirectory, source));
        return builder;
    }

    /// <summary>A .NET project by path (relative to the AppHost directory); its build output is run.</summary>
    public static IResourceBuilder<ProjectResource> AddProject(this IDistributedApplicationBuilder builder, string name, string projectPath)
    {
        var full = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, projectPath));
        return builder.AddResource(new ProjectResource(name, full));
    }

    /// <summary>Any program; <paramref name="workingDirectory"/> is relative to the AppHost directory.</summary>
    public static IResourceBuilder<ExecutableResource> AddExecutable(this IDistributedApplicationBuilder builder, string name, string command, string workingDirectory, params string[] args)
    {
        var directory = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, workingDirectory));
        return builder.AddResource(new ExecutableResource(name, command, directory, args));
    }

    public static IResourceBuilder<ExecutableResource> WithArgs(this IResourceBuilder<ExecutableResource> builder, params string[] args)
    {
        builder.Resource.Arguments.AddRange(args);
        return builder;
    }

    /// <summary>Injects ConnectionStrings__{name} (Aspire's format) into the consumer.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithConnectionString> source)
        where T : Resource, IResourceWithEnvironment
    {
        AddReference(builder.Resource, source.Resource);
        return builder;
    }

    /// <summary>Injects services__{name}__{endpoint}__0 for each endpoint of the referenced project.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<ProjectResource> source)
        where T : Resource, IResourceWithEnvironment
    {
        AddReference(builder.Resource, source.Resource);
        return builder;
    }

    /// <summary>Do not start until <paramref name="dependency"/> is healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency) where T : Resource
    {
        if (ReferenceEquals(builder.Resource, dependency.Resource))
        {
            throw new InvalidOperationException($"'{builder.Resource.Name}' cannot wait for itself.");
        }
        if (!builder.Resource.WaitsFor.Contains(dependency.Resource))
        {
            builder.Resource.WaitsFor.Add(dependency.Resource);
        }
        return builder;
    }

    /// <summary>Healthy = GET {path} on the "http" endpoint answers 200.</summary>
    public static IResourceBuilder<T> WithHttpHealthCheck<T>(this IResourceBuilder<T> builder, string path = "/health") where T : Resource, IResourceWithEndpoints
    {
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException($"Health check path '{path}' must start with '/'.", nameof(path));
        }
        builder.Resource.HttpHealthCheckPath = path;
        return builder;
    }

    /// <summary>Fixes or adds an HTTP endpoint. For executables, <paramref name="env"/> names the
    /// variable that receives the port.</summary>
    public static IResourceBuilder<T> WithHttpEndpoint<T>(this IResourceBuilder<T> builder, int? port = null, string? name = null, string? env = null)
        where T : Resource, IResourceWithEndpoints
    {
        if (port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "Port must be 0-65535.");
        }
        var endpointName = name ?? "http";
        var endpoint = builder.Resource.Endpoints.FirstOrDefault(e => e.Name == endpointName);
        if (endpoint is null)
        {
            endpoint = new EndpointAnnotation(endpointName);
            builder.Resource.Endpoints.Add(endpoint);
        }
        endpoint.Port = port is 0 ? null : port;
        endpoint.EnvironmentVariable = env ?? endpoint.EnvironmentVariable;
        return builder;
    }

    /// <summary>Marks the HTTP endpoints as the mesh's public entry (the gateway).</summary>
    public static IResourceBuilder<T> WithExternalHttpEndpoints<T>(this IResourceBuilder<T> builder) where T : Resource, IResourceWithEndpoints
    {
        foreach (var endpoint in builder.Resource.Endpoints.Where(e => e.Scheme == "http" && e.Transport == "http"))
        {
            endpoint.IsExternal = true;
        }
        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value) where T : IResourceWithEnvironment
    {
        builder.Resource.Environment.Add(new EnvironmentEntry(name, () => value, value));
        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, Func<string> value) where T : IResourceWithEnvironment
    {
        builder.Resource.Environment.Add(new EnvironmentEntry(name, value, "{value}"));
        return builder;
    }

    private static void AddReference(Resource consumer, IResource source)
    {
        if (ReferenceEquals(consumer, source))
        {
            throw new InvalidOperationException($"'{consumer.Name}' cannot reference itself.");
        }
        if (!consumer.References.Contains(source))
        {
            consumer.References.Add(source);
        }
    }
}
