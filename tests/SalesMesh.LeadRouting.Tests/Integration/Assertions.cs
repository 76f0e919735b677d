using Grpc.Core;
using Google.Rpc;
using SalesMesh.Grpc;

namespace SalesMesh.LeadRouting.Tests.Integration;

internal static class Assertions
{
    public static async Task<RpcException> RefusedAsync(StatusCode code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, error.StatusCode);
        return error;
    }

    /// <summary>INVALID_ARGUMENT whose google.rpc.BadRequest names exactly <paramref name="fields"/> (each with a description).</summary>
    public static async Task<RpcException> InvalidArgumentAsync(Func<Task> call, params string[] fields)
    {
        var error = await RefusedAsync(StatusCode.InvalidArgument, call);
        var violations = error.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations
            ?? throw new Xunit.Sdk.XunitException("No google.rpc.BadRequest detail: " + error.Status.Detail);
        Assert.Equal(fields.Order(), violations.Select(v => v.Field).Distinct().Order());
        Assert.All(violations, v => Assert.False(string.IsNullOrWhiteSpace(v.Description)));
        return error;
    }
}
