using System.Reflection;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using ProtoServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Grpc.AspNetCore.Server.Reflection;

/// <summary>
/// Builds the <see cref="ReflectionIndex"/> on first use — after the app is built, so every
/// MapGrpcService call has happened — from the endpoints' <see cref="GrpcMethodMetadata"/> plus
/// <see cref="GrpcReflectionOptions.Services"/>.
/// </summary>
internal sealed class ReflectionServiceSource(EndpointDataSource endpoints, IOptions<GrpcReflectionOptions> options)
{
    private readonly Lazy<ReflectionIndex> _index = new(() => Build(endpoints, options.Value));

    public ReflectionIndex Index => _index.Value;

    private static ReflectionIndex Build(EndpointDataSource endpoints, GrpcReflectionOptions options)
    {
        var serviceTypes = endpoints.Endpoints
            .Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()?.ServiceType)
            .OfType<Type>()
            .Distinct();
        var descriptors = serviceTypes.Select(FindDescriptor).OfType<ProtoServiceDescriptor>();
        return new ReflectionIndex(descriptors.Concat(options.Services));
    }

    /// <summary>
    /// A generated service base class carries [BindServiceMethod(typeof(Greeter), ...)]; the
    /// generated static class Greeter has a static Descriptor property. Hand-written services
    /// without that attribute are not described (add them via options).
    /// </summary>
    private static ProtoServiceDescriptor? FindDescriptor(Type serviceType)
    {
        for (var type = serviceType; type is not null; type = type.BaseType)
        {
            var bind = type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false);
            if (bind is null)
            {
                continue;
            }

            var property = bind.BindType.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static);
            return property?.GetValue(null) as ProtoServiceDescriptor;
        }

        return null;
    }
}
