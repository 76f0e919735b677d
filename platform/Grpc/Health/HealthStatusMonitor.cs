using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Health.V1;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Grpc.AspNetCore.HealthChecks;

/// <summary>
/// Evaluates the mapped health checks and fans status changes out to Watch streams. Runs the
/// checks of watched services every <see cref="GrpcHealthChecksOptions.WatchInterval"/>; when the
/// host starts stopping, every service turns NOT_SERVING (so load balancers drain this instance
/// first) and the Watch subscriptions complete, so Watch streams never hold up graceful shutdown.
/// </summary>
internal sealed class HealthStatusMonitor : BackgroundService
{
    private readonly HealthCheckService _checks;
    private readonly GrpcHealthChecksOptions _options;
    private readonly ConcurrentDictionary<string, ServingStatus> _latest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Channel<ServingStatus>, string> _watchers = new();
    private volatile bool _stopping;

    public HealthStatusMonitor(HealthCheckService checks, IOptions<GrpcHealthChecksOptions> options, IHostApplicationLifetime lifetime)
    {
        _checks = checks;
        _options = options.Value;
        lifetime.ApplicationStopping.Register(OnStopping);
    }

    public bool IsKnown(string service) => _options.Services.Contains(service);

    public IEnumerable<string> ServiceNames => _options.Services.Select(s => s.Name);

    /// <summary>Runs the service's checks now and publishes the result. The service must be known.</summary>
    public async Task<ServingStatus> EvaluateAsync(string service, CancellationToken cancellationToken)
    {
        if (_stopping)
        {
            return ServingStatus.NotServing;
        }

        var report = await _checks.CheckHealthAsync(_options.Services[service].Predicate, cancellationToken);
        // Degraded still serves: it is a warning for operators, not a reason to drain traffic.
        var status = report.Status == HealthStatus.Unhealthy ? ServingStatus.NotServing : ServingStatus.Serving;
        Publish(service, status);
        return status;
    }

    /// <summary>
    /// Subscribes to a service's status; the reader yields every change (only the newest one if
    /// the client reads slowly) and completes when the host stops. Dispose to unsubscribe.
    /// </summary>
    public Subscription Watch(string service)
    {
        var channel = Channel.CreateBounded<ServingStatus>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        _watchers[channel] = service;
        if (_stopping)
        {
            channel.Writer.TryWrite(ServingStatus.NotServing);
            channel.Writer.TryComplete();
        }

        return new Subscription(this, channel);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.WatchInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var service in _watchers.Values.Distinct().Where(IsKnown).ToArray())
                {
                    await EvaluateAsync(service, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host is stopping; OnStopping already told the watchers.
        }
    }

    private void Publish(string service, ServingStatus status)
    {
        var previous = _latest.TryGetValue(service, out var p) ? p : (ServingStatus?)null;
        _latest[service] = status;
        if (previous == status)
        {
            return;
        }

        foreach (var (channel, watched) in _watchers)
        {
            if (watched == service)
            {
                channel.Writer.TryWrite(status);
            }
        }
    }

    private void OnStopping()
    {
        _stopping = true;
        foreach (var (channel, _) in _watchers)
        {
            channel.Writer.TryWrite(ServingStatus.NotServing);
            channel.Writer.TryComplete();
        }
    }

    /// <summary>A Watch stream's view of one service's status changes.</summary>
    public sealed class Subscription(HealthStatusMonitor monitor, Channel<ServingStatus> channel) : IDisposable
    {
        public ChannelReader<ServingStatus> Changes => channel.Reader;

        public void Dispose() => monitor._watchers.TryRemove(channel, out _);
    }
}
