using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SalesMesh.ServiceDefaults.Messaging;
using SalesMesh.ServiceDefaults.Tests.TestService;

namespace SalesMesh.ServiceDefaults.Tests.Support;

/// <summary>What a test host is made of; each flag adds one ServiceDefaults registration.</summary>
public sealed record TestHostOptions
{
    public required string Database { get; init; }
    public string? Messaging { get; init; }
    public string? Redis { get; init; }
    public bool Consumers { get; init; }
    public bool WaitForBus { get; init; } = true;
    public Dictionary<string, string?> Configuration { get; init; } = [];
    public Action<DbContextOptionsBuilder>? DbContextOptions { get; init; }
    public Action<WebApplication>? MapEndpoints { get; init; }
    public Action<MessagingOptions>? ConfigureMessaging { get; init; }
}

/// <summary>
/// A real ASP.NET Core service on a loopback port, wired exactly as a SalesMesh service's
/// Program.cs would be: AddServiceDefaults, AddNpgsqlDbContext, AddRedisClient, AddMessaging,
/// MapDefaultEndpoints.
/// </summary>
public sealed class TestServiceHost : IAsyncDisposable
{
    public const string ConsumerQueue = "sdtests.lead-received";
    public const string PoisonQueue = "sdtests.poison";

    private TestServiceHost(WebApplication app)
    {
        App = app;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public WebApplication App { get; }
    public HttpClient Http { get; }
    public IServiceProvider Services => App.Services;
    public ConsumerProbe Probe => App.Services.GetRequiredService<ConsumerProbe>();

    public static WebApplication Build(TestHostOptions options)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production, // health endpoints must exist outside Development too
            ApplicationName = "sdtests",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        var configuration = new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "", // never export unless a test asks for it
            ["ConnectionStrings:leads-db"] = options.Database,
            ["ConnectionStrings:messaging"] = options.Messaging,
            ["ConnectionStrings:cache"] = options.Redis,
        };
        foreach (var (key, value) in options.Configuration)
            configuration[key] = value;
        builder.Configuration.AddInMemoryCollection(configuration);

        builder.AddServiceDefaults();
        builder.AddNpgsqlDbContext<TestDbContext>("leads-db", options.DbContextOptions);
        if (options.Redis is not null)
            builder.AddRedisClient("cache");

        var probe = new ConsumerProbe();
        builder.Services.AddSingleton(probe);
        if (options.Messaging is not null)
        {
            builder.AddMessaging<TestDbContext>(messaging =>
            {
                messaging.RetryLimit = 2;
                messaging.RetryMinInterval = TimeSpan.FromMilliseconds(50);
                messaging.RetryMaxInterval = TimeSpan.FromMilliseconds(200);
                messaging.OutboxMaxBackoff = TimeSpan.FromSeconds(1);
                messaging.PublishTimeout = TimeSpan.FromSeconds(3);
                options.ConfigureMessaging?.Invoke(messaging);
                if (options.Consumers)
                {
                    messaging.AddConsumer<LeadCounter>(ConsumerQueue);
                    messaging.AddConsumer<PoisonConsumer>(PoisonQueue);
                    messaging.ConfigureBus((_, bus) => bus.ConnectConsumeObserver(probe));
                }
            });
        }

        var app = builder.Build();
        // MassTransit keeps its log context in an AsyncLocal; a host disposed earlier in the same
        // async flow leaves its (disposed) logger factory there, and the next bus, created
        // synchronously while MapHealthChecks resolves its check, would pick it up. Only an issue
        // with several hosts in one process, i.e. tests.
        LogContext.ConfigureCurrentLogContext(app.Services.GetRequiredService<ILoggerFactory>());
        app.MapDefaultEndpoints();
        app.MapGet("/ping", () => "pong");
        options.MapEndpoints?.Invoke(app);
        return app;
    }

    public static async Task<TestServiceHost> StartAsync(TestHostOptions options)
    {
        var app = Build(options);
        await app.StartAsync();
        var host = new TestServiceHost(app);
        if (options.Messaging is not null && options.WaitForBus)
        {
            // Queues must be bound before anything is published, or the broker drops the message.
            var bus = app.Services.GetRequiredService<IBusControl>();
            var health = await bus.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
            if (health != BusHealthStatus.Healthy)
                throw new InvalidOperationException($"Bus did not become healthy: {health}");
        }
        return host;
    }

    public async Task<T> WithDbAsync<T>(Func<TestDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TestDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            await App.StopAsync(TimeSpan.FromSeconds(15));
        }
        finally
        {
            await App.DisposeAsync();
        }
    }
}
