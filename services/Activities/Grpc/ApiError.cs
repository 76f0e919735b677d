using Google.Rpc;
using Grpc.Core;
using SalesMesh.Activities.Domain;

namespace SalesMesh.Activities.Grpc;

/// <summary>One field problem: path (camelCase), bilingual description, stable reason (error code or rule id).</summary>
public sealed record FieldProblem(string Field, BilingualText Description, string Reason);

/// <summary>
/// A refusal before it becomes an RpcException, so batch operations (offline sync) can report it per
/// item and single calls can throw it. <see cref="Reason"/> is a stable code clients switch on.
/// </summary>
public sealed record ApiError(StatusCode Code, string Reason, BilingualText Message, IReadOnlyList<FieldProblem> Fields)
{
    public const string Domain = "activities.salesmesh";

    public static ApiError Invalid(BilingualText message, IReadOnlyList<FieldProblem> fields, string reason = "invalid_argument") =>
        new(StatusCode.InvalidArgument, reason, message, fields);

    public static ApiError Invalid(string field, string reason, string zh, string en) =>
        new(StatusCode.InvalidArgument, reason, new BilingualText(zh, en), [new FieldProblem(field, new BilingualText(zh, en), reason)]);

    /// <summary>Every domain error as a field violation (reason = its code); the message summarises them.</summary>
    public static ApiError FromDomain(IReadOnlyList<DomainError> errors, StatusCode code = StatusCode.InvalidArgument)
    {
        var message = errors.Count == 1
            ? errors[0].Message
            : new BilingualText($"有 {errors.Count} 处问题：" + string.Join("；", errors.Select(e => e.Message.Zh)),
                $"{errors.Count} problems: " + string.Join("; ", errors.Select(e => e.Message.En)));
        return new ApiError(code, errors[0].Code, message, [.. errors.Select(e => new FieldProblem(e.Path, e.Message, e.Code))]);
    }

    public RpcException ToRpcException(ServerCallContext context, params Google.Protobuf.IMessage[] extraDetails)
    {
        var english = RequestLanguage.IsEnglish(context);
        var status = new Google.Rpc.Status { Code = (int)Code, Message = english ? Message.En : Message.Zh };
        status.AddDetail(new ErrorInfo { Reason = Reason, Domain = Domain });
        if (Fields.Count > 0)
        {
            var badRequest = new BadRequest();
            foreach (var field in Fields)
            {
                badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation
                {
                    Field = field.Field,
                    Description = english ? field.Description.En : field.Description.Zh,
                    Reason = field.Reason,
                    // The other language travels too, so a client can show both.
                    LocalizedMessage = new LocalizedMessage { Locale = english ? "zh-CN" : "en", Message = english ? field.Description.Zh : field.Description.En },
                });
            }
            status.AddDetail(badRequest);
        }
        foreach (var detail in extraDetails)
        {
            status.AddDetail(detail);
        }
        return status.ToRpcException();
    }
}
