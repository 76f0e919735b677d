using Grpc.Core;
using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Grpc.AspNetCore.HealthChecks;

/// <summary>grpc.health.v1.Health backed by ASP.NET Core health checks (see <see cref="HealthStatusMonitor"/>).</summary>
internal sealed class HealthServiceImpl(HealthStatusMonitor monitor) : Health.V1.Health.HealthBase
{
    public override async Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        if (!monitor.IsKnown(request.Service))
        {
            // The protocol says NOT_FOUND for an unknown service on Check.
            throw new RpcException(new Status(StatusCode.NotFound,
                $"未知的健康检查服务 \"{request.Service}\" / Unknown health service \"{request.Service}\"."));
        }

        return new HealthCheckResponse { Status = await monitor.EvaluateAsync(request.Service, context.CancellationToken) };
    }

    public override async Task<HealthListResponse> List(HealthListRequest request, ServerCallContext context)
    {
        var response = new HealthListResponse();
        foreach (var service in monitor.ServiceNames)
        {
            response.Statuses[service] = new HealthCheckResponse
            {
                Status = await monitor.EvaluateAsync(service, context.CancellationToken),
            };
        }

        return response;
    }

    public override async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        using var subscription = monitor.Watch(request.Service);
        // First message: the status now. An unknown service is SERVICE_UNKNOWN, not an error,
        // because it may be mapped later in the process's life (the protocol's rule).
        var current = monitor.IsKnown(request.Service)
            ? await monitor.EvaluateAsync(request.Service, context.CancellationToken)
            : ServingStatus.ServiceUnknown;
        await responseStream.WriteAsync(new HealthCheckResponse { Status = current }, context.CancellationToken);

        try
        {
            await foreach (var status in subscription.Changes.ReadAllAsync(context.CancellationToken))
            {
                if (status == current)
                {
                    continue;
                }

                current = status;
                await responseStream.WriteAsync(new HealthCheckResponse { Status = status }, context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (context.GetHttpContext().RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to send.
            return;
        }

        // The monitor completes the stream only when the host is stopping. The runtime cancels
        // streaming calls then, so NOT_SERVING above is best effort; UNAVAILABLE is the signal a
        // watcher always gets (other cancellations propagate and map to the same status).
        throw new RpcException(new Status(StatusCode.Unavailable, "服务器正在关闭 / Server is shutting down."));
    }
}
