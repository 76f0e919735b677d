using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace SalesMesh.ServiceDefaults.Admission;

/// <summary>
/// Admission control for unary gRPC calls. Offered more work than it can finish, a service that
/// accepts everything lets its queue grow until every call misses its deadline, and it then does
/// nothing useful at all (the LeadRouting bench's open loop fell to 17 leads/s that way). With a
/// bounded number of running and waiting calls the service keeps finishing work at full speed and
/// refuses the excess at once with UNAVAILABLE (HTTP 503 through the gateway), which clients retry
/// later. A queued call whose deadline passes leaves the queue with DEADLINE_EXCEEDED.
/// Streaming calls (board watches) are long-lived and are not counted.
/// </summary>
public sealed partial class CallAdmissionInterceptor(CallAdmission admission, ILogger<CallAdmissionInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        using var lease = await admission.Limiter.AcquireAsync(1, context.CancellationToken);
        if (!lease.IsAcquired)
        {
            if (admission.CountRefusal() is { } refusedSinceLastLog)
                LogRefused(logger, refusedSinceLastLog, context.Method);
            throw new RpcException(new Status(StatusCode.Unavailable, "服务繁忙，请稍后重试 / The service is busy; retry shortly."));
        }
        return await continuation(request, context);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admission control refused {Count} calls (latest: {Method}): too many calls running and waiting")]
    private static partial void LogRefused(ILogger logger, long count, string method);
}
