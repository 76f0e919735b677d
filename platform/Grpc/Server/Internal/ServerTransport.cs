using Grpc.Core;
using Grpc.Shared;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Grpc.AspNetCore.Server.Internal;

/// <summary>HTTP-level checks done before a call starts.</summary>
internal static class ServerTransport
{
    /// <summary>Answers requests that are not gRPC-over-HTTP/2 with a plain HTTP error; true when it did.</summary>
    public static bool RejectInvalidRequest(HttpContext httpContext)
    {
        var request = httpContext.Request;
        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            Reject(httpContext, StatusCodes.Status426UpgradeRequired,
                $"不支持请求协议 '{request.Protocol}'，gRPC 需要 HTTP/2 / Request protocol '{request.Protocol}' is not supported; gRPC requires HTTP/2.");
            return true;
        }

        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            Reject(httpContext, StatusCodes.Status415UnsupportedMediaType,
                $"不支持的 Content-Type '{request.ContentType}' / Content-Type '{request.ContentType}' is not supported.");
            return true;
        }

        return false;
    }

    /// <summary>Streaming calls may last long and carry unbounded bodies: lift Kestrel's per-request limits.</summary>
    public static void LiftBodyLimits(HttpContext httpContext)
    {
        var sizeFeature = httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = null;
        }

        var rateFeature = httpContext.Features.Get<IHttpMinRequestBodyDataRateFeature>();
        if (rateFeature is not null)
        {
            rateFeature.MinDataRate = null;
        }
    }

    private static void Reject(HttpContext httpContext, int httpStatus, string message)
    {
        var response = httpContext.Response;
        response.StatusCode = httpStatus;
        response.Headers[GrpcProtocol.StatusHeader] = GrpcProtocol.StatusCodeText(StatusCode.Internal);
        response.Headers[GrpcProtocol.MessageHeader] = PercentEncoding.Encode(message);
    }
}
