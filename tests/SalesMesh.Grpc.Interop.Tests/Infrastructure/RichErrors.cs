using Google.Rpc;
using Grpc.Core;

namespace SalesMesh.Grpc.Interop.Tests.Infrastructure;

/// <summary>The rich error our handlers raise: google.rpc.Status with one google.rpc.BadRequest field violation.</summary>
internal static class RichErrors
{
    public static RpcException BadRequest(StatusCode code, string message, string field) =>
        new Google.Rpc.Status { Code = (int)code, Message = message }
            .AddDetail(new BadRequest
            {
                FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = $"{field} 无效 / {field} is invalid" } },
            })
            .ToRpcException();
}
