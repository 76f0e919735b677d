namespace Aspire.Hosting.ApplicationModel;

/// <summary>A .NET project: the AppHost build builds it, the AppHost runs its output dll.</summary>
public sealed class ProjectResource : Resource, IResourceWithEndpoints, IResourceWithEnvironment
{
    public ProjectResource(string name, string projectPath) : base(name)
    {
        ProjectPath = projectPath;
        // Every project serves REST + /health on "http" and gRPC (HTTP/2 prior knowledge) on "grpc".
        Endpoints.Add(new EndpointAnnotation("http", "http", "http"));
        Endpoints.Add(new EndpointAnnotation("grpc", "http", "http2"));
    }

    /// <summary>Absolute path of the .csproj.</summary>
    public string ProjectPath { get; }
    public override string TypeName => "project";
    public IList<EndpointAnnotation> Endpoints { get; } = [];
    public IList<EnvironmentEntry> Environment { get; } = [];
}

/// <summary>Any program (Aspire's AddExecutable): a tool, a script, a crash test subject.</summary>
public sealed class ExecutableResource(string name, string command, string workingDirectory, IReadOnlyList<string> arguments)
    : Resource(name), IResourceWithEndpoints, IResourceWithEnvironment
{
    public string Command { get; } = command;
    public string WorkingDirectory { get; } = workingDirectory;
    public List<string> Arguments { get; } = [.. arguments];
    public override string TypeName => "executable";
    public IList<EndpointAnnotation> Endpoints { get; } = [];
    public IList<EnvironmentEntry> Environment { get; } = [];
}
