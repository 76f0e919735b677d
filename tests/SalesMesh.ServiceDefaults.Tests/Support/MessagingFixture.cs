using SalesMesh.Testing;

namespace SalesMesh.ServiceDefaults.Tests.Support;

/// <summary>
/// The shared servers plus one RabbitMQ virtual host per test class: creating a vhost costs
/// seconds (rabbitmqctl), and tests in one class run one after another anyway.
/// </summary>
public sealed class MessagingFixture : InfrastructureFixture
{
    public string Messaging { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Messaging = await CreateVirtualHostAsync("sd_messaging");
    }
}
