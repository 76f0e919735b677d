using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SalesMesh.ServiceDefaults.Timers;

namespace SalesMesh.ServiceDefaults.Tests.Timers;

/// <summary>A service process with durable timers: generic host, AddNpgsqlDbContext, AddDurableTimers, a manual clock.</summary>
public sealed class TimerTestHost : IAsyncDisposable
{
    private TimerTestHost(IHost host, string name)
    {
        Host = host;
        Name = name;
    }

    public IHost Host { get; }
    public string Name { get; }
    public TimerTestBehaviour Behaviour => Host.Services.GetRequiredService<TimerTestBehaviour>();

    public static async Task<TimerTestHost> StartAsync(string database, ManualClock clock, string name = "host-a", int workers = 1)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = Environments.Production,
            ApplicationName = "sdtests-timers",
        });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:timers-db"] = database });
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<TimerTestBehaviour>();
        builder.AddNpgsqlDbContext<TimerTestDbContext>("timers-db");
        builder.AddDurableTimers<TimerTestDbContext>(timers =>
        {
            timers.AddHandler<RecordingHandler>(RecordingHandler.Kind);
            timers.AddHandler<RecurringHandler>(RecurringHandler.Kind);
            timers.PollInterval = TimeSpan.FromMilliseconds(200);
            timers.RetryBaseDelay = TimeSpan.FromMinutes(1);
            timers.Workers = workers;
            timers.InstanceName = name;
        });
        var host = builder.Build();
        clock.Attach(host.Services.GetRequiredService<DurableTimerSignal>());
        await host.StartAsync();
        return new TimerTestHost(host, name);
    }

    public async Task<T> WithDbAsync<T>(Func<TimerTestDbContext, Task<T>> work)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TimerTestDbContext>());
    }

    public Task WithDbAsync(Func<TimerTestDbContext, Task> work) => WithDbAsync(async db =>
    {
        await work(db);
        return true;
    });

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            Host.Dispose();
        }
    }
}
