using Grpc.AspNetCore.Server.Internal;
using Microsoft.AspNetCore.Http;

namespace Grpc.Core;

public static class ServerCallContextExtensions
{
    /// <summary>The ASP.NET Core request behind a server call (user, connection, features).</summary>
    public static HttpContext GetHttpContext(this ServerCallContext serverCallContext)
    {
        ArgumentNullException.ThrowIfNull(serverCallContext);
        return serverCallContext is HttpServerCallContext http
            ? http.HttpContext
            : throw new InvalidOperationException("此 ServerCallContext 不来自 ASP.NET Core / This ServerCallContext is not backed by ASP.NET Core.");
    }
}
