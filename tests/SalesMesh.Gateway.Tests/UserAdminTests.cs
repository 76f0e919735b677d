using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using SalesMesh.Gateway.Tests.Support;

namespace SalesMesh.Gateway.Tests;

/// <summary>The seeded administrator and the user administration endpoints.</summary>
[Collection(GatewayCollection.Name)]
public sealed partial class UserAdminTests(GatewayFixture fixture)
{
    [Fact]
    public async Task The_first_start_seeds_an_admin_whose_password_is_logged_once_and_works()
    {
        var line = Assert.Single(fixture.Gateway.Logs.Lines, l => l.Contains("Seeded the administrator", StringComparison.Ordinal));
        var password = PasswordInLog().Match(line).Groups[1].Value;
        Assert.Equal(20, password.Length);

        var tokens = await fixture.SignInAsync(new TestUser(Guid.Empty, "admin", password));
        Assert.Equal(["admin"], tokens.GetProperty("user").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        // A restart (or a second replica) on the same store logs no password again.
        await using var second = await fixture.StartGatewayAsync(new Dictionary<string, string>());
        Assert.DoesNotContain(second.Logs.Lines, l => l.Contains("Seeded the administrator", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_admin_creates_a_user_who_can_then_sign_in_with_the_given_roles_team_and_supervisor()
    {
        using var admin = await fixture.ClientForAsync(await fixture.CreateUserAsync(["admin"]));
        var supervisor = await fixture.CreateUserAsync(["supervisor"], teamId: "t-1");
        var userName = "rep." + Guid.NewGuid().ToString("N")[..8];

        using var created = await admin.PostAsJsonAsync("/api/v1/admin/users", new
        {
            userName, displayName = "王磊", roles = new[] { "rep" }, teamId = "t-1", supervisorId = supervisor.Id,
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var initial = body.RootElement.GetProperty("initialPassword").GetString()!;
        var tokens = await fixture.SignInAsync(new TestUser(Guid.Empty, userName, initial));
        var user = tokens.GetProperty("user");
        Assert.Equal(["rep"], user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("t-1", user.GetProperty("teamId").GetString());
        Assert.Equal(supervisor.Id.ToString(), user.GetProperty("supervisorId").GetString());

        using var duplicate = await admin.PostAsJsonAsync("/api/v1/admin/users", new { userName, displayName = "x", roles = new[] { "rep" } });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
    }

    [Fact]
    public async Task Bad_user_input_lists_every_bad_field_and_creates_nothing()
    {
        using var admin = await fixture.ClientForAsync(await fixture.CreateUserAsync(["admin"]));
        var rep = await fixture.CreateUserAsync(["rep"]);

        using var response = await admin.PostAsJsonAsync("/api/v1/admin/users", new
        {
            userName = "A B", displayName = "", password = "short", roles = new[] { "king" }, supervisorId = rep.Id,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["displayName", "password", "roles", "supervisorId", "userName"],
            problem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        var list = await admin.GetStringAsync("/api/v1/admin/users");
        Assert.DoesNotContain("\"a b\"", list, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rep")]
    [InlineData("supervisor")]
    [InlineData("finance")]
    public async Task Only_admins_may_administer_users(string role)
    {
        using var client = await fixture.ClientForAsync(await fixture.CreateUserAsync([role]));
        using var list = await client.GetAsync("/api/v1/admin/users");
        using var create = await client.PostAsJsonAsync("/api/v1/admin/users", new { userName = "sneaky" + role, displayName = "x", roles = new[] { "admin" } });
        using var anonymous = await fixture.Gateway.Http.GetAsync("/api/v1/admin/users");

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_password_reset_unlocks_and_ends_old_sessions()
    {
        using var admin = await fixture.ClientForAsync(await fixture.CreateUserAsync(["admin"]));
        var user = await fixture.CreateUserAsync(["rep"]);
        var refresh = (await fixture.SignInAsync(user)).GetProperty("refreshToken").GetString();

        using var reset = await admin.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/password", new { password = "a-new-long-password" });
        using var oldSession = await fixture.Gateway.Http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = refresh });

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldSession.StatusCode);
        await fixture.SignInAsync(user with { Password = "a-new-long-password" });
    }

    [GeneratedRegex("password (\\S+)")]
    private static partial Regex PasswordInLog();
}
