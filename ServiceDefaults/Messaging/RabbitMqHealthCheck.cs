using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace SalesMesh.ServiceDefaults.Messaging;

/// <summary>
/// Opens (and closes) an AMQP connection to the broker and virtual host. MassTransit's own bus
/// check stays green for a publish-only service while the broker is down (no receive endpoint
/// notices), so readiness asks the broker directly.
/// </summary>
internal sealed class RabbitMqHealthCheck(AmqpConnection amqp) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var factory = new ConnectionFactory
        {
            HostName = amqp.Host,
            Port = amqp.Port,
            VirtualHost = amqp.VirtualHost,
            UserName = amqp.UserName,
            Password = amqp.Password,
            AutomaticRecoveryEnabled = false,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(3),
            ClientProvidedName = "salesmesh-health",
        };
        if (amqp.UseTls)
        {
            factory.Ssl.Enabled = true;
            factory.Ssl.ServerName = amqp.Host;
        }
        try
        {
            await using var connection = await factory.CreateConnectionAsync(cancellationToken);
            await connection.CloseAsync(cancellationToken);
            return HealthCheckResult.Healthy($"RabbitMQ reachable (vhost '{amqp.VirtualHost}').");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"RabbitMQ unreachable at {amqp.Host}:{amqp.Port} vhost '{amqp.VirtualHost}': {ex.Message}", ex);
        }
    }
}
