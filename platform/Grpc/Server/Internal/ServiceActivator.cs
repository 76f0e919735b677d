using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Grpc.AspNetCore.Server.Internal;

/// <summary>Gets the service per call from the request scope, or constructs it (and later disposes it) when not registered.</summary>
internal sealed class ServiceActivator<TService> where TService : class
{
    private readonly Lazy<ObjectFactory> _factory = new(() => ActivatorUtilities.CreateFactory(typeof(TService), Type.EmptyTypes));

    // Decided once at map time. An unregistered service whose constructors take nothing needs no
    // provider at all, so the call does not create a DI scope (HttpContext.RequestServices) for it.
    private readonly bool _knownUnregistered;
    private readonly bool _needsNoServices;
    private readonly bool _disposable;

    public ServiceActivator(IServiceProvider? rootServices = null)
    {
        _knownUnregistered = rootServices?.GetService<IServiceProviderIsService>() is { } isService && !isService.IsService(typeof(TService));
        _needsNoServices = typeof(TService).GetConstructors().All(c => c.GetParameters().Length == 0);
        _disposable = typeof(IDisposable).IsAssignableFrom(typeof(TService)) || typeof(IAsyncDisposable).IsAssignableFrom(typeof(TService));
    }

    /// <summary>
    /// <paramref name="created"/> is true when the caller must <see cref="ReleaseAsync"/> the service:
    /// we constructed it and it is disposable.
    /// </summary>
    public TService Create(HttpContext httpContext, out bool created)
    {
        if (_knownUnregistered && _needsNoServices)
        {
            created = _disposable;
            return (TService)_factory.Value(EmptyServices.Instance, null);
        }

        var services = httpContext.RequestServices;
        if (!_knownUnregistered && services.GetService(typeof(TService)) is TService registered)
        {
            created = false;
            return registered;
        }

        created = _disposable;
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

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
