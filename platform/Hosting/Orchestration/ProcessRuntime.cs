using Aspire.Hosting.ApplicationModel;
using SalesMesh.Hosting.Processes;

namespace Aspire.Hosting.Orchestration;

/// <summary>A project (its built dll under `dotnet`) or an executable, with Aspire's environment.</summary>
internal sealed class ProcessRuntime(Resource resource, Orchestrator orchestrator) : ResourceRuntime(resource, orchestrator)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private ChildProcess? _process;

    public override int? Pid => _process is { HasExited: false } p ? p.Pid : null;

    protected override async Task LaunchAsync(CancellationToken cancellationToken)
    {
        var (command, arguments, workingDirectory) = Resource switch
        {
            ProjectResource project => ProjectCommand(project),
            ExecutableResource executable => (executable.Command, (IReadOnlyList<string>)executable.Arguments, executable.WorkingDirectory),
            _ => throw new NotSupportedException($"Cannot run {Resource}."),
        };
        _process = await ChildProcess.StartAsync(new ChildProcessStartInfo
        {
            Name = Resource.Name,
            FileName = command,
            Arguments = arguments,
            WorkingDirectory = workingDirectory,
            Environment = Orchestrator.EnvironmentFor(Resource, Ports),
            OnOutput = Orchestrator.Reporter.Output,
        }).ConfigureAwait(false);
    }

    private (string, IReadOnlyList<string>, string) ProjectCommand(ProjectResource project)
    {
        var dll = ProjectOutput.FindDll(project.ProjectPath, Options.BuildConfiguration ?? "Debug");
        return ("dotnet", [dll], Path.GetDirectoryName(project.ProjectPath)!);
    }

    protected override Task<int> WaitForExitAsync(CancellationToken cancellationToken) =>
        _process is { } process ? process.Exited.WaitAsync(cancellationToken) : Task.FromResult(-1);

    protected override async Task ShutdownAsync()
    {
        if (_process is { } process)
        {
            await process.StopAsync(LibC.SIGTERM, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    public override async Task KillAsync()
    {
        if (_process is { } process)
        {
            await process.KillAsync().ConfigureAwait(false);
        }
    }

    protected override async Task<bool> CheckHealthAsync(CancellationToken cancellationToken)
    {
        if (_process is not { HasExited: false })
        {
            return false;
        }
        if (Resource.HttpHealthCheckPath is not { } path)
        {
            return true; // Aspire: without a health check, running means healthy.
        }
        try
        {
            using var response = await Http.GetAsync(EndpointUrl("http") + path, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // HttpClient timeout
        }
    }
}

/// <summary>Finds a project's build output: bin/{Configuration}/{tfm}/{AssemblyName}.dll.</summary>
internal static class ProjectOutput
{
    public static string FindDll(string projectPath, string configuration)
    {
        if (!File.Exists(projectPath))
        {
            throw new FileNotFoundException($"Project file not found: {projectPath}");
        }
        var directory = Path.GetDirectoryName(projectPath)!;
        var assemblyName = Path.GetFileNameWithoutExtension(projectPath);
        var candidates = new[] { configuration, "Debug", "Release" }.Distinct()
            .Select(c => Path.Combine(directory, "bin", c, "net10.0", assemblyName + ".dll"))
            .Where(File.Exists)
            .ToList();
        // Prefer the AppHost's own configuration; fall back to the newest other build.
        return candidates.FirstOrDefault(c => c.Contains($"/bin/{configuration}/", StringComparison.Ordinal))
            ?? candidates.OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            ?? throw new FileNotFoundException(
                $"No build output for {assemblyName} (looked in {directory}/bin/{configuration}/net10.0). Build first: dotnet build AppHost/SalesMesh.AppHost.csproj");
    }
}
