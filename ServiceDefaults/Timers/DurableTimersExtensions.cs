using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SalesMesh.ServiceDefaults.Data;
using SalesMesh.ServiceDefaults.Timers;

namespace Microsoft.Extensions.Hosting;

public static class DurableTimersExtensions
{
    /// <summary>
    /// Durable timers stored in <typeparamref name="TDbContext"/>'s database, fired by a hosted
    /// worker exactly once across replicas, with the handlers given in <paramref name="configure"/>.
    /// Call <c>AddNpgsqlDbContext&lt;TDbContext&gt;</c> first; the context must call
    /// <c>modelBuilder.AddDurableTimerEntities()</c> and a migration <c>CreateDurableTimerTables()</c>.
    /// Time comes from the DI <see cref="TimeProvider"/> (<see cref="TimeProvider.System"/> unless registered).
    /// </summary>
    public static IHostApplicationBuilder AddDurableTimers<TDbContext>(this IHostApplicationBuilder builder, Action<DurableTimerOptions> configure)
        where TDbContext : DbContext
    {
        var probe = new DurableTimerOptions();
        configure(probe);
        foreach (var handler in probe.Handlers.Values.Distinct())
            builder.Services.TryAddScoped(handler);

        builder.Services.AddOptions<DurableTimerOptions>(typeof(TDbContext).FullName).Configure(configure);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<DurableTimerSignal>();
        builder.Services.TryAddSingleton<MigrationStatus<TDbContext>>();
        builder.Services.TryAddSingleton<DurableTimerSaveInterceptor>();
        builder.Services.ConfigureDbContext<TDbContext>((services, options) =>
            options.AddInterceptors(services.GetRequiredService<DurableTimerSaveInterceptor>()));
        builder.Services.AddHostedService<DurableTimerWorker<TDbContext>>();
        return builder;
    }
}
