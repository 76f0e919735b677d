using System.Reflection;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

public interface IDistributedApplicationBuilder
{
    /// <summary>Environment variables plus the command line (--key value / --key=value).</summary>
    IConfiguration Configuration { get; }
    DistributedApplicationOptions Options { get; }

    /// <summary>Directory relative project paths are resolved against.</summary>
    string AppHostDirectory { get; }

    IReadOnlyList<IResource> Resources { get; }
    IResourceBuilder<T> AddResource<T>(T resource) where T : IResource;
    DistributedApplication Build();
}

public interface IResourceBuilder<out T> where T : IResource
{
    IDistributedApplicationBuilder ApplicationBuilder { get; }
    T Resource { get; }
}

internal sealed class ResourceBuilder<T>(IDistributedApplicationBuilder builder, T resource) : IResourceBuilder<T> where T : IResource
{
    public IDistributedApplicationBuilder ApplicationBuilder { get; } = builder;
    public T Resource { get; } = resource;
}

public sealed class DistributedApplicationBuilder : IDistributedApplicationBuilder
{
    private readonly List<IResource> _resources = [];

    public DistributedApplicationBuilder(DistributedApplicationOptions options, Assembly? appHostAssembly = null)
    {
        Options = options;
        var assembly = appHostAssembly ?? Assembly.GetEntryAssembly();
        AppHostDirectory = Path.GetFullPath(options.AppHostDirectory
            ?? DistributedApplicationOptions.AppHostDirectoryOf(assembly)
            ?? System.Environment.CurrentDirectory);
        Options.BuildConfiguration ??= DistributedApplicationOptions.BuildConfigurationOf(assembly) ?? "Debug";
        Configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(CommandLinePairs(options.Args))
            .Build();
    }

    public IConfiguration Configuration { get; }
    public DistributedApplicationOptions Options { get; }
    public string AppHostDirectory { get; }
    public IReadOnlyList<IResource> Resources => _resources;

    public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource
    {
        if (!ResourceNames.IsValid(resource.Name))
        {
            throw new ArgumentException($"Invalid resource name '{resource.Name}': use lowercase kebab-case (a-z, 0-9, '-'), at most 64 characters.");
        }
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists.");
        }
        _resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }

    public DistributedApplication Build() => new(this) { TemporaryDataDirectory = TemporaryDataDirectory };

    /// <summary>Data created only for this application (tests): deleted when it is disposed.</summary>
    internal string? TemporaryDataDirectory { get; set; }

    /// <summary>"--gateway-port 9000" and "--gateway-port=9000" both become gateway-port=9000.</summary>
    private static Dictionary<string, string?> CommandLinePairs(string[] args)
    {
        var pairs = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                continue;
            }
            var text = args[i][2..];
            if (text.Split('=', 2) is [var key, var value])
            {
                pairs[key] = value;
            }
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                pairs[text] = args[++i];
            }
            else
            {
                pairs[text] = "true";
            }
        }
        return pairs;
    }
}

internal static class ResourceNames
{
    public static bool IsValid(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') && name[0] != '-';
}
