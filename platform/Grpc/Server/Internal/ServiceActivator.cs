using Microsoft.Extensions.DependencyInjection;

namespace Grpc.AspNetCore.Server.Internal;

/// <summary>Gets the service per call from the request scope, or constructs it (and later disposes it) when not registered.</summary>
internal sealed class ServiceActivator<TService> where TService : class
{
    private readonly Lazy<ObjectFactory> _factory = new(() => ActivatorUtilities.CreateFactory(typeof(TService), Type.EmptyTypes));

    public TService Create(IServiceProvider services, out bool created)
    {
        if (services.GetService(typeof(TService)) is TService registered)
        {
            created = false;
            return registered;
        }

        created = true;
        return (TService)_factory.Value(services, null);
    }

    public ValueTask ReleaseAsync(TService service)
    {
        if (service is IAsyncDisposable asyncDisposable)
        {
            return asyncDisposable.DisposeAsync();
        }

        (service as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }
}
