using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Operations;
using SalesMesh.LeadRouting.Operations.Board;
using SalesMesh.LeadRouting.Operations.CircuitBreaking;
using SalesMesh.LeadRouting.Operations.Grpc;
using SalesMesh.LeadRouting.Operations.Overrides;
using SalesMesh.LeadRouting.Operations.Pools;
using SalesMesh.LeadRouting.Timers;
using SalesMesh.ServiceDefaults.Messaging;

namespace Microsoft.Extensions.Hosting;

public static class LeadOperationsExtensions
{
    /// <summary>
    /// LeadRouting operations (LR-4, LR-5, LR-7, LR-8, LR-9): SLA clocks and the recycle sweep on
    /// durable timers, the claim board feed, claim / override / appeal services. Call after
    /// <c>AddNpgsqlDbContext&lt;LeadRoutingDbContext&gt;</c>, <c>AddRedisClient</c> and
    /// <c>AddMessaging</c> (whose options must include <see cref="AddLeadOperationsConsumers"/>).
    /// </summary>
    public static IHostApplicationBuilder AddLeadOperations(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<BoardFeed>();
        builder.Services.AddHostedService<BoardFeedListener>();
        builder.Services.AddSingleton<LeadOperationsSaveInterceptor>();
        // Before AddDurableTimers: interceptors run in registration order, and the SLA timers this
        // one schedules must exist before the durable-timer interceptor turns them into rows.
        builder.Services.ConfigureDbContext<LeadRoutingDbContext>((services, options) =>
            options.AddInterceptors(services.GetRequiredService<LeadOperationsSaveInterceptor>()));
        builder.AddDurableTimers<LeadRoutingDbContext>(timers => timers
            .AddHandler<SlaTimerHandler>(TimerKinds.Sla)
            .AddHandler<RecycleSweepHandler>(TimerKinds.RecycleSweep));
        builder.Services.AddHostedService<RecycleSweepStarter>();

        builder.Services.AddScoped<ClaimService>();
        builder.Services.AddScoped<OverrideService>();
        builder.Services.AddScoped<AppealService>();
        return builder;
    }

    /// <summary>The circuit breaker's inbox consumer of Activities' CustomerStatusChanged; call inside <c>AddMessaging(…)</c>.</summary>
    public static MessagingOptions AddLeadOperationsConsumers(this MessagingOptions messaging) =>
        messaging.AddConsumer<CustomerStatusConsumer>(CustomerStatusConsumer.Queue);

    /// <summary>Maps LeadOperationsService (gRPC; REST/SSE through the gateway's transcoder).</summary>
    public static WebApplication MapLeadOperations(this WebApplication app)
    {
        app.MapGrpcService<LeadOperationsGrpcService>();
        return app;
    }
}
