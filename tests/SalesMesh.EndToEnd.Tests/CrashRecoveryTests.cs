using System.Globalization;
using System.Net;
using System.Text;

namespace SalesMesh.EndToEnd.Tests;

/// <summary>
/// "Nothing is lost, nothing counts twice" with real process crashes: LeadRouting is SIGKILLed
/// while leads are arriving (committed rows may still sit in its outbox) and Insights is
/// SIGKILLed while consuming (deliveries it had not acknowledged come again). The supervisor
/// restarts both; every accepted lead must be counted exactly once.
/// </summary>
[Collection(MeshCollection.Name)]
public sealed class CrashRecoveryTests(MeshFixture mesh)
{
    private const int Leads = 30;

    [Fact]
    public async Task Killing_LeadRouting_and_Insights_mid_delivery_loses_no_lead_and_counts_none_twice()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        using var gateway = await mesh.SignedInGatewayAsync(timeout.Token);
        var before = await MeshEndToEndTests.TotalLeadsAsync(gateway, timeout.Token);
        var restartsBefore = RestartsOf("lead-routing") + RestartsOf("insights");
        var keys = Enumerable.Range(0, Leads).Select(_ => Guid.NewGuid().ToString()).ToArray();
        var phones = keys.Select((key, i) => (key, phone: "139000" + (10000 + i).ToString(CultureInfo.InvariantCulture))).ToDictionary();

        // Half the leads in flight at once; crash both services as soon as the first is accepted.
        var inFlight = keys.Take(Leads / 2).Select(key => PostLeadAsync(gateway, key, phones[key], timeout.Token)).ToList();
        await Task.WhenAny(inFlight);
        await mesh.App.KillResourceAsync("lead-routing");
        await mesh.App.KillResourceAsync("insights");
        await Task.WhenAll(inFlight);

        // A client whose request failed in the crash sends it again with the same idempotency key,
        // like every other lead, until the restarted LeadRouting accepts it.
        foreach (var key in keys)
            await PostUntilAcceptedAsync(gateway, key, phones[key], timeout.Token);

        var expected = before + Leads;
        var counted = await WaitForCountAsync(gateway, expected, TimeSpan.FromSeconds(90), timeout.Token);
        Assert.Equal(expected, counted);

        // Redeliveries after the crash must not add anything later either.
        await Task.Delay(TimeSpan.FromSeconds(3), timeout.Token);
        Assert.Equal(expected, await MeshEndToEndTests.TotalLeadsAsync(gateway, timeout.Token));
        Assert.True(RestartsOf("lead-routing") + RestartsOf("insights") >= restartsBefore + 2, "both services were restarted by the supervisor");
    }

    private int RestartsOf(string resource) => mesh.App.GetResource(resource).Restarts;

    private static async Task<HttpStatusCode?> PostLeadAsync(HttpClient gateway, string key, string phone, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await gateway.PostAsync("/api/v1/leads", LeadBody(key, phone), cancellationToken);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null; // the crash may cut the answer off; the retry loop below settles it
        }
    }

    private static async Task PostUntilAcceptedAsync(HttpClient gateway, string key, string phone, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var status = await PostLeadAsync(gateway, key, phone, cancellationToken);
            if (status == HttpStatusCode.OK)
                return;
            // Only "not reachable right now" answers are worth repeating; anything else is a bug.
            Assert.True(status is null or >= HttpStatusCode.InternalServerError, $"lead {key}: {status}");
            Assert.True(DateTime.UtcNow < deadline, $"lead {key} was not accepted within 120 s (last: {status})");
            await Task.Delay(500, cancellationToken);
        }
    }

    private static async Task<long> WaitForCountAsync(HttpClient gateway, long expected, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        long counted;
        while ((counted = await MeshEndToEndTests.TotalLeadsAsync(gateway, cancellationToken)) != expected && DateTime.UtcNow < deadline)
            await Task.Delay(500, cancellationToken);
        return counted;
    }

    // A distinct phone per lead keeps the leads distinct people.
    private static StringContent LeadBody(string key, string phone) =>
        new($$"""
            {"idempotencyKey": "{{key}}", "channel": "LEAD_CHANNEL_WEB_FORM", "name": "李娜", "phone": "{{phone}}"}
            """, Encoding.UTF8, "application/json");
}
