using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SalesMesh.Activities.Data;
using SalesMesh.Gateway.Tests.Support;

namespace SalesMesh.Gateway.Tests;

/// <summary>
/// Roles × own/other's object through the gateway, decided by the real Activities service from the
/// internal token the gateway mints: a customer's owner, a supervisor of its team and an admin see
/// it; any other rep or role gets 404 and learns nothing; nobody signed in gets 401.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class AuthorizationMatrixTests(GatewayFixture fixture)
{
    public static TheoryData<string, string> CustomerRoutes => new()
    {
        { "GET", "/api/v1/activities/customers/{id}/documents" },
        { "GET", "/api/v1/activities/customers/{id}/status-card" },
    };

    [Theory]
    [MemberData(nameof(CustomerRoutes))]
    public async Task Customer_routes_answer_by_role_and_ownership(string verb, string route)
    {
        var owner = await fixture.CreateUserAsync(["rep"], teamId: "team-a");
        var otherRep = await fixture.CreateUserAsync(["rep"], teamId: "team-a");
        var teamSupervisor = await fixture.CreateUserAsync(["supervisor"], teamId: "team-a");
        var otherSupervisor = await fixture.CreateUserAsync(["supervisor"], teamId: "team-b");
        var admin = await fixture.CreateUserAsync(["admin"]);
        var finance = await fixture.CreateUserAsync(["finance"], teamId: "team-a");
        var presales = await fixture.CreateUserAsync(["presales"], teamId: "team-a");
        var customerId = await CreateCustomerAsync(owner, "team-a");
        var path = route.Replace("{id}", customerId.ToString());

        var expected = new (TestUser? User, string Who, HttpStatusCode Status)[]
        {
            (owner, "owner", HttpStatusCode.OK),
            (teamSupervisor, "supervisor of the team", HttpStatusCode.OK),
            (admin, "admin", HttpStatusCode.OK),
            (otherRep, "another rep of the same team", HttpStatusCode.NotFound),
            (otherSupervisor, "supervisor of another team", HttpStatusCode.NotFound),
            (finance, "finance", HttpStatusCode.NotFound),
            (presales, "presales", HttpStatusCode.NotFound),
            (null, "anonymous", HttpStatusCode.Unauthorized),
        };
        foreach (var (user, who, status) in expected)
        {
            using var client = user is null ? new HttpClient { BaseAddress = new Uri(fixture.Gateway.HttpUrl) } : await fixture.ClientForAsync(user);
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(verb), path));
            Assert.True(status == response.StatusCode, $"{who}: expected {(int)status}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        // Guessing ids gets the same answer as someone else's customer: nothing to learn.
        using var guesser = await fixture.ClientForAsync(otherRep);
        using var unknown = await guesser.GetAsync(route.Replace("{id}", Guid.NewGuid().ToString()));
        using var others = await guesser.GetAsync(path);
        Assert.Equal(unknown.StatusCode, others.StatusCode);
    }

    private async Task<Guid> CreateCustomerAsync(TestUser owner, string teamId)
    {
        await using var scope = fixture.Activities.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ActivitiesDbContext>();
        var customer = new CustomerRecord
        {
            Id = Guid.NewGuid(),
            OwnerUserId = owner.Id.ToString(),
            TeamId = teamId,
            Name = "杭州某某医疗器械有限公司",
            ContactName = "王磊",
            ContactPhone = "13800138000",
            CreatedAt = DateTimeOffset.UtcNow,
            CreatedBy = owner.Id.ToString(),
            Version = 1,
        };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        return customer.Id;
    }
}
