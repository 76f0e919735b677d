using Grpc.Core;

namespace SalesMesh.Insights.Grpc;

/// <summary>Which language error texts use: zh-CN by default, English when the caller's accept-language asks for it.</summary>
internal static class RequestLanguage
{
    public static string Of(ServerCallContext context) =>
        context.RequestHeaders.GetValue("accept-language") is { } value && value.TrimStart().StartsWith("en", StringComparison.OrdinalIgnoreCase)
            ? "en"
            : "zh-CN";
}
