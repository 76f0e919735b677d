using System.Collections.Concurrent;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SalesMesh.Hosting.Processes;

namespace SalesMesh.Gateway.Tests.Support;

/// <summary>
/// One app (a service, the gateway or the probe) running in this process as its Program.cs builds
/// it, on real loopback ports: "http" (HTTP/1.1) and "grpc" (HTTP/2). Log lines are captured.
/// </summary>
public sealed class Host : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Host(WebApplication app, int httpPort, int grpcPort, LogCapture logs)
    {
        _app = app;
        HttpUrl = $"http://127.0.0.1:{httpPort}";
        GrpcUrl = $"http://127.0.0.1:{grpcPort}";
        Logs = logs;
        Http = new HttpClient { BaseAddress = new Uri(HttpUrl) };
    }

    public string HttpUrl { get; }
    public string GrpcUrl { get; }
    public HttpClient Http { get; }
    public LogCapture Logs { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<Host> StartAsync(Func<string[], WebApplication> create, IReadOnlyDictionary<string, string> settings)
    {
        var httpPort = PortAllocator.Allocate();
        var grpcPort = PortAllocator.Allocate();
        var args = new Dictionary<string, string>
        {
            ["environment"] = "Production",
            ["Kestrel:Endpoints:http:Url"] = $"http://127.0.0.1:{httpPort}",
            ["Kestrel:Endpoints:http:Protocols"] = "Http1",
            ["Kestrel:Endpoints:grpc:Url"] = $"http://127.0.0.1:{grpcPort}",
            ["Kestrel:Endpoints:grpc:Protocols"] = "Http2",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
            args[key] = value;

        var app = create([.. args.Select(a => $"--{a.Key}={a.Value}")]);
        var logs = new LogCapture();
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        LogContext.ConfigureCurrentLogContext(app.Services.GetRequiredService<ILoggerFactory>());
        await app.StartAsync();
        return new Host(app, httpPort, grpcPort, logs);
    }

    /// <summary>The probe service alone (gRPC over HTTP/2 only), verifying internal tokens with <paramref name="internalKey"/>.</summary>
    public static Task<Host> StartProbeAsync(string internalKey, ProbeRecorder recorder) => StartAsync(args =>
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddInternalIdentity();
        builder.Services.AddSingleton(recorder);
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<ProbeGrpcService>();
        return app;
    }, new Dictionary<string, string> { ["SalesMesh:InternalToken:SigningKey"] = internalKey });

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            await _app.StopAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}

/// <summary>Every log line at Information or above, for tests that assert what was (not) logged.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                owner._lines.Enqueue($"{category}: {formatter(state, exception)}");
        }
    }
}
