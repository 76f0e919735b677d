using System.Runtime.InteropServices;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Orchestration;
using Aspire.Hosting.Publishing;

namespace Aspire.Hosting;

/// <summary>
/// The running application model. Run() starts everything, prints the table when all is
/// healthy and stops everything (reverse dependency order) on Ctrl+C or SIGTERM.
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly IDistributedApplicationBuilder _builder;
    private readonly Orchestrator _orchestrator;
    private readonly ConsoleReporter _reporter;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private AdminServer? _admin;
    private bool _started;

    internal DistributedApplication(IDistributedApplicationBuilder builder)
    {
        _builder = builder;
        Options = builder.Options;
        DataDirectory = Path.GetFullPath(Options.DataDirectory ?? Path.Combine(RepositoryRoot(builder.AppHostDirectory), ".salesmesh", "data"));
        _reporter = new ConsoleReporter(Options.ConsoleOutput);
        _orchestrator = new Orchestrator(builder.Resources, Options, DataDirectory, _reporter);
    }

    public static IDistributedApplicationBuilder CreateBuilder(string[] args) =>
        new DistributedApplicationBuilder(DistributedApplicationOptions.Parse(args));

    public static IDistributedApplicationBuilder CreateBuilder(DistributedApplicationOptions options) => new DistributedApplicationBuilder(options);

    public DistributedApplicationOptions Options { get; }

    /// <summary>Root of the servers' data directories.</summary>
    public string DataDirectory { get; }

    public ResourceNotificationService ResourceNotifications => _orchestrator.Notifications;

    /// <summary>The ops dashboard (/ and /api/resources) once started, if enabled.</summary>
    public Uri? DashboardUrl => _admin?.Url;

    /// <summary>Deleted on dispose (set by the testing builder).</summary>
    internal string? TemporaryDataDirectory { get; init; }

    public void Run() => RunAsync().GetAwaiter().GetResult();

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (Options.Publisher == "manifest")
        {
            await PublishManifestAsync(Options.OutputPath!).ConfigureAwait(false);
            _reporter.Info($"manifest written to {Path.GetFullPath(Options.OutputPath!)}");
            return;
        }
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnSignal(PosixSignalContext context)
        {
            // First signal: orderly stop. A second one is not intercepted and ends us at once;
            // the kernel's parent-death signal then stops the children.
            if (!shutdown.IsCancellationRequested)
            {
                context.Cancel = true;
                _reporter.Info($"{context.Signal} received: stopping all resources…");
                shutdown.Cancel();
            }
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        try
        {
            await StartAsync(shutdown.Token).ConfigureAwait(false);
            var allHealthy = Task.WhenAll(_orchestrator.Runtimes.Select(r => r.FirstHealthy));
            while (await Task.WhenAny(allHealthy, Task.Delay(TimeSpan.FromSeconds(30), shutdown.Token)).ConfigureAwait(false) != allHealthy)
            {
                shutdown.Token.ThrowIfCancellationRequested();
                var pending = _orchestrator.Runtimes.Where(r => !r.FirstHealthy.IsCompleted).Select(r => r.Snapshot())
                    .Select(s => $"{s.Name} ({s.State}/{s.Health}{(s.LastError is null ? "" : ": " + s.LastError)})");
                _reporter.Info($"still waiting for: {string.Join(", ", pending)}");
            }
            _reporter.Raw("");
            _reporter.Raw(ConsoleReporter.Table(ResourceNotifications.Snapshots));
            if (GatewayUrl() is { } gateway)
            {
                _reporter.Raw($"网关 Gateway: {gateway}");
            }
            if (DashboardUrl is { } dashboard)
            {
                _reporter.Raw($"运维面板 Ops dashboard: {dashboard}");
            }
            await Task.Delay(Timeout.Infinite, shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            // Ctrl+C, SIGTERM or the caller's token.
        }
        finally
        {
            await StopAsync().ConfigureAwait(false);
            _reporter.Info("all resources stopped");
        }
    }

    /// <summary>Plans ports, starts the dashboard and every resource's supervisor; returns without
    /// waiting for health (use <see cref="WaitForResourceHealthyAsync"/>).</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_started)
            {
                return;
            }
            if (Options.Reset && Directory.Exists(DataDirectory))
            {
                _reporter.Info($"reset: deleting {DataDirectory}");
                Directory.Delete(DataDirectory, recursive: true);
            }
            _orchestrator.PlanPorts(reset: Options.Reset);
            if (Options.DashboardPort is { } port)
            {
                _admin = new AdminServer(_orchestrator.Notifications);
                await _admin.StartAsync(port, cancellationToken).ConfigureAwait(false);
                _reporter.Info($"运维面板 ops dashboard: {_admin.Url} (resources JSON: {_admin.Url}api/resources)");
            }
            _reporter.Info($"data: {DataDirectory}");
            _orchestrator.StartAll();
            _started = true;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops every resource, dependents before their dependencies; nothing is left running.</summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_started)
            {
                return;
            }
            await _orchestrator.StopAllAsync().ConfigureAwait(false);
            if (_admin is not null)
            {
                await _admin.DisposeAsync().ConfigureAwait(false);
                _admin = null;
            }
            _started = false;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public Task<ResourceSnapshot> WaitForResourceHealthyAsync(string name, CancellationToken cancellationToken = default) =>
        ResourceNotifications.WaitForResourceHealthyAsync(name, cancellationToken);

    public ResourceSnapshot GetResource(string name) => _orchestrator.RuntimeOf(name).Snapshot();

    /// <summary>e.g. GetEndpoint("gateway", "http") → http://127.0.0.1:8080.</summary>
    public Uri GetEndpoint(string resource, string endpoint = "http") => new(_orchestrator.RuntimeOf(resource).EndpointUrl(endpoint));

    /// <summary>The connection string injected as ConnectionStrings__{resource}.</summary>
    public string GetConnectionString(string resource) => _orchestrator.ConnectionStringOf(_orchestrator.RuntimeOf(resource).Resource);

    public Task<string?> GetConnectionStringAsync(string resource, CancellationToken cancellationToken = default) =>
        Task.FromResult<string?>(GetConnectionString(resource));

    public HttpClient CreateHttpClient(string resource, string endpoint = "http") => new() { BaseAddress = GetEndpoint(resource, endpoint) };

    /// <summary>Every live process of a resource (RabbitMQ: beam.smp and its epmd).</summary>
    public IReadOnlyList<int> GetProcessIds(string resource) => _orchestrator.RuntimeOf(resource).Pids;

    /// <summary>All live processes the application owns.</summary>
    public IReadOnlyList<int> GetAllProcessIds() => [.. _orchestrator.Runtimes.SelectMany(r => r.Pids)];

    /// <summary>SIGKILL, as a crash: the supervisor reports it and restarts with backoff.</summary>
    public Task KillResourceAsync(string resource) => _orchestrator.RuntimeOf(resource).KillAsync();

    /// <summary>Graceful stop without restart.</summary>
    public Task StopResourceAsync(string resource) => _orchestrator.RuntimeOf(resource).StopAsync();

    public Task StartResourceAsync(string resource)
    {
        _orchestrator.RuntimeOf(resource).Start();
        return Task.CompletedTask;
    }

    public async Task RestartResourceAsync(string resource)
    {
        await StopResourceAsync(resource).ConfigureAwait(false);
        await StartResourceAsync(resource).ConfigureAwait(false);
    }

    public Task PublishManifestAsync(string path) => ManifestWriter.WriteAsync(_builder.Resources, _builder.AppHostDirectory, path);

    private string? GatewayUrl()
    {
        foreach (var runtime in _orchestrator.Runtimes)
        {
            if (runtime.Resource is IResourceWithEndpoints withEndpoints && withEndpoints.Endpoints.FirstOrDefault(e => e.IsExternal) is { } endpoint)
            {
                return runtime.EndpointUrl(endpoint.Name);
            }
        }
        return null;
    }

    /// <summary>The directory holding .git or a solution file above the AppHost, else the AppHost directory.</summary>
    private static string RepositoryRoot(string appHostDirectory)
    {
        for (var dir = new DirectoryInfo(appHostDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || dir.EnumerateFiles("*.sln").Any())
            {
                return dir.FullName;
            }
        }
        return appHostDirectory;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            if (TemporaryDataDirectory is { } temporary && Directory.Exists(temporary))
            {
                foreach (var server in _orchestrator.Runtimes.OfType<ServerRuntime>().Where(s => s.HasServer))
                {
                    server.DeleteData(); // PostgreSQL may live outside the directory (see PostgresServer)
                }
                Directory.Delete(temporary, recursive: true);
            }
        }
    }
}
