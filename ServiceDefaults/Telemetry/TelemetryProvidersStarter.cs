using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace SalesMesh.ServiceDefaults.Telemetry;

/// <summary>
/// Forces the tracer and meter providers into existence when the host starts: a provider only
/// listens once built, and nothing else asks for them. The container disposes them at shutdown.
/// Registered first among our hosted services so startup work (migrations) is traced too.
/// </summary>
internal sealed class TelemetryProvidersStarter(TracerProvider tracerProvider, MeterProvider meterProvider) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(tracerProvider);
        GC.KeepAlive(meterProvider);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
