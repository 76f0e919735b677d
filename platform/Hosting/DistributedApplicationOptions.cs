using System.Reflection;

namespace Aspire.Hosting;

/// <summary>
/// How the AppHost runs. Filled from the command line and SALESMESH_* environment variables by
/// <see cref="DistributedApplication.CreateBuilder(string[])"/>; tests set it directly.
/// </summary>
public sealed class DistributedApplicationOptions
{
    public string[] Args { get; set; } = [];

    /// <summary>Directory of the AppHost project; relative project paths start here.</summary>
    public string? AppHostDirectory { get; set; }

    /// <summary>Root of all server data (default: {repo}/.salesmesh/data). --data-dir, SALESMESH_DATA_DIR.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Wipe all data before starting. --reset, SALESMESH_RESET=1.</summary>
    public bool Reset { get; set; }

    /// <summary>Ops dashboard + /api/resources on 127.0.0.1 (0 = any free port, null = off). --dashboard-port, SALESMESH_DASHBOARD_PORT.</summary>
    public int? DashboardPort { get; set; } = 18888;

    /// <summary>Ignore fixed ports (gateway 8080…) and allocate every port: parallel test runs.</summary>
    public bool RandomizePorts { get; set; }

    /// <summary>ASPNETCORE_ENVIRONMENT of the projects. --environment, SALESMESH_ENVIRONMENT.</summary>
    public string Environment { get; set; } = "Development";

    /// <summary>OTLP collector for the projects (unset: no OTEL_EXPORTER_OTLP_ENDPOINT). --otlp-endpoint, SALESMESH_OTLP_ENDPOINT.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Build configuration whose output dlls are run (default: the AppHost's own).</summary>
    public string? BuildConfiguration { get; set; }

    /// <summary>"manifest" writes the manifest to <see cref="OutputPath"/> and exits. --publisher.</summary>
    public string? Publisher { get; set; }

    /// <summary>--output-path for the publisher.</summary>
    public string? OutputPath { get; set; }

    /// <summary>Write children's output and the status table to the console.</summary>
    public bool ConsoleOutput { get; set; } = true;

    /// <summary>First delay before restarting a crashed resource; doubles per crash in a row.</summary>
    public TimeSpan RestartBackoffInitial { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan RestartBackoffMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often running resources are health-checked once healthy.</summary>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>PostgreSQL without fsync (test runs only).</summary>
    public bool UnsafeFastPostgres { get; set; }

    /// <summary>Fills options from SALESMESH_* variables, then the command line (which wins).</summary>
    public static DistributedApplicationOptions Parse(string[] args)
    {
        var options = new DistributedApplicationOptions { Args = args };
        var env = System.Environment.GetEnvironmentVariables();
        string? Env(string key) => env[key] as string;
        options.DataDirectory = Env("SALESMESH_DATA_DIR");
        options.Reset = Env("SALESMESH_RESET") is "1" or "true";
        if (Env("SALESMESH_DASHBOARD_PORT") is { } dashboard)
        {
            options.DashboardPort = ParsePort(dashboard, "SALESMESH_DASHBOARD_PORT");
        }
        options.Environment = Env("SALESMESH_ENVIRONMENT") ?? options.Environment;
        options.OtlpEndpoint = Env("SALESMESH_OTLP_ENDPOINT") ?? Env("DOTNET_DASHBOARD_OTLP_ENDPOINT_URL");

        for (var i = 0; i < args.Length; i++)
        {
            var (key, inlineValue) = args[i].Split('=', 2) is [var k, var v] ? (k, (string?)v) : (args[i], null);
            string Value() => inlineValue ?? (i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {key} needs a value."));
            switch (key)
            {
                case "--reset": options.Reset = inlineValue is null or "true" or "1"; break;
                case "--data-dir": options.DataDirectory = Value(); break;
                case "--dashboard-port": options.DashboardPort = ParsePort(Value(), key); break;
                case "--no-dashboard": options.DashboardPort = null; break;
                case "--environment": options.Environment = Value(); break;
                case "--otlp-endpoint": options.OtlpEndpoint = Value(); break;
                case "--publisher": options.Publisher = Value(); break;
                case "--output-path": options.OutputPath = Value(); break;
                case "--configuration": options.BuildConfiguration = Value(); break;
                default: break; // Other switches belong to the AppHost's own configuration (e.g. --gateway-port).
            }
        }
        if (options.Publisher is { } publisher && publisher != "manifest")
        {
            throw new ArgumentException($"Unknown publisher '{publisher}': only 'manifest' is supported.");
        }
        if (options.Publisher is not null && string.IsNullOrWhiteSpace(options.OutputPath))
        {
            throw new ArgumentException("--publisher manifest needs --output-path FILE.");
        }
        return options;
    }

    internal static int ParsePort(string text, string source) =>
        int.TryParse(text, out var port) && port is >= 0 and <= 65535
            ? port
            : throw new ArgumentException($"{source}: '{text}' is not a port number (0-65535).");

    /// <summary>Where the AppHost project lives, recorded at build time by its csproj.</summary>
    internal static string? AppHostDirectoryOf(Assembly? assembly) =>
        assembly?.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "SalesMesh.AppHostDirectory")?.Value;

    internal static string? BuildConfigurationOf(Assembly? assembly) =>
        assembly?.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration;
}
