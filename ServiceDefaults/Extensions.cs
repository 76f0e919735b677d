using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SalesMesh.ServiceDefaults.Admission;
using SalesMesh.ServiceDefaults.Health;
using SalesMesh.ServiceDefaults.Resilience;
using SalesMesh.ServiceDefaults.Telemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every SalesMesh service gets with one line (the Aspire ServiceDefaults shape):
/// OpenTelemetry traces/metrics/logs over OTLP, health checks, resilient HttpClients, and
/// admission control in front of its gRPC services.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Path of the readiness endpoint: every registered check.</summary>
    public const string HealthPath = "/health";

    /// <summary>Path of the liveness endpoint: only checks tagged <see cref="HealthTags.Live"/>.</summary>
    public const string AlivePath = "/alive";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddCallAdmission();

        builder.Services.AddServiceDiscoveryFreeHttpDefaults();
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // "self" proves the process answers at all; it is the only thing /alive looks at by
        // default, so an orchestrator never restarts a process just because PostgreSQL is down.
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [HealthTags.Live]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> and <c>/alive</c> in every environment (not only Development): the
    /// AppHost, Kubernetes probes and the tests all rely on them. Both answer JSON with each
    /// check's status; unhealthy answers 503.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath, new HealthCheckOptions
        {
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        app.MapHealthChecks(AlivePath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(HealthTags.Live),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        return app;
    }
}
