using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace SalesMesh.ServiceDefaults.Admission;

public static class CallAdmissionExtensions
{
    /// <summary>
    /// Puts <see cref="CallAdmissionInterceptor"/> in front of every gRPC service of this process,
    /// with limits from <see cref="CallAdmissionOptions.Section"/>.
    /// </summary>
    public static IHostApplicationBuilder AddCallAdmission(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<CallAdmissionOptions>(builder.Configuration.GetSection(CallAdmissionOptions.Section));
        builder.Services.TryAddSingleton<CallAdmission>();
        builder.Services.Configure<GrpcServiceOptions>(grpc => grpc.Interceptors.Add<CallAdmissionInterceptor>());
        return builder;
    }
}
