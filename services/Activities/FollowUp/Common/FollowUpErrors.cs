using Grpc.Core;
using SalesMesh.Activities.Domain;
using SalesMesh.Grpc;

namespace SalesMesh.Activities.FollowUp.Common;

/// <summary>
/// Turns refusals into gRPC statuses in the caller's language: zh-CN by default, English when the
/// request says <c>accept-language: en</c>. Every field problem travels as a BadRequest violation.
/// </summary>
public static class FollowUpErrors
{
    public static bool IsEnglish(ServerCallContext context) =>
        context.RequestHeaders.GetValue("accept-language") is { } language &&
        language.TrimStart().StartsWith("en", StringComparison.OrdinalIgnoreCase);

    public static string Text(ServerCallContext context, BilingualText text) => IsEnglish(context) ? text.En : text.Zh;

    public static RpcException Invalid(ServerCallContext context, IReadOnlyList<DomainError> errors)
    {
        var message = IsEnglish(context) ? "The request is invalid." : "请求无效。";
        return RpcExceptions.InvalidArgument(message, [.. errors.Select(e => (e.Path, Text(context, e.Message)))]);
    }

    public static RpcException Invalid(ServerCallContext context, string field, string code, BilingualText message) =>
        Invalid(context, [new DomainError(code, field, message)]);

    /// <summary>The object does not exist for this caller (someone else's customer looks exactly like a missing one).</summary>
    public static RpcException NotFound(ServerCallContext context, string resourceType, string id) =>
        RpcExceptions.NotFound(IsEnglish(context) ? $"No such {resourceType}." : "未找到该对象。", resourceType, id);

    /// <summary>The state forbids the action; <paramref name="error"/>'s code is the ErrorInfo reason clients switch on.</summary>
    public static RpcException FailedPrecondition(ServerCallContext context, DomainError error) =>
        RpcExceptions.WithErrorInfo(StatusCode.FailedPrecondition, Text(context, error.Message), error.Code, "activities.salesmesh");

    /// <summary>Parses a UUID field; INVALID_ARGUMENT naming the field otherwise.</summary>
    public static Guid RequireId(ServerCallContext context, string? value, string field)
    {
        if (Guid.TryParse(value, out var id) && id != Guid.Empty)
        {
            return id;
        }
        throw Invalid(context, field, "request.invalid_id", new($"{field} 必须是 UUID", $"{field} must be a UUID"));
    }
}
