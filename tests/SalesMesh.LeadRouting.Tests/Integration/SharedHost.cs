namespace SalesMesh.LeadRouting.Tests.Integration;

/// <summary>
/// The host most integration tests share (one service, one database). Tests stay independent by
/// using their own phones, teams and product lines (<see cref="TestTeam"/>); tests that change
/// global state (policy, tampering with history) have hosts of their own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedHostCollection : ICollectionFixture<LeadRoutingHost>
{
    public const string Name = "lead-routing shared host";
}
