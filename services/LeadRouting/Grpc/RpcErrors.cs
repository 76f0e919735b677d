using Grpc.Core;
using SalesMesh.Grpc;
using SalesMesh.LeadRouting.Domain.Common;

namespace SalesMesh.LeadRouting.Grpc;

/// <summary>The service's error answers, in the caller's language (zh-CN default, English on request).</summary>
internal static class RpcErrors
{
    public static RpcException InvalidArgument(ServerCallContext context, LocalizedText message, IEnumerable<FieldViolation> violations)
    {
        var language = RequestLanguage.Of(context);
        return RpcExceptions.InvalidArgument(message.For(language), [.. violations.Select(v => (v.FieldPath, v.Message.For(language)))]);
    }

    public static RpcException InvalidArgument(ServerCallContext context, string field, string zh, string en) =>
        InvalidArgument(context, new LocalizedText("请求参数无效。", "The request is invalid."), [new FieldViolation(field, "INVALID", new LocalizedText(zh, en))]);

    /// <summary>Same answer whether the object does not exist or belongs to someone else: nothing is revealed.</summary>
    public static RpcException LeadNotFound(ServerCallContext context) =>
        new(new Status(StatusCode.NotFound, new LocalizedText("线索不存在。", "The lead does not exist.").For(RequestLanguage.Of(context))));

    public static RpcException NotFound(ServerCallContext context, string zh, string en) =>
        new(new Status(StatusCode.NotFound, new LocalizedText(zh, en).For(RequestLanguage.Of(context))));

    public static RpcException FailedPrecondition(ServerCallContext context, LocalizedText message) =>
        new(new Status(StatusCode.FailedPrecondition, message.For(RequestLanguage.Of(context))));

    public static RpcException Aborted(ServerCallContext context, string zh, string en) =>
        new(new Status(StatusCode.Aborted, new LocalizedText(zh, en).For(RequestLanguage.Of(context))));

    public static RpcException PermissionDenied(ServerCallContext context, string zh, string en) =>
        new(new Status(StatusCode.PermissionDenied, new LocalizedText(zh, en).For(RequestLanguage.Of(context))));
}
