using System.Diagnostics;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using SalesMesh.Grpc;

namespace Grpc.AspNetCore.Server.Internal;

internal static class ServerTelemetry
{
    /// <summary>
    /// Starts the server span. ASP.NET Core's hosting activity (when present) was already parented on the
    /// incoming traceparent, so we nest under it; only without it do we read traceparent ourselves — one
    /// parent either way, never two contradicting ones.
    /// </summary>
    public static Activity? StartActivity(HttpContext httpContext, IMethod method)
    {
        if (!GrpcDiagnostics.ActivitySource.HasListeners())
        {
            return null;
        }

        Activity? activity;
        if (Activity.Current is not null)
        {
            activity = GrpcDiagnostics.ActivitySource.StartActivity(method.FullName.TrimStart('/'), ActivityKind.Server);
        }
        else
        {
            var headers = httpContext.Request.Headers;
            ActivityContext.TryParse(headers.TraceParent.ToString(), headers.TraceState.ToString(), isRemote: true, out var parent);
            activity = GrpcDiagnostics.ActivitySource.StartActivity(method.FullName.TrimStart('/'), ActivityKind.Server, parent);
        }

        if (activity is not null)
        {
            GrpcDiagnostics.SetCallTags(activity, method);
        }

        return activity;
    }
}
