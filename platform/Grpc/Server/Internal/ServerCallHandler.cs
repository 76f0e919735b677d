using System.Diagnostics;
using Grpc.Core;
using Grpc.Shared;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using SalesMesh.Grpc;

namespace Grpc.AspNetCore.Server.Internal;

/// <summary>
/// Runs one gRPC method over an HttpContext. One instance per method, built at map time; everything
/// per call lives in HttpServerCallContext.
/// </summary>
internal abstract class ServerCallHandler<TService, TRequest, TResponse>
    where TService : class where TRequest : class where TResponse : class
{
    private readonly CancellationToken _stopping;

    [ThreadStatic]
    private static SequenceDeserializationContext? t_deserialization;

    [ThreadStatic]
    private static FramingSerializationContext? t_serialization;

    protected ServerCallHandler(Method<TRequest, TResponse> method, MethodOptions options, ServiceActivator<TService> activator, CancellationToken stopping, ILogger logger)
    {
        Method = method;
        Options = options;
        Activator = activator;
        Logger = logger;
        _stopping = stopping;
    }

    public Method<TRequest, TResponse> Method { get; }

    protected MethodOptions Options { get; }

    protected ServiceActivator<TService> Activator { get; }

    protected ILogger Logger { get; }

    protected bool HasInterceptors => Options.Interceptors.Length > 0;

    private bool IsStreaming => Method.Type != MethodType.Unary;

    public Task HandleCallAsync(HttpContext httpContext)
    {
        if (ServerTransport.RejectInvalidRequest(httpContext))
        {
            return Task.CompletedTask;
        }

        if (IsStreaming)
        {
            ServerTransport.LiftBodyLimits(httpContext);
        }

        var call = new HttpServerCallContext(httpContext, Method, Options);
        Activity? activity = null;
        var start = 0L;
        if (GrpcDiagnostics.ServerEnabled)
        {
            activity = ServerTelemetry.StartActivity(httpContext, Method);
            start = Stopwatch.GetTimestamp();
        }

        ValueTask<Status> run;
        try
        {
            if (call.Initialize(IsStreaming ? _stopping : default) is { } failure)
            {
                call.WriteStatus(failure);
                Finish(call, activity, start, failure);
                return Task.CompletedTask;
            }

            // Without a deadline nothing races the handler, so the whole call can run (and, when the
            // request body is already there, complete) without extra tasks or state-machine boxes.
            run = call.HasDeadline ? new ValueTask<Status>(RunWithDeadlineAsync(call)) : RunAsync(call);
        }
        catch
        {
            Finish(call, activity, start, Status.DefaultSuccess);
            throw;
        }

        if (run.IsCompletedSuccessfully)
        {
            Finish(call, activity, start, run.Result);
            return Task.CompletedTask;
        }

        return AwaitRunAsync(run, call, activity, start);
    }

    private async Task AwaitRunAsync(ValueTask<Status> run, HttpServerCallContext call, Activity? activity, long start)
    {
        var status = Status.DefaultSuccess;
        try
        {
            status = await run.ConfigureAwait(false);
        }
        finally
        {
            Finish(call, activity, start, status);
        }
    }

    private void Finish(HttpServerCallContext call, Activity? activity, long start, Status status)
    {
        if (start != 0)
        {
            GrpcDiagnostics.Complete(activity, GrpcDiagnostics.ServerDuration, Method, status.StatusCode, start);
        }

        call.Dispose();
    }

    /// <summary>The call without a deadline: run the handler, then write the status.</summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Status> RunAsync(HttpServerCallContext call)
    {
        Status status;
        try
        {
            await HandleCallCoreAsync(call).ConfigureAwait(false);
            status = call.Status;
        }
        catch (Exception ex)
        {
            status = ResolveFailure(call, ex);
        }

        if (!call.HttpContext.RequestAborted.IsCancellationRequested)
        {
            call.WriteStatus(status);
        }

        return status;
    }

    private async Task<Status> RunWithDeadlineAsync(HttpServerCallContext call)
    {
        Status status;
        try
        {
            var handlerTask = HandleCallCoreAsync(call).AsTask();
            if (!handlerTask.IsCompleted && await call.DeadlineWonAsync(handlerTask).ConfigureAwait(false))
            {
                // The handler has not returned yet (its token is cancelled): answer the client now, but
                // keep the request until the handler returns. Ending it earlier would dispose the request's
                // services under the running handler — a pooled DbContext would go back to its pool while
                // still executing and could be handed to another call.
                await call.CompleteForDeadlineAsync().ConfigureAwait(false);
                status = DeadlineStatus;
                call.WriteStatus(status);
                await call.EndResponseAsync().ConfigureAwait(false);
                await handlerTask.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
                return status;
            }

            await handlerTask.ConfigureAwait(false);
            status = call.Status;
        }
        catch (Exception ex)
        {
            status = ResolveFailure(call, ex);
        }

        await call.CompleteForDeadlineAsync().ConfigureAwait(false);
        if (!call.HttpContext.RequestAborted.IsCancellationRequested)
        {
            call.WriteStatus(status);
        }

        return status;
    }

    private static readonly Status DeadlineStatus = new(StatusCode.DeadlineExceeded, "截止时间已过 / Deadline Exceeded");

    protected abstract ValueTask HandleCallCoreAsync(HttpServerCallContext call);

    private Status ResolveFailure(HttpServerCallContext call, Exception ex)
    {
        if (call.DeadlineReached)
        {
            return DeadlineStatus;
        }

        if (ex is RpcException rpc)
        {
            foreach (var entry in rpc.Trailers)
            {
                call.ResponseTrailers.Add(entry);
            }

            return rpc.Status;
        }

        if (ex is OperationCanceledException or IOException && call.HttpContext.RequestAborted.IsCancellationRequested)
        {
            ServerLog.ClientCancelled(Logger, Method.FullName);
            return new Status(StatusCode.Cancelled, "客户端已取消调用 / Call cancelled by the client.");
        }

        if (ex is OperationCanceledException && call.StopRequested)
        {
            return new Status(StatusCode.Unavailable, "服务器正在关闭 / Server is shutting down.");
        }

        ServerLog.HandlerFailed(Logger, ex, Method.FullName);
        return Options.EnableDetailedErrors
            ? new Status(StatusCode.Unknown, $"处理程序抛出异常 / Exception was thrown by handler. {ex.GetType().Name}: {ex.Message}", ex)
            : new Status(StatusCode.Unknown, "处理程序抛出异常 / Exception was thrown by handler.", ex);
    }

    /// <summary>Reads the next framed message, or null at the end of the request stream.</summary>
    public async ValueTask<TRequest?> ReadMessageAsync(HttpServerCallContext call, CancellationToken cancellationToken)
    {
        var reader = call.HttpContext.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var remaining = buffer;
            bool found;
            System.Buffers.ReadOnlySequence<byte> payload;
            bool compressed;
            try
            {
                found = MessageFraming.TryReadMessage(ref remaining, Options.MaxReceiveMessageSize, out payload, out compressed);
            }
            catch
            {
                reader.AdvanceTo(buffer.Start);
                throw;
            }

            if (found)
            {
                try
                {
                    return Deserialize(call, payload, compressed);
                }
                finally
                {
                    reader.AdvanceTo(remaining.Start);
                }
            }

            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                if (buffer.Length == 0)
                {
                    return null;
                }

                throw new RpcException(new Status(StatusCode.Internal, "消息不完整 / Incomplete message."));
            }

            if (result.IsCanceled)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                throw new OperationCanceledException();
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// Unary and server-streaming: exactly one request message, then end of stream. Every gRPC client sends
    /// END_STREAM with the message, so usually one (non-blocking) read holds the whole frame and the end:
    /// parse it and release the pipe once. Each ReadAsync/AdvanceTo takes a lock Kestrel's frame loop also
    /// holds while it fills the pipe, so fewer round trips mean less contention.
    /// </summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    protected async ValueTask<TRequest> ReadSingleMessageAsync(HttpServerCallContext call)
    {
        call.BeginOperation();
        try
        {
            var reader = call.HttpContext.Request.BodyReader;
            TRequest? message = null;
            var first = true;
            while (true)
            {
                // TryRead only once: after AdvanceTo(start, end) it would hand back the same bytes again.
                if (!first || !reader.TryRead(out var result))
                {
                    result = await reader.ReadAsync(call.CancellationToken).ConfigureAwait(false);
                }

                first = false;
                var buffer = result.Buffer;
                if (message is null)
                {
                    var remaining = buffer;
                    bool found;
                    System.Buffers.ReadOnlySequence<byte> payload;
                    bool compressed;
                    try
                    {
                        found = MessageFraming.TryReadMessage(ref remaining, Options.MaxReceiveMessageSize, out payload, out compressed);
                    }
                    catch
                    {
                        reader.AdvanceTo(buffer.Start);
                        throw;
                    }

                    if (!found)
                    {
                        if (result.IsCompleted)
                        {
                            reader.AdvanceTo(buffer.End);
                            throw new RpcException(buffer.Length == 0
                                ? new Status(StatusCode.Internal, "请求未包含消息 / Request did not include a message.")
                                : new Status(StatusCode.Internal, "消息不完整 / Incomplete message."));
                        }

                        if (result.IsCanceled)
                        {
                            reader.AdvanceTo(buffer.Start, buffer.End);
                            throw new OperationCanceledException();
                        }

                        reader.AdvanceTo(buffer.Start, buffer.End);
                        continue;
                    }

                    try
                    {
                        message = Deserialize(call, payload, compressed);
                    }
                    catch
                    {
                        reader.AdvanceTo(remaining.Start);
                        throw;
                    }

                    buffer = remaining;
                }

                var extra = buffer.Length;
                reader.AdvanceTo(buffer.End);
                if (extra > 0)
                {
                    throw new RpcException(new Status(StatusCode.Internal, "消息之后还有多余数据 / Additional data after the message received."));
                }

                if (result.IsCompleted)
                {
                    return message;
                }
            }
        }
        finally
        {
            call.EndOperation();
        }
    }

    private TRequest Deserialize(HttpServerCallContext call, System.Buffers.ReadOnlySequence<byte> payload, bool compressed)
    {
        PooledBufferWriter? inflated = null;
        try
        {
            if (compressed)
            {
                var provider = call.RequestCompression
                    ?? throw new RpcException(new Status(StatusCode.Internal, "消息被压缩但 grpc-encoding 为 identity / Request sent 'identity' grpc-encoding value with compressed message."));
                inflated = MessageFraming.Decompress(payload, provider, Options.MaxReceiveMessageSize);
                payload = new System.Buffers.ReadOnlySequence<byte>(inflated.WrittenMemory);
            }

            // Marshallers run synchronously, so one context per thread serves every call on it.
            var context = t_deserialization ?? new SequenceDeserializationContext();
            t_deserialization = null;
            context.SetPayload(payload);
            try
            {
                return Method.RequestMarshaller.ContextualDeserializer(context);
            }
            catch (Exception ex) when (ex is not RpcException)
            {
                throw new RpcException(new Status(StatusCode.Internal, "无法反序列化请求消息 / Failed to deserialize request message.", ex));
            }
            finally
            {
                context.SetPayload(default);
                t_deserialization = context;
            }
        }
        finally
        {
            inflated?.Dispose();
        }
    }

    /// <summary>
    /// The one response of a unary or client-streaming call. A handler that already set a non-OK
    /// status ends the call with it; returning null without one ends it CANCELLED (nothing to send).
    /// </summary>
    protected void WriteSingleResponse(HttpServerCallContext call, TResponse? response)
    {
        if (call.Status.StatusCode != StatusCode.OK)
        {
            return;
        }

        if (response is null)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "方法未返回消息 / No message returned from method."));
        }

        call.BeginOperation();
        try
        {
            WriteMessage(call, response, call.WriteOptions);
        }
        finally
        {
            call.EndOperation();
        }
    }

    /// <summary>Serializes one framed response message straight into the response PipeWriter (no flush).</summary>
    public void WriteMessage(HttpServerCallContext call, TResponse message, WriteOptions? writeOptions)
    {
        var compression = call.ResponseCompression;
        if (compression is not null && writeOptions is not null && (writeOptions.Flags & WriteFlags.NoCompress) != 0)
        {
            compression = null;
        }

        // Taken from the thread while in use (a marshaller could, in theory, write another message).
        var context = t_serialization ?? new FramingSerializationContext();
        t_serialization = null;
        try
        {
            context.Initialize(call.HttpContext.Response.BodyWriter, compression, Options.ResponseCompressionLevel, Options.MaxSendMessageSize);
            Method.ResponseMarshaller.ContextualSerializer(message, context);
            call.MessageWritten = true;
        }
        finally
        {
            context.Dispose();
            t_serialization = context;
        }
    }

    protected async Task InvokeAndDisposeAsync(Task handler, TService service)
    {
        try
        {
            await handler.ConfigureAwait(false);
        }
        finally
        {
            await Activator.ReleaseAsync(service).ConfigureAwait(false);
        }
    }
}

internal static partial class ServerLog
{
    [LoggerMessage(1, LogLevel.Error, "gRPC 处理程序失败 / Error when executing service method '{Method}'.")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string method);

    [LoggerMessage(2, LogLevel.Debug, "客户端取消了调用 / Call '{Method}' was cancelled by the client.")]
    public static partial void ClientCancelled(ILogger logger, string method);
}
