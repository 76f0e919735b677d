using Grpc.Core;
using Grpc.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Grpc.AspNetCore.Server.Internal;

/// <summary>Names of mapped services, to tell "unknown service" from "unknown method".</summary>
internal sealed class GrpcServiceRegistry
{
    private readonly HashSet<string> _services = new(StringComparer.Ordinal);
    private readonly HashSet<IEndpointRouteBuilder> _mappedFallbacks = [];

    public void AddService(string serviceName)
    {
        lock (_services)
        {
            _services.Add(serviceName);
        }
    }

    public bool IsKnown(string serviceName)
    {
        lock (_services)
        {
            return _services.Contains(serviceName);
        }
    }

    public bool MarkFallbackMapped(IEndpointRouteBuilder builder)
    {
        lock (_mappedFallbacks)
        {
            return _mappedFallbacks.Add(builder);
        }
    }
}

/// <summary>Marks the catch-all endpoint so it only ever matches gRPC requests.</summary>
internal sealed class UnimplementedEndpointMetadata;

/// <summary>Answers unknown services and methods with UNIMPLEMENTED (trailers-only), as the spec requires.</summary>
internal static class UnimplementedEndpoints
{
    public static void MapOnce(IEndpointRouteBuilder builder, GrpcServiceRegistry registry)
    {
        if (!registry.MarkFallbackMapped(builder))
        {
            return;
        }

        builder.Map(RoutePatternFactory.Parse("{unimplementedService}/{unimplementedMethod}"), context => Handle(context, registry))
            .WithMetadata(new HttpMethodMetadata(["POST"]), new UnimplementedEndpointMetadata())
            .WithDisplayName("gRPC - Unimplemented service or method")
            .Add(b => ((RouteEndpointBuilder)b).Order = int.MaxValue);
    }

    private static Task Handle(HttpContext context, GrpcServiceRegistry registry)
    {
        if (ServerTransport.RejectInvalidRequest(context))
        {
            return Task.CompletedTask;
        }

        var service = context.Request.RouteValues["unimplementedService"] as string ?? string.Empty;
        var message = registry.IsKnown(service)
            ? "方法未实现 / Method is unimplemented."
            : "服务未实现 / Service is unimplemented.";
        var response = context.Response;
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.StatusHeader] = GrpcProtocol.StatusCodeText(StatusCode.Unimplemented);
        response.Headers[GrpcProtocol.MessageHeader] = PercentEncoding.Encode(message);
        return Task.CompletedTask;
    }
}

/// <summary>Keeps the catch-all from shadowing other apps' routes: it is a candidate only for gRPC content types.</summary>
internal sealed class UnimplementedMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints)
    {
        foreach (var endpoint in endpoints)
        {
            if (endpoint.Metadata.GetMetadata<UnimplementedEndpointMetadata>() is not null)
            {
                return true;
            }
        }

        return false;
    }

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var isGrpc = GrpcProtocol.IsGrpcContentType(httpContext.Request.ContentType);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (!isGrpc && candidates[i].Endpoint.Metadata.GetMetadata<UnimplementedEndpointMetadata>() is not null)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }
}
