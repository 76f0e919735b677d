using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SalesMesh.ServiceDefaults.Telemetry;

/// <summary>
/// ASP.NET Core's request activity carries few tags without the instrumentation package (not in
/// the feed). This middleware, first in the pipeline, names the span "GET /route" and adds the
/// HTTP semantic-convention tags, and drops health-probe spans, which would otherwise drown the traces.
/// </summary>
internal sealed class RequestSpanEnricher : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var activity = Activity.Current;
            if (activity is null || activity.OperationName != "Microsoft.AspNetCore.Hosting.HttpRequestIn")
            {
                await nextMiddleware(context);
                return;
            }

            var path = context.Request.Path;
            if (path.StartsWithSegments(Microsoft.Extensions.Hosting.ServiceDefaultsExtensions.HealthPath)
                || path.StartsWithSegments(Microsoft.Extensions.Hosting.ServiceDefaultsExtensions.AlivePath))
            {
                activity.IsAllDataRequested = false;
                activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            }

            activity.SetTag("http.request.method", context.Request.Method);
            activity.SetTag("url.path", path.Value);
            activity.SetTag("url.scheme", context.Request.Scheme);
            activity.SetTag("network.protocol.version", context.Request.Protocol);
            try
            {
                await nextMiddleware(context);
            }
            finally
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
                if (route is not null)
                    activity.SetTag("http.route", route);
                activity.DisplayName = route is null ? context.Request.Method : $"{context.Request.Method} {route}";
                activity.SetTag("http.response.status_code", context.Response.StatusCode);
                if (context.Response.StatusCode >= 500)
                    activity.SetStatus(ActivityStatusCode.Error);
            }
        });
        next(app);
    };
}
