using SalesMesh.Testing;

namespace SalesMesh.Activities.Tests.Service.Support;

/// <summary>One Activities host for every service test class of the collection (startup is the expensive part).</summary>
public sealed class ActivitiesFixture : InfrastructureFixture
{
    public ActivitiesHost Host { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Host = await ActivitiesHost.StartAsync(this);
    }

    public override async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>The service test classes share one host; tests isolate themselves by using fresh reps and customers.</summary>
[CollectionDefinition(Name)]
public sealed class ActivitiesCollection : ICollectionFixture<ActivitiesFixture>
{
    public const string Name = "activities-service";
}
