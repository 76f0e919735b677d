using Grpc.Core;
using Google.Protobuf;
using SalesMesh.Grpc.Tests.Contracts;

namespace SalesMesh.Grpc.Tests.Infrastructure;

/// <summary>Test service: request.Mode picks a behaviour so each test can drive the server precisely.</summary>
public sealed class EchoService(TestProbe probe) : Echo.EchoBase
{
    public override async Task<EchoReply> Unary(EchoRequest request, ServerCallContext context)
    {
        switch (request.Mode)
        {
            case "ignore-deadline":
                var services = context.GetHttpContext().RequestServices;
                probe.HandlerStarted.TrySetResult();
                await Task.Delay(request.DelayMs, CancellationToken.None);
                probe.IgnoringHandlerServicesAlive.TrySetResult(StillResolves(services));
                probe.IgnoringHandlerFinished.TrySetResult(context.CancellationToken.IsCancellationRequested);
                break;
            case "wait-cancel":
                probe.HandlerStarted.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, context.CancellationToken);
                }
                catch (OperationCanceledException)
                {
                    probe.HandlerCancelled.TrySetResult(context.Deadline < DateTime.UtcNow ? "deadline" : "cancelled");
                    throw;
                }

                break;
            case "fail":
                var trailers = new Metadata { { "failure-reason", "test" } };
                throw new RpcException(new Status((StatusCode)request.Count, request.Text), trailers);
            case "throw":
                throw new InvalidOperationException("secret internal detail");
            case "set-status":
                context.Status = new Status(StatusCode.NotFound, request.Text);
                return new EchoReply { Text = "ignored" };
            case "metadata":
                await context.WriteResponseHeadersAsync(new Metadata { { "header-echo", request.Text } });
                foreach (var entry in context.RequestHeaders)
                {
                    if (entry.Key.StartsWith("x-", StringComparison.Ordinal))
                    {
                        context.ResponseTrailers.Add(entry);
                    }
                }

                break;
            case "unavailable-until":
                if (probe.NextAttempt() < request.Count)
                {
                    throw new RpcException(new Status(StatusCode.Unavailable, "try again"));
                }

                break;
            case "encoding":
                return new EchoReply { Text = context.GetHttpContext().Request.Headers["grpc-encoding"].ToString(), Payload = request.Payload };
            case "big":
                return new EchoReply { Payload = ByteString.CopyFrom(new byte[request.Count]) };
        }

        return Reply(request, context, 0);
    }

    public override async Task ServerStream(EchoRequest request, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        for (var i = 0; i < request.Count; i++)
        {
            await responseStream.WriteAsync(Reply(request, context, i));
            if (request.DelayMs > 0)
            {
                await Task.Delay(request.DelayMs, context.CancellationToken);
            }
        }

        if (request.Mode == "wait-cancel")
        {
            probe.HandlerStarted.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                probe.HandlerCancelled.TrySetResult("cancelled");
                throw;
            }
        }
    }

    public override async Task<EchoReply> ClientStream(IAsyncStreamReader<EchoRequest> requestStream, ServerCallContext context)
    {
        var texts = new List<string>();
        var total = 0;
        await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
        {
            texts.Add(message.Text);
            total += message.Payload.Length;
        }

        return new EchoReply { Text = string.Join(",", texts), Index = total, ConnectionId = context.GetHttpContext().Connection.Id };
    }

    public override async Task Duplex(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        var index = 0;
        try
        {
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                probe.HandlerStarted.TrySetResult();
                await responseStream.WriteAsync(Reply(requestStream.Current, context, index++));
            }
        }
        catch (OperationCanceledException)
        {
            probe.HandlerCancelled.TrySetResult("cancelled");
            throw;
        }
        catch (IOException)
        {
            probe.HandlerCancelled.TrySetResult("aborted");
            throw;
        }
    }

    private static EchoReply Reply(EchoRequest request, ServerCallContext context, int index) => new()
    {
        Text = request.Text,
        Index = index,
        Payload = request.Payload,
        ConnectionId = context.GetHttpContext().Connection.Id,
        DeadlineTicks = context.Deadline == DateTime.MaxValue ? 0 : context.Deadline.Ticks,
    };

    /// <summary>False once the request's service scope is disposed (the request ended under the handler).</summary>
    private static bool StillResolves(IServiceProvider services)
    {
        try
        {
            return services.GetService(typeof(TestProbe)) is not null;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }
}
