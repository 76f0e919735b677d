using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace SalesMesh.Gateway.Transcoding;

/// <summary>
/// Maps one route per <see cref="HttpBinding"/> of the <see cref="ContractCatalog"/>: unary
/// methods answer JSON, server-streaming methods answer Server-Sent Events. There is no code per
/// endpoint; everything comes from the descriptors.
/// </summary>
public static class TranscodingEndpoints
{
    public const long MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapTranscodedRoutes(this IEndpointRouteBuilder app)
    {
        var catalog = app.ServiceProvider.GetRequiredService<ContractCatalog>();
        var logger = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TranscodingEndpoints));
        foreach (var problem in catalog.Problems)
            logger.LogError("google.api.http annotation not mapped: {Problem}", problem);

        foreach (var binding in catalog.Bindings)
        {
            var route = app.MapMethods(binding.Template.RoutePattern, [binding.Verb], binding.IsServerStreaming
                    ? (RequestDelegate)(http => ServerSentEvents.HandleAsync(http, binding))
                    : http => HandleUnaryAsync(http, binding))
                .WithMetadata(binding)
                .WithDisplayName($"{binding.Verb} {binding.Template.Template} → {binding.GrpcName}");
            if (binding.IsServerStreaming)
                route.WithMetadata(new ServerSentEventsEndpoint());
        }
        return app;
    }

    private static async Task HandleUnaryAsync(HttpContext http, HttpBinding binding)
    {
        var (request, problem) = await ReadRequestAsync(http, binding, lastEventId: null);
        if (problem is not null)
        {
            await problem.ExecuteAsync(http);
            return;
        }
        var calls = http.RequestServices.GetRequiredService<CallContext>();
        try
        {
            var invoker = http.RequestServices.GetRequiredService<ServiceChannels>().For(binding.ServiceName);
            var options = calls.Options(http, DateTime.UtcNow + CallContext.UnaryTimeout);
            var response = await invoker.AsyncUnaryCall(GenericMethods.Of(binding.Method), null, options, request!);
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(FormatResponse(binding, response), http.RequestAborted);
        }
        catch (RpcException ex)
        {
            if (http.RequestAborted.IsCancellationRequested)
                return; // nobody is listening any more
            await Problems.FromRpc(ex, http).ExecuteAsync(http);
        }
    }

    /// <summary>Body (when the rule has one), path and query → the request message, or the problem to answer with.</summary>
    public static async Task<(IMessage? Request, IResult? Problem)> ReadRequestAsync(HttpContext http, HttpBinding binding, string? lastEventId)
    {
        string? body = null;
        var uploads = http.RequestServices.GetRequiredService<UploadChecks>();
        if (binding.Body.Length > 0)
        {
            if (!http.Request.HasJsonContentType())
                return (null, Problems.Status(http, StatusCodes.Status415UnsupportedMediaType, Problems.Text(http, "Content-Type 应为 application/json。", "Content-Type: application/json")));
            var maxBytes = uploads.MaxBodyBytes(binding);
            if (http.Request.ContentLength > maxBytes)
                return (null, TooLarge(http, maxBytes));
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = maxBytes;
            try
            {
                using var reader = new StreamReader(http.Request.Body);
                body = await reader.ReadToEndAsync(http.RequestAborted);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return (null, TooLarge(http, maxBytes));
            }
        }

        var english = Problems.PrefersEnglish(http);
        var (request, errors) = RequestBinder.Bind(binding, body, http.Request.RouteValues, http.Request.Query, lastEventId, english);
        errors ??= uploads.Check(request!, english);
        return errors is null ? (request, null) : (null, Problems.BadInput(http, errors));
    }

    /// <summary>The response message as protobuf JSON, or only its <c>response_body</c> field when the rule names one.</summary>
    public static string FormatResponse(HttpBinding binding, IMessage response)
    {
        var json = ProtoJson.Formatter.Format(response);
        if (binding.ResponseBody.Length == 0)
            return json;
        var field = binding.Method.OutputType.FindFieldByName(binding.ResponseBody)!;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty(field.JsonName, out var value) ? value.GetRawText() : "null";
    }

    private static IResult TooLarge(HttpContext http, long maxBytes)
    {
        var size = maxBytes >= 1024 * 1024 ? $"{maxBytes / (1024 * 1024)} MB" : $"{maxBytes / 1024} KB";
        return Problems.Status(http, StatusCodes.Status413PayloadTooLarge, Problems.Text(http, $"请求体最多 {size}。", $"The request body is at most {size}."));
    }
}

/// <summary>Endpoint metadata of SSE routes (the only routes that accept <c>?access_token=</c>, because EventSource cannot send headers).</summary>
public sealed class ServerSentEventsEndpoint;
