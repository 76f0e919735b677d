using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SalesMesh.Contracts.Events;

namespace SalesMesh.Gateway.Tests.Support;

/// <summary>A lead taken in through the REST API, with the contact person it was taken in with.</summary>
public sealed record TestLead(string Id, TestContact Contact, string Company);

/// <summary>
/// Leads in the states the LeadRouting matrix needs, arranged through the gateway's REST API as the
/// people of a <see cref="MatrixPeople"/> would (the admin takes leads in and moves them; owners file
/// appeals). Only the circuit breaker's input comes straight from the bus, as Activities publishes it:
/// no REST call of LeadRouting or Activities can mark a lead's customer red.
/// </summary>
public sealed class LeadScenarios(GatewayFixture fixture, MatrixPeople people)
{
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];

    public MatrixPeople People => people;

    /// <summary>A new lead in <paramref name="territory"/>, taken in by <paramref name="by"/>; asserts who routing gave it to.</summary>
    public async Task<TestLead> IntakeAsync(string territory, string expectedOwnerId, Who by = Who.Admin)
    {
        var contact = TestContact.New();
        var company = $"杭州矩阵{Guid.NewGuid().ToString("N")[..8]}医疗器械有限公司";
        using var client = await people.ClientAsync(by);
        var taken = await Rest.OkAsync(client, HttpMethod.Post, "/api/v1/leads", new
        {
            idempotencyKey = "matrix-" + Guid.NewGuid().ToString("N"),
            channel = "LEAD_CHANNEL_WEB_FORM",
            name = contact.Name,
            phone = contact.Phone,
            email = contact.Email,
            company,
            territory,
        });
        Assert.Equal(expectedOwnerId, taken.GetProperty("owner").GetProperty("value").GetString());
        return new TestLead(taken.GetProperty("leadId").GetProperty("value").GetString()!, contact, company);
    }

    /// <summary>A lead routed to <paramref name="owner"/> (one of the three reps), by territory.</summary>
    public Task<TestLead> OwnedByAsync(Who owner) => IntakeAsync(owner switch
    {
        Who.OwnerRep => people.OwnerTerritory,
        Who.SameTeamRep => people.SameTeamTerritory,
        Who.OtherTeamRep => people.OtherTeamTerritory,
        _ => throw new ArgumentOutOfRangeException(nameof(owner)),
    }, people.IdOf(owner));

    /// <summary>A lead in the public pool that none of the matrix reps ever owned (so none waits out a cooldown).</summary>
    public async Task<TestLead> InPublicPoolAsync()
    {
        var lead = await IntakeAsync(people.PoolTerritory, people.PoolFeeder.Id.ToString());
        using var admin = await people.ClientAsync(Who.Admin);
        await Rest.OkAsync(admin, HttpMethod.Post, $"/api/v1/leads/{lead.Id}:override-assignment",
            new { target = "OVERRIDE_TARGET_PUBLIC_POOL", reason = "投放公海供认领" });
        return lead;
    }

    /// <summary>The owner's lead after its customer was marked red twice in a row (LR-8): in the cleaning pool,
    /// the owner's follow-up rights revoked.</summary>
    public async Task<TestLead> InCleaningPoolAsync()
    {
        var lead = await OwnedByAsync(Who.OwnerRep);
        var customerId = Guid.NewGuid();
        var bus = fixture.LeadRouting.Services.GetRequiredService<IBus>();
        var first = DateTimeOffset.UtcNow;
        // Both markings in flight at once, as Activities may publish them: the breaker trips on the streak Activities
        // counted (ConsecutiveReds), whichever of the two it applies first.
        await Task.WhenAll(new[] { 1, 2 }.Select(reds => bus.Publish(new CustomerStatusChanged(customerId, Guid.Parse(lead.Id),
            people.IdOf(Who.OwnerRep), reds == 1 ? "yellow" : "red", "red", reds, true, "连续 60 天无有效互动", first.AddSeconds(reds)))));
        await Eventually.TrueAsync(async () => (await StateAsync(lead.Id)).Status == "LEAD_STATUS_CLEANING_POOL", "the lead in the cleaning pool");
        return lead;
    }

    /// <summary>A pending invalid-lead appeal the owner filed for a lead of theirs in the cleaning pool; returns (lead, appeal id).</summary>
    public async Task<(TestLead Lead, string AppealId)> PendingAppealAsync()
    {
        var lead = await InCleaningPoolAsync();
        using var owner = await people.ClientAsync(Who.OwnerRep);
        var filed = await Rest.OkAsync(owner, HttpMethod.Post, $"/api/v1/leads/{lead.Id}/appeals", AppealBody());
        return (lead, filed.GetProperty("appeal").GetProperty("appealId").GetString()!);
    }

    public static object AppealBody() => new
    {
        reason = "客户误标红色，录音可证明需求真实",
        evidence = new[] { new { fileName = "聊天截图.png", content = Convert.ToBase64String(Png) } },
    };

    public sealed record LeadState(string Status, string? Owner, int HistoryEntries)
    {
        public override string ToString() => $"{Status} owner={Owner} history={HistoryEntries}";
    }

    /// <summary>Status, owner and length of the history, as the admin reads them.</summary>
    public async Task<LeadState> StateAsync(string leadId)
    {
        using var admin = await people.ClientAsync(Who.Admin);
        var read = await Rest.GetAsync(admin, $"/api/v1/leads/{leadId}");
        var lead = read.GetProperty("lead");
        var owner = lead.TryGetProperty("owner", out var o) && o.ValueKind == JsonValueKind.Object ? o.GetProperty("value").GetString() : null;
        return new LeadState(lead.GetProperty("status").GetString()!, owner, read.GetProperty("history").GetArrayLength());
    }
}
