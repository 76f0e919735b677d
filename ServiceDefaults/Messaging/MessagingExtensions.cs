using Microsoft.Extensions.Configuration;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SalesMesh.ServiceDefaults.Health;
using SalesMesh.ServiceDefaults.Messaging;

namespace Microsoft.Extensions.Hosting;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit on RabbitMQ from <c>ConnectionStrings:{connectionName}</c>
    /// (<c>amqp://user:pass@host:port/vhost</c>), with the transactional outbox of
    /// <typeparamref name="TDbContext"/> delivered by a background worker and the consumers given
    /// in <paramref name="configure"/> on durable quorum queues with exponential retries.
    /// Call <c>AddNpgsqlDbContext&lt;TDbContext&gt;</c> first; the context must call
    /// <c>modelBuilder.AddMessagingEntities()</c> and its first migration <c>CreateMessagingTables()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging<TDbContext>(this IHostApplicationBuilder builder,
        Action<MessagingOptions>? configure = null, string connectionName = "messaging")
        where TDbContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                $"ConnectionStrings:{connectionName} is not set. The AppHost injects it as ConnectionStrings__{connectionName} (amqp://user:pass@host:port/vhost).");
        var amqp = AmqpConnection.Parse(connectionName, connectionString);

        var messaging = new MessagingOptions();
        configure?.Invoke(messaging);
        messaging.ContractAssemblies.Add(typeof(TDbContext).Assembly);
        if (System.Reflection.Assembly.GetEntryAssembly() is { } entry)
            messaging.ContractAssemblies.Add(entry);

        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(messaging));
        builder.Services.AddSingleton(new EventContracts(messaging.ContractAssemblies));
        builder.Services.TryAddSingleton<OutboxSignal>();
        builder.Services.TryAddSingleton<SalesMesh.ServiceDefaults.Data.MigrationStatus<TDbContext>>();

        builder.Services.AddMassTransit(bus =>
        {
            foreach (var (consumer, _) in messaging.Consumers)
                bus.AddConsumer(consumer);

            // MassTransit reports usage to its vendor by default: nobody agreed to that, and offline
            // installations only log a failed lookup for it.
            bus.DisableUsageTelemetry();

            bus.ConfigureHealthCheckOptions(health =>
            {
                // Reports faulted receive endpoints; broker reachability is the check below.
                health.Name = connectionName + "-bus";
                health.Tags.Clear();
                health.Tags.Add(HealthTags.Ready);
                health.MinimalFailureStatus = HealthStatus.Unhealthy;
            });

            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(amqp.Host, amqp.Port, amqp.VirtualHost, host =>
                {
                    host.Username(amqp.UserName);
                    host.Password(amqp.Password);
                    // Publish returns only after the broker took responsibility for the message:
                    // the outbox marks a row sent on that, never earlier.
                    host.PublisherConfirmation = true;
                    if (amqp.UseTls)
                        host.UseSsl(ssl => ssl.ServerName = amqp.Host);
                });

                foreach (var (consumer, queue) in messaging.Consumers)
                {
                    rabbit.ReceiveEndpoint(queue, endpoint =>
                    {
                        // Quorum queues are replicated and durable; on a single node they behave
                        // like durable classic queues, and a clustered RabbitMQ needs no change.
                        endpoint.SetQuorumQueue();
                        endpoint.UseMessageRetry(retry => retry.Exponential(
                            messaging.RetryLimit, messaging.RetryMinInterval, messaging.RetryMaxInterval,
                            TimeSpan.FromTicks(Math.Max(1, messaging.RetryMinInterval.Ticks))));
                        endpoint.ConfigureConsumer(context, consumer);
                    });
                }

                foreach (var configureBus in messaging.BusConfigurators)
                    configureBus(context, rabbit);
            });
        });
        builder.Services.Configure<MassTransitHostOptions>(host =>
        {
            // Do not block startup on the broker: the outbox keeps events safe meanwhile.
            host.WaitUntilStarted = false;
            host.StopTimeout = TimeSpan.FromSeconds(10);
        });

        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            connectionName,
            _ => new RabbitMqHealthCheck(amqp),
            failureStatus: null,
            tags: [HealthTags.Ready],
            timeout: TimeSpan.FromSeconds(5)));
        builder.Services.AddHostedService<OutboxDeliveryWorker<TDbContext>>();
        return builder;
    }
}
