using System.Reflection;

namespace Aspire.Hosting.Testing;

/// <summary>
/// Boots an AppHost model from tests, as Aspire.Hosting.Testing does: temporary data (deleted
/// on dispose), every port allocated (no fixed 8080, parallel runs are fine), dashboard on a
/// free port, quiet console (SALESMESH_TEST_CONSOLE=1 shows children's output), fast restarts.
/// <code>
/// var builder = await DistributedApplicationTestingBuilder.CreateAsync&lt;AppHostModel&gt;();
/// await using var app = builder.Build();
/// await app.StartAsync();
/// await app.WaitForResourceHealthyAsync("gateway");
/// </code>
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    /// <summary>A builder with test defaults for the AppHost whose assembly is <paramref name="appHostAssembly"/>
    /// (its recorded project directory resolves relative project paths).</summary>
    public static IDistributedApplicationBuilder Create(Assembly? appHostAssembly = null, Action<DistributedApplicationOptions>? configure = null, params string[] args)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "salesmesh-apphost-tests", $"{Environment.ProcessId}-{Guid.NewGuid():N}"[..24]);
        var options = new DistributedApplicationOptions
        {
            Args = args,
            DataDirectory = dataDirectory,
            RandomizePorts = true,
            DashboardPort = 0,
            ConsoleOutput = Environment.GetEnvironmentVariable("SALESMESH_TEST_CONSOLE") == "1",
            RestartBackoffInitial = TimeSpan.FromMilliseconds(200),
            RestartBackoffMax = TimeSpan.FromSeconds(5),
            HealthCheckInterval = TimeSpan.FromSeconds(1),
            UnsafeFastPostgres = true,
        };
        configure?.Invoke(options);
        var builder = new DistributedApplicationBuilder(options, appHostAssembly ?? Assembly.GetCallingAssembly());
        if (options.DataDirectory == dataDirectory)
        {
            builder.TemporaryDataDirectory = dataDirectory;
        }
        return builder;
    }

    /// <summary>A test builder already holding <typeparamref name="TModel"/>'s resources; add or
    /// change resources, then Build().</summary>
    public static Task<IDistributedApplicationBuilder> CreateAsync<TModel>(string[]? args = null, Action<DistributedApplicationOptions>? configure = null)
        where TModel : IDistributedApplicationModel
    {
        var builder = Create(typeof(TModel).Assembly, configure, args ?? []);
        TModel.Build(builder);
        return Task.FromResult(builder);
    }
}
