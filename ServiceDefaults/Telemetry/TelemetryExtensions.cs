using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace SalesMesh.ServiceDefaults.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>
    /// Traces, metrics and logs with the OpenTelemetry core SDK (Extensions.Hosting is not in the
    /// feed). Providers are DI singletons: created when the host starts (the hosted service below
    /// resolves them) and disposed - flushing pending exports - when the host's container is.
    /// Exported over OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise activities are
    /// still created (so trace ids flow through HTTP, gRPC and messages) but nothing is exported.
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var settings = OtlpSettings.From(builder.Configuration, builder.Environment.ApplicationName);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            logging.SetResourceBuilder(settings.CreateResource());
            if (settings.Endpoint is not null)
                logging.AddOtlpExporter(o => settings.Apply(o, "/v1/logs"));
        });

        builder.Services.AddSingleton(_ =>
        {
            var tracing = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(settings.CreateResource())
                .AddSource(TelemetrySources.ActivitySources);
            if (settings.Endpoint is not null)
                tracing.AddOtlpExporter(o => settings.Apply(o, "/v1/traces"));
            return tracing.Build();
        });
        builder.Services.AddSingleton(_ =>
        {
            var metrics = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(settings.CreateResource())
                .AddMeter(TelemetrySources.Meters);
            if (settings.Endpoint is not null)
                metrics.AddOtlpExporter(o => settings.Apply(o, "/v1/metrics"));
            return metrics.Build();
        });
        builder.Services.AddHostedService<TelemetryProvidersStarter>();
        builder.Services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, RequestSpanEnricher>();
        return builder;
    }
}
