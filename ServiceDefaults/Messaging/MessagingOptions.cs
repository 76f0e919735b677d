using System.Reflection;
using System.Text.RegularExpressions;
using MassTransit;

namespace SalesMesh.ServiceDefaults.Messaging;

/// <summary>What <c>AddMessaging</c> configures: consumers and their queues, retries, outbox delivery.</summary>
public sealed partial class MessagingOptions
{
    internal List<(Type Consumer, string Queue)> Consumers { get; } = [];
    internal List<Assembly> ContractAssemblies { get; } = [];
    internal List<Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>> BusConfigurators { get; } = [];

    /// <summary>Consumer retries before the message goes to <c>{queue}_error</c> (in-process, exponential).</summary>
    public int RetryLimit { get; set; } = 5;
    public TimeSpan RetryMinInterval { get; set; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan RetryMaxInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the delivery worker looks for rows when not nudged (rows of crashed or other replicas).</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Rows claimed per transaction.</summary>
    public int OutboxBatchSize { get; set; } = 50;

    /// <summary>How long one publish may wait for the broker's confirm before it counts as failed.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long sent outbox rows are kept before the worker deletes them.</summary>
    public TimeSpan OutboxSentRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the worker deletes sent rows older than <see cref="OutboxSentRetention"/>.</summary>
    public TimeSpan OutboxCleanupInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest pause between delivery attempts while the broker is down.</summary>
    public TimeSpan OutboxMaxBackoff { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Subscribes <typeparamref name="TConsumer"/> on its own durable quorum queue
    /// <paramref name="queueName"/>, named <c>{service}.{what-it-consumes}</c> in kebab-case,
    /// e.g. <c>insights.lead-received</c>. The name is the subscription's identity: renaming it
    /// abandons the old queue.
    /// </summary>
    public MessagingOptions AddConsumer<TConsumer>(string queueName) where TConsumer : class, IConsumer
    {
        if (!QueueName().IsMatch(queueName))
            throw new ArgumentException($"Queue name '{queueName}' must be '<service>.<name>' in lower kebab-case, e.g. 'insights.lead-received'.", nameof(queueName));
        if (Consumers.Any(c => c.Queue == queueName))
            throw new ArgumentException($"Queue '{queueName}' is already used by another consumer.", nameof(queueName));
        Consumers.Add((typeof(TConsumer), queueName));
        ContractAssemblies.Add(typeof(TConsumer).Assembly);
        return this;
    }

    /// <summary>Lets the outbox resolve stored event names to types defined in <typeparamref name="TAnyContract"/>'s assembly.</summary>
    public MessagingOptions AddEventContractsFrom<TAnyContract>()
    {
        ContractAssemblies.Add(typeof(TAnyContract).Assembly);
        return this;
    }

    /// <summary>Escape hatch for bus settings not covered here.</summary>
    public MessagingOptions ConfigureBus(Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator> configure)
    {
        BusConfigurators.Add(configure);
        return this;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*(\\.[a-z0-9]+(-[a-z0-9]+)*)+$")]
    private static partial Regex QueueName();
}
