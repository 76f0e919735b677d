using Google.Rpc;
using Grpc.Core;

namespace SalesMesh.Grpc;

/// <summary>Short-hands for services to fail with rich, typed error details.</summary>
public static class RpcExceptions
{
    /// <summary>INVALID_ARGUMENT with a google.rpc.BadRequest listing each invalid field.</summary>
    public static RpcException InvalidArgument(string message, params (string Field, string Description)[] violations)
    {
        var badRequest = new BadRequest();
        foreach (var (field, description) in violations)
        {
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });
        }

        return new Google.Rpc.Status { Code = (int)Code.InvalidArgument, Message = message }.AddDetail(badRequest).ToRpcException();
    }

    /// <summary>NOT_FOUND with a google.rpc.ResourceInfo naming what was missing.</summary>
    public static RpcException NotFound(string message, string resourceType, string resourceName) =>
        new Google.Rpc.Status { Code = (int)Code.NotFound, Message = message }
            .AddDetail(new ResourceInfo { ResourceType = resourceType, ResourceName = resourceName })
            .ToRpcException();

    /// <summary>Any code with a google.rpc.ErrorInfo (machine-readable reason + domain + metadata).</summary>
    public static RpcException WithErrorInfo(StatusCode code, string message, string reason, string domain, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var info = new ErrorInfo { Reason = reason, Domain = domain };
        if (metadata is not null)
        {
            foreach (var pair in metadata)
            {
                info.Metadata[pair.Key] = pair.Value;
            }
        }

        return new Google.Rpc.Status { Code = (int)code, Message = message }.AddDetail(info).ToRpcException();
    }
}
