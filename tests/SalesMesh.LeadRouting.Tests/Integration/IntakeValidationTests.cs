using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.Events;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.LeadRouting.Tests.Integration;

/// <summary>LR-1 intake contract: bad input changes nothing, texts in zh-CN/en, identity required, LeadReceived masked.</summary>
[Collection(SharedHostCollection.Name)]
public sealed class IntakeValidationTests(LeadRoutingHost host)
{
    private readonly LeadRoutingService.LeadRoutingServiceClient _desk = host.As(People.Rep("desk-" + People.Short(), "desk"));

    public static TheoryData<string, Action<IntakeLeadRequest>, string[]> BadRequests => new()
    {
        { "no contact at all", r => { r.Phone = ""; r.Email = "  "; }, ["phone", "email"] },
        { "channel not set", r => r.Channel = LeadChannel.Unspecified, ["channel"] },
        { "channel unknown to this build", r => r.Channel = (LeadChannel)99, ["channel"] },
        { "invalid phone", r => r.Phone = "138-abc-8000", ["phone"] },
        { "mobile with a wrong length", r => r.Phone = "1380013800", ["phone"] },
        { "malformed e-mail", r => { r.Phone = ""; r.Email = "wang.lei@@example"; }, ["email"] },
        { "unknown territory", r => r.Territory = "火星", ["territory"] },
        { "oversized payload", r => r.Payload = new Struct { Fields = { ["raw"] = Value.ForString(new string('x', 70 * 1024)) } }, ["payload"] },
        { "no idempotency key", r => r.IdempotencyKey = "", ["idempotencyKey"] },
        { "referrer is not a UUID", r => r.ReferredBy = new UserId { Value = "bob" }, ["referredBy.value"] },
        { "several faults at once", r => { r.Channel = LeadChannel.Unspecified; r.Phone = "12"; }, ["channel", "phone"] },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_INVALID_ARGUMENT_naming_each_field_and_stores_nothing(string why, Action<IntakeLeadRequest> spoil, string[] fields)
    {
        var request = People.Lead(People.NewMobile(), "pl-none-" + People.Short());
        spoil(request);
        var before = await host.TableCountsAsync();

        await Assertions.InvalidArgumentAsync(() => _desk.IntakeLeadAsync(request).ResponseAsync, fields);

        Assert.True(before.SequenceEqual(await host.TableCountsAsync()), why + ": something was stored");
    }

    [Fact]
    public async Task Error_texts_are_Chinese_by_default_and_English_on_request()
    {
        var request = People.Lead(phone: "12");
        var chinese = await Assert.ThrowsAsync<RpcException>(() => _desk.IntakeLeadAsync(request).ResponseAsync);
        var english = await Assert.ThrowsAsync<RpcException>(() =>
            _desk.IntakeLeadAsync(request, new Metadata { { "accept-language", "en-US,en;q=0.9" } }).ResponseAsync);

        Assert.Contains("线索信息无效", chinese.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("The lead is invalid", english.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_signed_identity_the_call_is_UNAUTHENTICATED_and_nothing_is_stored()
    {
        var before = await host.TableCountsAsync();
        await Assertions.RefusedAsync(StatusCode.Unauthenticated,
            () => host.Anonymous.IntakeLeadAsync(People.Lead(People.NewMobile())).ResponseAsync);
        Assert.Equal(before, await host.TableCountsAsync());
    }

    [Fact]
    public async Task A_lead_is_stored_verbatim_and_normalized_and_LeadReceived_carries_only_masked_contact()
    {
        var request = People.Lead("１３９ ００１３ ９７７７", "pl-none-" + People.Short());
        request.City = "杭州市";
        var response = await _desk.IntakeLeadAsync(request);

        var lead = await host.QueryAsync(db => db.Leads.AsNoTracking().SingleAsync(l => l.Id == Guid.Parse(response.LeadId.Value)));
        Assert.Equal("web-form", lead.Channel);
        Assert.Equal("１３９ ００１３ ９７７７", lead.Phone);
        Assert.Equal("+8613900139777", lead.PhoneNormalized);
        var rows = await host.QueryAsync(db => db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.MessageType == "urn:message:" + LeadReceived.EventName && m.Body.Contains(response.LeadId.Value)).ToListAsync());
        var row = Assert.Single(rows);
        var evt = JsonSerializer.Deserialize<LeadReceived>(row.Body, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal("web-form", evt.Channel);
        Assert.DoesNotContain("00139777", row.Body, StringComparison.Ordinal);
        Assert.Contains("139****9777", evt.ContactSummary, StringComparison.Ordinal);
    }
}
