using SalesMesh.Testing;

namespace SalesMesh.Activities.Tests.FollowUp.Support;

/// <summary>One Activities host with a manual clock for all follow-up tests (they run one after another and each uses fresh people and customers).</summary>
public sealed class FollowUpFixture : InfrastructureFixture
{
    public FollowUpHost Host { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Host = await FollowUpHost.StartAsync(this);
    }

    public override async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class FollowUpCollection : ICollectionFixture<FollowUpFixture>
{
    public const string Name = "activities-follow-up";
}
