using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using SalesMesh.Hosting.Processes;
using SalesMesh.Hosting.Servers;

namespace Aspire.Hosting.Orchestration;

/// <summary>The resource graph at run time: ports, data, environment, start and stop order.</summary>
internal sealed class Orchestrator
{
    private readonly Dictionary<IResource, ResourceRuntime> _runtimes = [];

    public Orchestrator(IReadOnlyList<IResource> resources, DistributedApplicationOptions options, string dataRoot, ConsoleReporter reporter)
    {
        Options = options;
        DataRoot = dataRoot;
        Reporter = reporter;
        foreach (var resource in resources)
        {
            _runtimes[resource] = resource switch
            {
                ServerResource server => new ServerRuntime(server, this),
                PostgresDatabaseResource database => new DatabaseRuntime(database, this),
                ProjectResource or ExecutableResource => new ProcessRuntime((Resource)resource, this),
                _ => throw new NotSupportedException($"Unsupported resource type {resource.GetType().Name}."),
            };
        }
        Validate();
        foreach (var runtime in _runtimes.Values)
        {
            Notifications.Publish(runtime.Snapshot()); // NotStarted: waiters can subscribe at once
        }
    }

    public DistributedApplicationOptions Options { get; }
    public string DataRoot { get; }
    public ConsoleReporter Reporter { get; }
    public ResourceNotificationService Notifications { get; } = new();
    public IReadOnlyCollection<ResourceRuntime> Runtimes => _runtimes.Values;

    public ResourceRuntime RuntimeOf(IResource resource) => _runtimes[resource];

    public ResourceRuntime RuntimeOf(string name) =>
        _runtimes.Values.FirstOrDefault(r => r.Resource.Name == name) ?? throw new ArgumentException($"No resource named '{name}'.", nameof(name));

    /// <summary>Must be healthy before the resource starts: WaitFor targets and a database's server.</summary>
    public IReadOnlyList<ResourceRuntime> StartDependenciesOf(Resource resource)
    {
        var dependencies = resource.WaitsFor.ToList();
        if (resource is IResourceWithParent child)
        {
            dependencies.Add(child.Parent);
        }
        return [.. dependencies.Distinct().Select(RuntimeOf)];
    }

    /// <summary>Everything a resource uses: it is stopped before any of these.</summary>
    private IEnumerable<ResourceRuntime> UsesOf(Resource resource) =>
        StartDependenciesOf(resource).Concat(resource.References.Select(RuntimeOf)).Distinct();

    /// <summary>Chooses every port: fixed ones (unless randomised), last run's if still free, else new.</summary>
    public void PlanPorts(bool reset)
    {
        var stateFile = Path.Combine(DataRoot, "ports.json");
        var previous = ReadPreviousPorts(stateFile);
        var busy = new List<string>();
        foreach (var runtime in _runtimes.Values)
        {
            if (runtime.Resource is not IResourceWithEndpoints withEndpoints)
            {
                continue;
            }
            foreach (var endpoint in withEndpoints.Endpoints)
            {
                if (runtime.Resource is RabbitMQServerResource && endpoint.Name == "management")
                {
                    continue; // derived from the AMQP port below
                }
                var key = $"{runtime.Resource.Name}:{endpoint.Name}";
                var block = runtime.Resource is RabbitMQServerResource ? RabbitMqServer.PortBlockSize : 1;
                if (endpoint.Port is { } fixedPort && !Options.RandomizePorts)
                {
                    if (!PortAllocator.IsFree(fixedPort))
                    {
                        busy.Add($"{key} needs 127.0.0.1:{fixedPort}");
                    }
                    runtime.Ports[endpoint.Name] = fixedPort;
                    continue;
                }
                runtime.Ports[endpoint.Name] = PortAllocator.AllocateBlock(block, previous.GetValueOrDefault(key));
            }
            if (runtime.Resource is RabbitMQServerResource { ManagementPlugin: true })
            {
                runtime.Ports["management"] = runtime.Ports["tcp"] + 7;
            }
        }
        if (busy.Count > 0)
        {
            throw new InvalidOperationException(
                $"Port(s) already in use: {string.Join("; ", busy)}. Stop what uses them or choose another port (e.g. --gateway-port).");
        }
        Directory.CreateDirectory(DataRoot);
        var plan = _runtimes.Values.SelectMany(r => r.Ports.Select(p => (Key: $"{r.Resource.Name}:{p.Key}", p.Value)))
            .ToDictionary(p => p.Key, p => p.Value);
        File.WriteAllText(stateFile, JsonSerializer.Serialize(plan, new JsonSerializerOptions { WriteIndented = true }));
        foreach (var server in _runtimes.Values.OfType<ServerRuntime>())
        {
            server.CreateServer(reset);
        }
    }

    private static Dictionary<string, int> ReadPreviousPorts(string file)
    {
        try
        {
            return File.Exists(file) ? JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(file)) ?? [] : [];
        }
        catch (JsonException)
        {
            return []; // A damaged state file only costs us stable ports.
        }
    }

    public void StartAll()
    {
        foreach (var runtime in _runtimes.Values)
        {
            runtime.Start();
        }
    }

    /// <summary>Reverse dependency order: a resource stops only after everything using it has.</summary>
    public async Task StopAllAsync()
    {
        var stopping = new Dictionary<ResourceRuntime, Task>();
        Task StopOne(ResourceRuntime runtime)
        {
            lock (stopping)
            {
                if (stopping.TryGetValue(runtime, out var existing))
                {
                    return existing;
                }
                var users = _runtimes.Values.Where(r => UsesOf(r.Resource).Contains(runtime)).ToList();
                var task = Task.Run(async () =>
                {
                    await Task.WhenAll(users.Select(StopOne)).ConfigureAwait(false);
                    await runtime.StopAsync().ConfigureAwait(false);
                });
                stopping[runtime] = task;
                return task;
            }
        }
        await Task.WhenAll(_runtimes.Values.ToList().Select(StopOne)).ConfigureAwait(false);
    }

    public string ConnectionStringOf(IResource resource) => RuntimeOf(resource) switch
    {
        ServerRuntime server => server.ConnectionString,
        DatabaseRuntime database => database.ConnectionString,
        _ => throw new InvalidOperationException($"'{resource.Name}' has no connection string."),
    };

    /// <summary>The variables Aspire injects, computed from the port plan.</summary>
    public Dictionary<string, string?> EnvironmentFor(Resource resource, IReadOnlyDictionary<string, int> ports)
    {
        var env = new Dictionary<string, string?>
        {
            // Inherited values would fight the Kestrel endpoint configuration below.
            ["ASPNETCORE_URLS"] = null,
            ["ASPNETCORE_HTTP_PORTS"] = null,
            ["ASPNETCORE_HTTPS_PORTS"] = null,
            ["DOTNET_URLS"] = null,
            ["OTEL_SERVICE_NAME"] = resource.Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={resource.Name}-{Guid.NewGuid():N}",
        };
        if (resource is ProjectResource)
        {
            env["ASPNETCORE_ENVIRONMENT"] = Options.Environment;
            env["DOTNET_ENVIRONMENT"] = Options.Environment;
            env["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{ports["http"]}";
            // Cleartext: Kestrel cannot negotiate HTTP/2 on a mixed endpoint (no TLS/ALPN, no h2c upgrade), so
            // "http" is HTTP/1.1 and all HTTP/2 traffic (gRPC, prior knowledge) goes to "grpc".
            env["Kestrel__Endpoints__http__Protocols"] = "Http1";
            env["Kestrel__Endpoints__grpc__Url"] = $"http://127.0.0.1:{ports["grpc"]}";
            env["Kestrel__Endpoints__grpc__Protocols"] = "Http2";
        }
        if (resource is IResourceWithEndpoints withEndpoints)
        {
            foreach (var endpoint in withEndpoints.Endpoints.Where(e => e.EnvironmentVariable is not null))
            {
                env[endpoint.EnvironmentVariable!] = ports[endpoint.Name].ToString();
            }
        }
        if (Options.OtlpEndpoint is { } otlp)
        {
            env["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
            env["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc";
            env["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
            env["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
            env["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
            env["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES"] = "true";
            env["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES"] = "true";
        }
        foreach (var reference in resource.References)
        {
            if (reference is IResourceWithConnectionString)
            {
                env[$"ConnectionStrings__{reference.Name}"] = ConnectionStringOf(reference);
            }
            if (reference is ProjectResource project)
            {
                var target = RuntimeOf(project);
                foreach (var endpoint in project.Endpoints)
                {
                    env[$"services__{project.Name}__{endpoint.Name}__0"] = target.EndpointUrl(endpoint.Name);
                }
            }
        }
        if (resource is IResourceWithEnvironment withEnvironment)
        {
            foreach (var entry in withEnvironment.Environment)
            {
                env[entry.Key] = entry.Value();
            }
        }
        return env;
    }

    private void Validate()
    {
        foreach (var runtime in _runtimes.Values)
        {
            foreach (var used in runtime.Resource.WaitsFor.Concat(runtime.Resource.References))
            {
                if (!_runtimes.ContainsKey(used))
                {
                    throw new InvalidOperationException($"'{runtime.Resource.Name}' uses '{used.Name}', which was not added to this application.");
                }
            }
        }
        // A cycle in WaitFor would leave every resource in it waiting forever.
        var state = new Dictionary<Resource, int>();
        void Visit(Resource resource, Stack<string> path)
        {
            if (state.GetValueOrDefault(resource) == 2)
            {
                return;
            }
            path.Push(resource.Name);
            if (state.GetValueOrDefault(resource) == 1)
            {
                throw new InvalidOperationException($"WaitFor cycle: {string.Join(" -> ", path.Reverse())}.");
            }
            state[resource] = 1;
            foreach (var dependency in StartDependenciesOf(resource))
            {
                Visit(dependency.Resource, path);
            }
            state[resource] = 2;
            path.Pop();
        }
        foreach (var runtime in _runtimes.Values)
        {
            Visit(runtime.Resource, new Stack<string>());
        }
    }
}
