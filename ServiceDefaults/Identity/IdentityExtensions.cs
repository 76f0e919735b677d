using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SalesMesh.ServiceDefaults.Identity;

namespace Microsoft.Extensions.Hosting;

public static class IdentityExtensions
{
    /// <summary>
    /// Registers <see cref="InternalTokenService"/> bound to <c>SalesMesh:InternalToken</c>, so gRPC
    /// methods can call <c>context.RequireCaller()</c> and the gateway can sign tokens.
    /// </summary>
    public static TBuilder AddInternalIdentity<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<InternalTokenOptions>().BindConfiguration(InternalTokenOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<InternalTokenService>();
        return builder;
    }
}
