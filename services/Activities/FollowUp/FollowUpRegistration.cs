using Microsoft.Extensions.DependencyInjection.Extensions;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.FollowUp;
using SalesMesh.Activities.FollowUp.Alerts;
using SalesMesh.Activities.FollowUp.Customers;
using SalesMesh.Activities.FollowUp.Documents;
using SalesMesh.Activities.FollowUp.Grpc;
using SalesMesh.Activities.FollowUp.StatusCards;
using SalesMesh.Activities.FollowUp.Touchpoints;
using SalesMesh.Activities.FollowUp.Witness;
using SalesMesh.Activities.VisitRecords;

namespace Microsoft.Extensions.Hosting;

public static class FollowUpRegistration
{
    /// <summary>
    /// Documents, status cards, witness reviews, tasks and alerts (services/Activities/FollowUp):
    /// options from <see cref="FollowUpOptions.Section"/>, the visit-record hook, and the durable
    /// timers of <see cref="FollowUpTimers"/> on <see cref="ActivitiesDbContext"/>. Call after
    /// <c>AddNpgsqlDbContext&lt;ActivitiesDbContext&gt;</c> and <c>AddInternalIdentity</c>.
    /// </summary>
    public static IHostApplicationBuilder AddFollowUp(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FollowUpOptions>().BindConfiguration(FollowUpOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<FollowUpDirectory>();
        builder.Services.AddScoped<FollowUpTimers>();
        builder.Services.AddScoped<StatusCardService>();
        builder.Services.AddScoped<DocumentService>();
        builder.Services.AddScoped<WitnessReviewService>();
        builder.Services.AddScoped<TouchpointService>();
        builder.Services.AddScoped<AlertService>();
        builder.Services.AddScoped<IVisitRecordSubmittedHook, FollowUpVisitHook>();

        builder.AddDurableTimers<ActivitiesDbContext>(timers => timers
            .AddHandler<StatusInactivityTimerHandler>(FollowUpTimers.StatusInactivity)
            .AddHandler<ReviewEscalationTimerHandler>(FollowUpTimers.ReviewEscalation)
            .AddHandler<TouchpointOverdueTimerHandler>(FollowUpTimers.TouchpointOverdue));

        // Uploads travel inside one message: allow the document limit plus the other fields.
        var maxDocument = builder.Configuration.GetValue<int?>($"{FollowUpOptions.Section}:{nameof(FollowUpOptions.MaxDocumentBytes)}")
            ?? new FollowUpOptions().MaxDocumentBytes;
        builder.Services.AddGrpc().AddServiceOptions<FollowUpGrpcService>(o => o.MaxReceiveMessageSize = maxDocument + 64 * 1024);
        return builder;
    }

    /// <summary>Maps FollowUpService.</summary>
    public static WebApplication MapFollowUp(this WebApplication app)
    {
        app.MapGrpcService<FollowUpGrpcService>();
        return app;
    }
}
