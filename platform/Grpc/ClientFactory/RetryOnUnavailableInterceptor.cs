using Grpc.Core;
using Grpc.Core.Interceptors;
using Polly;
using Polly.Retry;

namespace SalesMesh.Grpc;

/// <summary>Which calls may be retried, how often and how fast.</summary>
public sealed class GrpcRetryOptions
{
    /// <summary>Methods safe to retry (idempotent): "/package.Service/Method", "package.Service/Method", or "*" for all unary methods.</summary>
    public ISet<string> SafeMethods { get; } = new HashSet<string>(StringComparer.Ordinal);

    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First backoff; doubles per attempt (exponential) with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    public bool UseJitter { get; set; } = true;

    internal bool IsSafe(IMethod method) =>
        SafeMethods.Contains("*") || SafeMethods.Contains(method.FullName) || SafeMethods.Contains(method.FullName[1..]);
}

/// <summary>
/// Retries unary calls that end with UNAVAILABLE (a unary response arrives only with success, so no response
/// message was received). Streaming calls and methods not listed as safe are never retried. Every attempt
/// keeps the call's original deadline and cancellation.
/// </summary>
public sealed class RetryOnUnavailableInterceptor : Interceptor
{
    private readonly GrpcRetryOptions _options;
    private readonly ResiliencePipeline _pipeline;

    public RetryOnUnavailableInterceptor(GrpcRetryOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RpcException>(e => e.StatusCode == StatusCode.Unavailable),
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.UseJitter,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
            })
            .Build();
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (!_options.IsSafe(context.Method))
        {
            return continuation(request, context);
        }

        return _pipeline.Execute(static (state, _) => state.continuation(state.request, state.context), (request, context, continuation), context.Options.CancellationToken);
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (!_options.IsSafe(context.Method))
        {
            return continuation(request, context);
        }

        var attempts = new AttemptTracker<TResponse>();
        var response = _pipeline.ExecuteAsync(async (state, _) =>
        {
            var call = state.continuation(state.request, state.context);
            state.attempts.Current?.Dispose();
            state.attempts.Current = call;
            return await call.ResponseAsync.ConfigureAwait(false);
        }, (request, context, continuation, attempts), context.Options.CancellationToken).AsTask();

        return new AsyncUnaryCall<TResponse>(
            response,
            HeadersOfFinalAttemptAsync(response, attempts),
            () => attempts.Current?.GetStatus() ?? throw new InvalidOperationException("调用尚未开始 / The call has not started."),
            () => attempts.Current?.GetTrailers() ?? throw new InvalidOperationException("调用尚未开始 / The call has not started."),
            () => attempts.Current?.Dispose());
    }

    private static async Task<Metadata> HeadersOfFinalAttemptAsync<TResponse>(Task<TResponse> response, AttemptTracker<TResponse> attempts)
    {
        try
        {
            await response.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Headers of the final attempt still tell the caller what it can.
        }

        return attempts.Current is { } call ? await call.ResponseHeadersAsync.ConfigureAwait(false) : Metadata.Empty;
    }

    private sealed class AttemptTracker<TResponse>
    {
        public AsyncUnaryCall<TResponse>? Current { get; set; }
    }
}
