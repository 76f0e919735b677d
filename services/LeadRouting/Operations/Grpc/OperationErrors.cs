using Google.Rpc;
using Grpc.Core;
using SalesMesh.Grpc;
using SalesMesh.LeadRouting.Domain.Common;

namespace SalesMesh.LeadRouting.Operations.Grpc;

/// <summary>
/// gRPC errors of the operations API in the caller's language (zh-CN default, English with
/// <c>accept-language: en</c>). Bad input → INVALID_ARGUMENT with google.rpc.BadRequest; a rule that
/// refuses the current state (claim limits, cooldown, wrong lead state) → FAILED_PRECONDITION with
/// google.rpc.PreconditionFailure (type = the stable rule code, subject = the field).
/// </summary>
public sealed class OperationErrors(string language)
{
    public static OperationErrors For(ServerCallContext context) => new(
        context.RequestHeaders.GetValue("accept-language") is { } value && value.TrimStart().StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "zh-CN");

    public string Language => language;

    public string Text(LocalizedText text) => text.For(language);

    public string Text(string zh, string en) => language == "en" ? en : zh;

    public RpcException InvalidArgument(string zh, string en, params (string Field, LocalizedText Message)[] violations) =>
        RpcExceptions.InvalidArgument(Text(zh, en), [.. violations.Select(v => (v.Field, Text(v.Message)))]);

    public RpcException InvalidArgument(DomainError error) =>
        RpcExceptions.InvalidArgument(Text(error.Message), [.. error.Violations.Select(v => (v.FieldPath, Text(v.Message)))]);

    public RpcException FailedPrecondition(DomainError error)
    {
        var failure = new PreconditionFailure();
        foreach (var v in error.Violations)
            failure.Violations.Add(new PreconditionFailure.Types.Violation { Type = v.Code, Subject = v.FieldPath, Description = Text(v.Message) });
        if (failure.Violations.Count == 0)
            failure.Violations.Add(new PreconditionFailure.Types.Violation { Type = error.Code, Subject = "", Description = Text(error.Message) });
        return new Google.Rpc.Status { Code = (int)Code.FailedPrecondition, Message = Text(error.Message) }.AddDetail(failure).ToRpcException();
    }

    public RpcException FailedPrecondition(string code, string zh, string en) =>
        FailedPrecondition(new DomainError(code, new LocalizedText(zh, en)));

    public RpcException NotFound(string resourceType, string name) =>
        RpcExceptions.NotFound(Text($"{(resourceType == "lead" ? "线索" : "申诉")}不存在", $"The {resourceType} does not exist"), resourceType, name);

    public RpcException PermissionDenied(string zh, string en) => new(new global::Grpc.Core.Status(StatusCode.PermissionDenied, Text(zh, en)));
}
