using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace SalesMesh.Gateway.Transcoding;

/// <summary>
/// A server-streaming method as Server-Sent Events (text/event-stream): one <c>data:</c> line of
/// protobuf JSON per message, an <c>id:</c> when the message has an <c>event_id</c> field, a
/// comment heartbeat so proxies and phones keep the connection, the client's disconnect cancels
/// the gRPC call, and <c>Last-Event-ID</c> fills the request's <c>last_event_id</c> field when it
/// has one (resume after a reconnect).
/// </summary>
public static class ServerSentEvents
{
    public const string EventIdField = "event_id";

    /// <summary>Errors the service raises before its first message still get a real HTTP status, not an event.</summary>
    private static readonly TimeSpan FirstMessageGrace = TimeSpan.FromSeconds(1);

    public static async Task HandleAsync(HttpContext http, HttpBinding binding)
    {
        var lastEventId = http.Request.Headers["Last-Event-ID"].ToString();
        var (request, problem) = await TranscodingEndpoints.ReadRequestAsync(http, binding, lastEventId.Length > 0 ? lastEventId : null);
        if (problem is not null)
        {
            await problem.ExecuteAsync(http);
            return;
        }

        var heartbeat = http.RequestServices.GetRequiredService<IConfiguration>().GetValue("Gateway:Sse:HeartbeatSeconds", 15.0);
        var calls = http.RequestServices.GetRequiredService<CallContext>();
        AsyncServerStreamingCall<IMessage> call;
        try
        {
            var invoker = http.RequestServices.GetRequiredService<ServiceChannels>().For(binding.ServiceName);
            // No deadline: the stream lives as long as the client listens; its disconnect cancels the call.
            call = invoker.AsyncServerStreamingCall(GenericMethods.Of(binding.Method), null, calls.Options(http, deadline: null), request!);
        }
        catch (RpcException ex)
        {
            await Problems.FromRpc(ex, http).ExecuteAsync(http);
            return;
        }

        using (call)
        {
            var next = call.ResponseStream.MoveNext(http.RequestAborted);
            try
            {
                await Task.WhenAny(next, Task.Delay(FirstMessageGrace, http.RequestAborted));
                if (next.IsFaulted)
                    await next; // throws the RpcException → problem+json below
            }
            catch (RpcException ex)
            {
                if (!http.RequestAborted.IsCancellationRequested)
                    await Problems.FromRpc(ex, http).ExecuteAsync(http);
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "text/event-stream; charset=utf-8";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            await http.Response.WriteAsync(": connected\n\n", http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);

            try
            {
                while (true)
                {
                    var finished = await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(heartbeat), http.RequestAborted));
                    if (finished != next)
                    {
                        await WriteAsync(http, ": ping\n\n");
                        continue;
                    }
                    if (!await next)
                        break;
                    await WriteAsync(http, Event(binding, call.ResponseStream.Current));
                    next = call.ResponseStream.MoveNext(http.RequestAborted);
                }
            }
            catch (RpcException ex) when (!http.RequestAborted.IsCancellationRequested)
            {
                // Headers are gone already: the error travels as a final event the client can show.
                await WriteAsync(http, $"event: error\ndata: {{\"status\":{GrpcHttpStatus.Of(ex.StatusCode)},\"grpcStatus\":\"{ex.StatusCode}\"}}\n\n");
            }
            catch (Exception ex) when (ex is OperationCanceledException or RpcException or IOException)
            {
                // The client went away: disposing the call cancels it at the service.
            }
        }
    }

    private static string Event(HttpBinding binding, IMessage message)
    {
        var text = new StringBuilder();
        if (binding.Method.OutputType.FindFieldByName(EventIdField) is { } idField)
        {
            var id = idField.Accessor.GetValue(message)?.ToString();
            if (!string.IsNullOrEmpty(id) && !id.Contains('\n'))
                text.Append("id: ").Append(id).Append('\n');
        }
        // Protobuf JSON is a single line, so one data: line carries the whole message.
        text.Append("data: ").Append(TranscodingEndpoints.FormatResponse(binding, message)).Append("\n\n");
        return text.ToString();
    }

    private static async Task WriteAsync(HttpContext http, string text)
    {
        await http.Response.WriteAsync(text, http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }
}
