namespace Grpc.Shared;

/// <summary>Header names and fixed values of the gRPC-over-HTTP/2 protocol.</summary>
internal static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string StatusDetailsHeader = "grpc-status-details-bin";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string TeHeader = "te";
    public const string TeTrailers = "trailers";
    public const string IdentityEncoding = "identity";
    public const string GzipEncoding = "gzip";

    /// <summary>Client metadata key that asks the client to compress its request messages (same key as grpc-dotnet).</summary>
    public const string RequestCompressionMetadataKey = "grpc-internal-encoding-request";

    public const int HeaderSize = 5;
    public const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>application/grpc, application/grpc+proto, application/grpc;charset=... are all gRPC.</summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (contentType.Length == ContentType.Length)
        {
            return true;
        }

        var next = contentType[ContentType.Length];
        return next is '+' or ';';
    }

    /// <summary>Headers the protocol owns; they are not exposed as call metadata.</summary>
    public static bool IsReservedHeader(string name) =>
        name.Length == 0 || name[0] == ':' ||
        name.Equals("content-type", StringComparison.OrdinalIgnoreCase) ||
        name.Equals(TeHeader, StringComparison.OrdinalIgnoreCase) ||
        name.Equals("host", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("content-length", StringComparison.OrdinalIgnoreCase) ||
        name.Equals(TimeoutHeader, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(EncodingHeader, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(AcceptEncodingHeader, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(StatusHeader, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(MessageHeader, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(RequestCompressionMetadataKey, StringComparison.OrdinalIgnoreCase);

    public static string StatusCodeText(Grpc.Core.StatusCode code) => code switch
    {
        Grpc.Core.StatusCode.OK => "0",
        Grpc.Core.StatusCode.Cancelled => "1",
        Grpc.Core.StatusCode.Unknown => "2",
        Grpc.Core.StatusCode.InvalidArgument => "3",
        Grpc.Core.StatusCode.DeadlineExceeded => "4",
        Grpc.Core.StatusCode.NotFound => "5",
        _ => ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
