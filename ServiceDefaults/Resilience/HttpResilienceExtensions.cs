using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace SalesMesh.ServiceDefaults.Resilience;

/// <summary>
/// Microsoft.Extensions.Http.Resilience is not in the feed; this is the small subset we need:
/// every IHttpClientFactory client gets a Polly pipeline (per-attempt timeout, exponential retry
/// with jitter on transient failures for idempotent methods). gRPC clients have their own
/// policy in platform/Grpc because gRPC errors travel as HTTP 200.
/// </summary>
public static class HttpResilienceExtensions
{
    internal static IServiceCollection AddServiceDiscoveryFreeHttpDefaults(this IServiceCollection services)
    {
        services.AddHttpClient();
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilience());
        return services;
    }

    public static IHttpClientBuilder AddStandardResilience(this IHttpClientBuilder builder)
    {
        builder.AddHttpMessageHandler(() => new ResilienceHandler(CreatePipeline()));
        return builder;
    }

    internal static ResiliencePipeline<HttpResponseMessage> CreatePipeline() =>
        new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = 3,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose(); // the failed response is discarded: free its connection
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(TimeSpan.FromSeconds(10))
            .Build();

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
        _ => false,
    };

    private sealed class ResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // Only idempotent requests without a body are replayed: a POST may have been applied.
            if (request.Content is not null || !(request.Method == HttpMethod.Get || request.Method == HttpMethod.Head
                || request.Method == HttpMethod.Options || request.Method == HttpMethod.Delete || request.Method == HttpMethod.Put))
                return await base.SendAsync(request, cancellationToken);

            return await pipeline.ExecuteAsync(async ct =>
            {
                var response = await base.SendAsync(request, ct);
                return response;
            }, cancellationToken);
        }
    }
}
