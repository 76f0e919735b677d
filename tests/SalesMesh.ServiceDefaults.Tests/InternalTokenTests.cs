using System.Security.Cryptography;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.ServiceDefaults.Tests;

/// <summary>The gateway's signed statement of who is calling: accepted only when genuine and fresh.</summary>
public sealed class InternalTokenTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
    private static readonly Caller Rep = new("u-rep-1", "王磊", new HashSet<string> { CallerRoles.Rep }, "team-east");

    [Fact]
    public void A_token_issued_with_the_key_verifies_to_the_same_caller()
    {
        var token = InternalToken.Issue(Rep, Key, Now, TimeSpan.FromMinutes(2));

        var caller = InternalToken.Verify(token, Key, Now.AddMinutes(1), TimeSpan.Zero, out var failure);

        Assert.Null(failure);
        Assert.NotNull(caller);
        Assert.Equal(("u-rep-1", "王磊", "team-east"), (caller.UserId, caller.DisplayName, caller.TeamId));
        Assert.Equal([CallerRoles.Rep], caller.Roles);
        Assert.False(caller.IsSupervisor);
    }

    [Fact]
    public void A_token_signed_with_another_key_is_refused()
    {
        var forged = InternalToken.Issue(Rep with { Roles = new HashSet<string> { CallerRoles.Admin } },
            RandomNumberGenerator.GetBytes(32), Now, TimeSpan.FromMinutes(2));

        Assert.Null(InternalToken.Verify(forged, Key, Now, TimeSpan.Zero, out var failure));
        Assert.Equal("bad signature", failure);
    }

    [Fact]
    public void Changing_the_claims_of_a_genuine_token_breaks_its_signature()
    {
        var parts = InternalToken.Issue(Rep, Key, Now, TimeSpan.FromMinutes(2)).Split('.');
        var elevated = InternalToken.Issue(Rep with { Roles = new HashSet<string> { CallerRoles.Admin } }, Key, Now, TimeSpan.FromMinutes(2)).Split('.');

        var spliced = $"{parts[0]}.{elevated[1]}.{parts[2]}";

        Assert.Null(InternalToken.Verify(spliced, Key, Now, TimeSpan.Zero, out var failure));
        Assert.Equal("bad signature", failure);
    }

    [Fact]
    public void An_expired_token_is_refused_after_the_allowed_clock_skew()
    {
        var token = InternalToken.Issue(Rep, Key, Now, TimeSpan.FromMinutes(2));

        Assert.NotNull(InternalToken.Verify(token, Key, Now.AddMinutes(2).AddSeconds(20), TimeSpan.FromSeconds(30), out _));
        Assert.Null(InternalToken.Verify(token, Key, Now.AddMinutes(3), TimeSpan.FromSeconds(30), out var failure));
        Assert.Equal("expired", failure);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJub25lIn0.e30.")]
    public void Garbage_is_refused_as_malformed_or_unsupported(string token)
    {
        Assert.Null(InternalToken.Verify(token, Key, Now, TimeSpan.Zero, out var failure));
        Assert.NotNull(failure);
    }

    [Fact]
    public void Unknown_roles_in_a_genuine_token_are_dropped()
    {
        var token = InternalToken.Issue(Rep with { Roles = new HashSet<string> { CallerRoles.Rep, "root" } }, Key, Now, TimeSpan.FromMinutes(2));

        Assert.Equal([CallerRoles.Rep], InternalToken.Verify(token, Key, Now, TimeSpan.Zero, out _)!.Roles);
    }
}
