using Grpc.Core;
using SalesMesh.Activities.Domain;

namespace SalesMesh.Activities.Grpc;

/// <summary>Which language user-facing texts use: zh-CN by default, English when accept-language asks for it.</summary>
public static class RequestLanguage
{
    public static bool IsEnglish(ServerCallContext context) =>
        context.RequestHeaders.GetValue("accept-language") is { } value &&
        value.TrimStart().StartsWith("en", StringComparison.OrdinalIgnoreCase);

    public static string Pick(ServerCallContext context, BilingualText text) => IsEnglish(context) ? text.En : text.Zh;

    public static string Pick(ServerCallContext context, string zh, string en) => IsEnglish(context) ? en : zh;
}
