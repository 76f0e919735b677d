using Google.Rpc;
using Grpc.Core;

namespace SalesMesh.Gateway.Transcoding;

/// <summary>
/// RFC 9457 problem details for every error the REST surface returns. Field-level input errors
/// (google.rpc.BadRequest from a service, or JSON the gateway could not parse) go into an
/// <c>errors</c> map of field → messages, the shape ASP.NET Core validation problems use.
/// </summary>
public static class Problems
{
    public static IResult FromRpc(RpcException exception, HttpContext http)
    {
        var status = GrpcHttpStatus.Of(exception.StatusCode);
        var extensions = new Dictionary<string, object?> { ["grpcStatus"] = exception.StatusCode.ToString() };
        var violations = exception.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations;
        if (violations is { Count: > 0 })
        {
            extensions["errors"] = violations
                .GroupBy(v => FieldPaths.ToJsonPath(v.Field), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(v => v.Description).ToArray(), StringComparer.Ordinal);
        }

        // The status message of a client error helps the client; that of a server-side fault
        // (internal errors, connection failures naming internal addresses) is for the logs only.
        var detail = status < 500 ? exception.Status.Detail : null;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            // A service that is down or refusing work it cannot take on (admission control) is worth
            // asking again shortly: say when, as the rate limiter does for 429.
            http.Response.Headers.RetryAfter = "1";
        }
        return Results.Problem(detail: detail, statusCode: status, title: TitleOf(status, http), extensions: extensions);
    }

    /// <summary>400 for a request body or query the gateway itself could not turn into a gRPC message.</summary>
    public static IResult BadInput(HttpContext http, string field, string message) =>
        BadInput(http, new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    /// <summary>400 listing every bad parameter (field or query name → messages).</summary>
    public static IResult BadInput(HttpContext http, IReadOnlyDictionary<string, string[]> errors) =>
        Results.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: TitleOf(StatusCodes.Status400BadRequest, http),
            detail: string.Join(" ", errors.Values.SelectMany(m => m)),
            extensions: new Dictionary<string, object?> { ["errors"] = errors });

    public static string Text(HttpContext http, string zh, string en) => PrefersEnglish(http) ? en : zh;

    public static IResult Status(HttpContext http, int status, string detail) =>
        Results.Problem(statusCode: status, title: TitleOf(status, http), detail: detail);

    public static bool PrefersEnglish(HttpContext http) =>
        http.Request.Headers.AcceptLanguage.ToString().TrimStart().StartsWith("en", StringComparison.OrdinalIgnoreCase);

    private static string TitleOf(int status, HttpContext http)
    {
        var english = PrefersEnglish(http);
        return status switch
        {
            400 => english ? "The request is invalid." : "请求参数无效。",
            401 => english ? "Sign-in required." : "需要登录。",
            403 => english ? "Not allowed." : "无权执行此操作。",
            404 => english ? "Not found." : "未找到。",
            409 => english ? "Conflict." : "请求冲突。",
            413 => english ? "The request is too large." : "请求内容过大。",
            423 => english ? "The account is locked." : "账号已锁定。",
            415 => english ? "Send JSON (application/json)." : "请以 JSON（application/json）格式提交。",
            429 => english ? "Too many requests." : "请求过于频繁。",
            503 => english ? "The service is temporarily unavailable." : "服务暂时不可用。",
            504 => english ? "The service did not answer in time." : "服务响应超时。",
            _ => english ? "The request failed." : "请求失败。",
        };
    }
}
