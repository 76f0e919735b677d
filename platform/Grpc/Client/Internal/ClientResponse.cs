using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Shared;

namespace Grpc.Net.Client.Internal;

/// <summary>Reads gRPC status and metadata out of an HTTP/2 response.</summary>
internal static class ClientResponse
{
    /// <summary>The final status when the response carries no body: non-200 HTTP, bad content type, or trailers-only.</summary>
    public static Status? GetTrailersOnlyStatus(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            if (TryGetStatus(response.Headers, out var explicitStatus) && response.StatusCode is not (HttpStatusCode.UpgradeRequired or HttpStatusCode.UnsupportedMediaType))
            {
                return explicitStatus;
            }

            var code = MapHttpStatus(response.StatusCode);
            return new Status(code, $"HTTP 状态码 {(int)response.StatusCode} / Bad gRPC response. HTTP status code: {(int)response.StatusCode}");
        }

        if (TryGetStatus(response.Headers, out var status))
        {
            return status;
        }

        var contentType = response.Content.Headers.TryGetValues("Content-Type", out var values) ? string.Join(",", values) : null;
        if (!GrpcProtocol.IsGrpcContentType(contentType))
        {
            return new Status(StatusCode.Internal, $"响应不是 gRPC / Bad gRPC response. Invalid content-type value: {contentType}");
        }

        return null;
    }

    /// <summary>The spec's HTTP → gRPC mapping for responses that are not gRPC.</summary>
    public static StatusCode MapHttpStatus(HttpStatusCode status) => (int)status switch
    {
        400 => StatusCode.Internal,
        401 => StatusCode.Unauthenticated,
        403 => StatusCode.PermissionDenied,
        404 => StatusCode.Unimplemented,
        429 or 502 or 503 or 504 => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    public static Status GetStatusFromTrailers(HttpResponseMessage response) =>
        TryGetStatus(response.TrailingHeaders, out var status)
            ? status
            : new Status(StatusCode.Internal, "响应中没有 grpc-status / No grpc-status found on response.");

    public static string? GetEncoding(HttpResponseMessage response) =>
        response.Headers.TryGetValues(GrpcProtocol.EncodingHeader, out var values) ? values.FirstOrDefault() : null;

    private static bool TryGetStatus(HttpHeaders headers, out Status status)
    {
        status = default;
        if (!headers.NonValidated.TryGetValues(GrpcProtocol.StatusHeader, out var codes))
        {
            return false;
        }

        var codeText = codes.ToString();
        if (!int.TryParse(codeText, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            status = new Status(StatusCode.Unknown, $"无法解析 grpc-status '{codeText}' / Unexpected grpc-status value '{codeText}'.");
            return true;
        }

        var message = headers.NonValidated.TryGetValues(GrpcProtocol.MessageHeader, out var messages)
            ? PercentEncoding.Decode(messages.ToString())
            : string.Empty;
        status = new Status((StatusCode)code, message);
        return true;
    }

    public static Metadata ToMetadata(HttpHeaders headers, Metadata? into)
    {
        var metadata = into ?? [];
        foreach (var header in headers.NonValidated)
        {
            var key = header.Key.ToLowerInvariant();
            if (GrpcProtocol.IsReservedHeader(key) && key != GrpcProtocol.StatusDetailsHeader)
            {
                continue;
            }

            var binary = Metadata.Entry.HasBinarySuffix(key);
            foreach (var value in header.Value)
            {
                if (binary)
                {
                    // A comma-joined list of base64 values is split back into entries.
                    foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    {
                        metadata.Add(new Metadata.Entry(key, null, BinaryHeader.Decode(part), trusted: true));
                    }
                }
                else
                {
                    metadata.Add(new Metadata.Entry(key, value, null, trusted: true));
                }
            }
        }

        return metadata;
    }
}
