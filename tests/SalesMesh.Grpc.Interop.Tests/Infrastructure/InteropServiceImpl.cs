using Grpc.Core;
using SalesMesh.Grpc.Interop.Tests.V1;

namespace SalesMesh.Grpc.Interop.Tests.Infrastructure;

/// <summary>
/// Our server's implementation of the interop service; behaves like node/server.js so both peers
/// can be driven by the same scenarios.
/// </summary>
public sealed class InteropServiceImpl(ServerObservations observations) : InteropService.InteropServiceBase
{
    public override async Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context)
    {
        await DelayAsync(request.DelayMs, "Echo", context);
        if (request.FailCode != 0)
        {
            throw RichErrors.BadRequest((StatusCode)request.FailCode, request.FailMessage, request.FailField);
        }

        await context.WriteResponseHeadersAsync(new Metadata { { "x-interop-reply", "from-salesmesh" } });
        context.ResponseTrailers.Add("x-interop-trailer-bin", [0xde, 0xad, 0xbe, 0xef]);
        var response = new EchoResponse
        {
            Text = request.Text,
            Payload = request.ResponseSize > 0
                ? Google.Protobuf.ByteString.CopyFrom(Enumerable.Repeat((byte)'a', request.ResponseSize).ToArray())
                : request.Payload,
            // grpc-encoding is a protocol header, not metadata, so it is read from the HTTP request.
            RequestEncoding = context.GetHttpContext().Request.Headers["grpc-encoding"].FirstOrDefault() ?? "identity",
        };
        response.SeenMetadata.AddRange(context.RequestHeaders
            .Where(e => e.Key.StartsWith("x-interop-", StringComparison.Ordinal))
            .Select(e => e.IsBinary ? $"{e.Key}={Convert.ToBase64String(e.ValueBytes)}" : $"{e.Key}={e.Value}")
            .Order(StringComparer.Ordinal));
        return response;
    }

    public override async Task Count(CountRequest request, IServerStreamWriter<CountResponse> responseStream, ServerCallContext context)
    {
        for (var i = 1; i <= request.Count; i++)
        {
            await responseStream.WriteAsync(new CountResponse { Index = i });
            await DelayAsync(request.DelayMs, "Count", context);
        }

        if (request.FailCodeAfter != 0)
        {
            throw RichErrors.BadRequest((StatusCode)request.FailCodeAfter, "failed after stream", "count");
        }
    }

    public override async Task<SumResponse> Sum(IAsyncStreamReader<SumRequest> requestStream, ServerCallContext context)
    {
        var response = new SumResponse();
        await foreach (var item in requestStream.ReadAllAsync(context.CancellationToken))
        {
            response.Total += item.Value;
            response.Count++;
        }

        return response;
    }

    public override async Task Chat(IAsyncStreamReader<ChatMessage> requestStream, IServerStreamWriter<ChatMessage> responseStream, ServerCallContext context)
    {
        await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
        {
            await responseStream.WriteAsync(new ChatMessage { Text = "echo:" + message.Text, Seq = message.Seq });
        }
    }

    private async Task DelayAsync(int delayMs, string method, ServerCallContext context)
    {
        if (delayMs <= 0)
        {
            return;
        }

        try
        {
            await Task.Delay(delayMs, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            observations.RecordCancelled(method);
            throw;
        }
    }
}
