using SalesMesh.Testing;

namespace SalesMesh.LeadRouting.Tests.Operations.Support;

/// <summary>One database, vhost and signing key per test class; tests start their own host(s) on them.</summary>
public class OpsFixture : InfrastructureFixture
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero); // Friday 10:00 in Shanghai

    public string Database { get; private set; } = "";
    public string Messaging { get; private set; } = "";
    public string SigningKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Database = await CreateDatabaseAsync("lr_ops");
        Messaging = await CreateVirtualHostAsync("lr_ops");
    }

    public Task<OpsHost> StartHostAsync(OpsClock clock) => OpsHost.StartAsync(Database, Messaging, RedisConnectionString, SigningKey, clock);
}

/// <summary>A fixture that also runs one host for the whole class (most tests need exactly one).</summary>
public sealed class OpsHostFixture : OpsFixture
{
    public OpsClock Clock { get; } = new(Start);
    public OpsHost Host { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Host = await StartHostAsync(Clock);
    }

    public override async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await base.DisposeAsync();
    }
}
