using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SalesMesh.Gateway.Data;
using SalesMesh.Gateway.Tests.Support;

namespace SalesMesh.Gateway.Tests;

/// <summary>Sign-in, the token lifecycle, lockout, and the identity that reaches services.</summary>
[Collection(GatewayCollection.Name)]
public sealed class AuthTests(GatewayFixture fixture)
{
    private HttpClient Http => fixture.Gateway.Http;

    [Fact]
    public async Task Signing_in_gives_a_15_minute_token_that_identifies_the_user_to_the_gateway_and_the_services()
    {
        var user = await fixture.CreateUserAsync(["rep", "presales"], teamId: "team-east");
        using var client = await fixture.ClientForAsync(user);

        var tokens = await fixture.SignInAsync(user);
        Assert.Equal(900, tokens.GetProperty("expiresIn").GetInt32());
        Assert.Equal("Bearer", tokens.GetProperty("tokenType").GetString());

        using var me = JsonDocument.Parse(await client.GetStringAsync("/api/v1/me"));
        Assert.Equal(user.Id.ToString(), me.RootElement.GetProperty("id").GetString());
        Assert.Equal(["presales", "rep"], me.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Order());

        // The service sees the same person through the internal token the gateway minted for this call.
        using var who = JsonDocument.Parse(await client.GetStringAsync("/api/v1/probe/whoami"));
        Assert.True(who.RootElement.GetProperty("hadToken").GetBoolean());
        Assert.Equal(user.Id.ToString(), who.RootElement.GetProperty("userId").GetString());
        Assert.Equal(["presales", "rep"], who.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("team-east", who.RootElement.GetProperty("teamId").GetString());
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_are_the_same_401()
    {
        var user = await fixture.CreateUserAsync(["rep"]);
        using var wrong = await Http.PostAsJsonAsync("/api/v1/auth/sign-in", new { userName = user.UserName, password = "wrong-password" });
        using var unknown = await Http.PostAsJsonAsync("/api/v1/auth/sign-in", new { userName = "nobody-" + Guid.NewGuid().ToString("N")[..8], password = "wrong-password" });
        using var empty = await Http.PostAsJsonAsync("/api/v1/auth/sign-in", new { userName = "", password = "" });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(await wrong.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(["password", "userName"], JsonDocument.Parse(await empty.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
    }

    [Fact]
    public async Task Five_failures_lock_the_account_for_15_minutes_even_for_the_right_password()
    {
        var user = await fixture.CreateUserAsync(["rep"]);
        for (var i = 0; i < 4; i++)
        {
            using var failure = await Http.PostAsJsonAsync("/api/v1/auth/sign-in", new { userName = user.UserName, password = "guess-" + i });
            Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
        }
        using var fifth = await Http.PostAsJsonAsync("/api/v1/auth/sign-in", new { userName = user.UserName, password = "guess-5" });
        using var right = await Http.PostAsJsonAsync("/api/v1/auth/sign-in", new { userName = user.UserName, password = user.Password });

        Assert.Equal(HttpStatusCode.Locked, fifth.StatusCode);
        Assert.Equal(HttpStatusCode.Locked, right.StatusCode);
        Assert.Equal("application/problem+json", right.Content.Headers.ContentType?.MediaType);
        var retryAfter = right.Headers.RetryAfter?.Delta ?? TimeSpan.Zero;
        Assert.InRange(retryAfter.TotalMinutes, 14, 15.1);
        await using var scope = fixture.Gateway.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<GatewayDbContext>().Users.SingleAsync(u => u.Id == user.Id);
        Assert.InRange((stored.LockedUntil!.Value - DateTimeOffset.UtcNow).TotalMinutes, 14, 15.1);
    }

    [Fact]
    public async Task Refresh_rotates_and_reusing_an_old_refresh_token_revokes_the_whole_session()
    {
        var user = await fixture.CreateUserAsync(["supervisor"]);
        var first = (await fixture.SignInAsync(user)).GetProperty("refreshToken").GetString()!;

        using var rotated = await Http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = first });
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var second = JsonDocument.Parse(await rotated.Content.ReadAsStringAsync()).RootElement.GetProperty("refreshToken").GetString()!;
        Assert.NotEqual(first, second);

        using var reuse = await Http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = first }); // stolen copy replayed
        using var afterReuse = await Http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = second });

        Assert.Equal(HttpStatusCode.Unauthorized, reuse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterReuse.StatusCode); // the family is revoked, the thief's copy too

        await using var scope = fixture.Gateway.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<GatewayDbContext>().RefreshTokens.Where(t => t.UserId == user.Id).ToListAsync();
        Assert.Equal(2, stored.Count);
        Assert.All(stored, t => Assert.NotNull(t.RevokedAt));
        Assert.DoesNotContain(stored, t => t.TokenHash == first || t.TokenHash == second); // only hashes are stored
    }

    [Fact]
    public async Task Sign_out_ends_the_refresh_token()
    {
        var user = await fixture.CreateUserAsync(["rep"]);
        var refresh = (await fixture.SignInAsync(user)).GetProperty("refreshToken").GetString()!;

        using var signOut = await Http.PostAsJsonAsync("/api/v1/auth/sign-out", new { refreshToken = refresh });
        using var refreshAfter = await Http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = refresh });

        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refreshAfter.StatusCode);
    }

    public static TheoryData<string> BadTokens => new()
    {
        "expired",
        "forged",
        "wrong-audience",
        "garbage",
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_access_token_is_a_401_and_reaches_no_service(string kind)
    {
        var user = await fixture.CreateUserAsync(["admin"]);
        var key = Convert.FromBase64String(GatewayFixture.AccessTokenKey);
        var token = kind switch
        {
            "expired" => Token(user, key, "salesmesh-clients", DateTime.UtcNow.AddMinutes(-20), DateTime.UtcNow.AddMinutes(-5)),
            "forged" => Token(user, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), "salesmesh-clients", DateTime.UtcNow, DateTime.UtcNow.AddMinutes(15)),
            "wrong-audience" => Token(user, key, "someone-else", DateTime.UtcNow, DateTime.UtcNow.AddMinutes(15)),
            _ => "not-a-jwt",
        };

        foreach (var path in new[] { "/api/v1/me", "/api/v1/probe/whoami" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_well_signed_token_with_the_right_key_works_so_the_bad_token_test_can_fail()
    {
        var user = await fixture.CreateUserAsync(["admin"]);
        var token = Token(user, Convert.FromBase64String(GatewayFixture.AccessTokenKey), "salesmesh-clients", DateTime.UtcNow, DateTime.UtcNow.AddMinutes(15));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Me_without_a_token_is_401()
    {
        using var response = await Http.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static string Token(TestUser user, byte[] key, string audience, DateTime notBefore, DateTime expires) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "salesmesh-gateway",
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", user.Id.ToString()), new Claim("role", "admin"), new Claim("name", "x")]),
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
}
