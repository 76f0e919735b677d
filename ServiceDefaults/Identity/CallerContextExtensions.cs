using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SalesMesh.ServiceDefaults.Identity;

/// <summary>
/// Who is calling, read from the <c>x-salesmesh-identity</c> metadata the gateway signs.
/// Use <see cref="RequireCaller"/> at the top of every method that acts for a person.
/// </summary>
public static class CallerContextExtensions
{
    private static readonly object CallerKey = new();

    /// <summary>The verified caller; UNAUTHENTICATED when the token is missing, forged or expired.</summary>
    public static Caller RequireCaller(this ServerCallContext context)
    {
        if (context.UserState.TryGetValue(CallerKey, out var cached))
        {
            return (Caller)cached;
        }
        var token = context.RequestHeaders.GetValue(InternalTokenOptions.MetadataKey);
        if (string.IsNullOrEmpty(token))
        {
            throw Unauthenticated(context, "请先登录。", "Sign-in required.");
        }
        var services = context.GetHttpContext().RequestServices;
        var caller = services.GetRequiredService<InternalTokenService>().Verify(token, out var failure);
        if (caller is null)
        {
            // The reason goes to the log, not to the caller: a forger learns nothing.
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CallerContextExtensions))
                .LogWarning("Refused internal token on {Method}: {Failure}", context.Method, failure);
            throw Unauthenticated(context, "身份令牌无效或已过期。", "The identity token is invalid or expired.");
        }
        context.UserState[CallerKey] = caller;
        return caller;
    }

    /// <summary>PERMISSION_DENIED in the caller's language; use it for role checks, not for hiding objects (use NOT_FOUND).</summary>
    public static RpcException PermissionDenied(this ServerCallContext context, string zh, string en) =>
        new(new Status(StatusCode.PermissionDenied, IsEnglish(context) ? en : zh));

    private static RpcException Unauthenticated(ServerCallContext context, string zh, string en) =>
        new(new Status(StatusCode.Unauthenticated, IsEnglish(context) ? en : zh));

    private static bool IsEnglish(ServerCallContext context) =>
        context.RequestHeaders.GetValue("accept-language") is { } language &&
        language.TrimStart().StartsWith("en", StringComparison.OrdinalIgnoreCase);
}
