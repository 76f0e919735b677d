using Google.Rpc;
using System.Text.Json;
using Grpc.Core;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.Events;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.ServiceDefaults.Messaging;
using SalesMesh.Services.Tests.Support;

namespace SalesMesh.Services.Tests.LeadRouting;

public sealed class IntakeLeadTests(LeadRoutingServiceFixture fixture) : IClassFixture<LeadRoutingServiceFixture>
{
    private static IntakeLeadRequest NewRequest(string phone = "+86 138-0013-8000") => new()
    {
        IdempotencyKey = Guid.NewGuid().ToString(),
        Channel = LeadChannel.WebForm,
        Name = "王磊",
        Phone = phone,
        Company = "杭州某某医疗器械有限公司",
        City = "杭州",
        ProductTags = { "orthopedic-equipment" },
    };

    [Fact]
    public async Task Intake_stores_the_lead_verbatim_and_normalized_and_publishes_one_masked_LeadReceived()
    {
        var request = NewRequest(phone: "１３９ ００１３ ９０００"); // full-width digits, as some forms send them
        var response = await fixture.Client.IntakeLeadAsync(request);

        Assert.False(response.Replayed);
        Assert.True(Guid.TryParse(response.LeadId.Value, out _));
        var lead = Assert.Single(await fixture.LeadsWithKeyAsync(request.IdempotencyKey));
        Assert.Equal(response.LeadId.Value, lead.Id.ToString());
        Assert.Equal("web-form", lead.Channel);
        Assert.Equal("１３９ ００１３ ９０００", lead.Phone);
        Assert.Equal("+8613900139000", lead.PhoneNormalized);
        Assert.Equal(response.ReceivedAt.ToDateTimeOffset(), lead.ReceivedAt);
        Assert.Equal(["orthopedic-equipment"], lead.ProductTags);

        var row = Assert.Single(await fixture.EventsForLeadAsync(response.LeadId.Value));
        Assert.Equal("urn:message:" + LeadReceived.EventName, row.MessageType);
        var evt = JsonSerializer.Deserialize<LeadReceived>(row.Body, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal("web-form", evt.Channel);
        Assert.Equal(lead.ReceivedAt, evt.ReceivedAtUtc);
        // Events are readable by every subscriber: contact details only masked.
        Assert.DoesNotContain("00139000", row.Body, StringComparison.Ordinal);
        Assert.Contains("139****9000", evt.ContactSummary, StringComparison.Ordinal);

        // The outbox hands it to the broker after the commit.
        await Eventually.TrueAsync(async () => (await fixture.EventsForLeadAsync(response.LeadId.Value)).Single().SentAt is not null,
            "the LeadReceived outbox row to be marked sent");
    }

    public static TheoryData<string, Action<IntakeLeadRequest>, string[]> BadRequests => new()
    {
        { "no contact at all", r => { r.Phone = ""; r.Email = "  "; }, ["phone", "email"] },
        { "channel not set", r => r.Channel = LeadChannel.Unspecified, ["channel"] },
        { "channel unknown to this build", r => r.Channel = (LeadChannel)99, ["channel"] },
        { "malformed phone", r => r.Phone = "138-abc-8000", ["phone"] },
        { "malformed e-mail", r => { r.Phone = ""; r.Email = "wang.lei@@example"; }, ["email"] },
        { "no idempotency key", r => r.IdempotencyKey = "", ["idempotencyKey"] },
        { "idempotency key too long", r => r.IdempotencyKey = new string('k', 129), ["idempotencyKey"] },
        { "referrer is not a UUID", r => r.ReferredBy = new UserId { Value = "bob" }, ["referredBy.value"] },
        { "several faults at once", r => { r.Channel = LeadChannel.Unspecified; r.Phone = "12"; }, ["channel", "phone"] },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_INVALID_ARGUMENT_naming_each_field_and_stores_nothing(string why, Action<IntakeLeadRequest> spoil, string[] fields)
    {
        var request = NewRequest();
        spoil(request);
        var leadsBefore = await fixture.LeadCountAsync();
        var eventsBefore = (await fixture.OutboxAsync()).Count;

        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Client.IntakeLeadAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violations = error.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations
            ?? throw new Xunit.Sdk.XunitException($"{why}: no google.rpc.BadRequest detail");
        Assert.Equal(fields.Order(), violations.Select(v => v.Field).Distinct().Order());
        Assert.All(violations, v => Assert.False(string.IsNullOrWhiteSpace(v.Description)));
        Assert.Equal(leadsBefore, await fixture.LeadCountAsync());
        Assert.Equal(eventsBefore, (await fixture.OutboxAsync()).Count);
    }

    [Fact]
    public async Task Error_texts_are_Chinese_by_default_and_English_on_request()
    {
        var request = NewRequest();
        request.Phone = "";

        var chinese = await Assert.ThrowsAsync<RpcException>(() => fixture.Client.IntakeLeadAsync(request).ResponseAsync);
        var english = await Assert.ThrowsAsync<RpcException>(() =>
            fixture.Client.IntakeLeadAsync(request, new Metadata { { "accept-language", "en-US,en;q=0.9" } }).ResponseAsync);

        Assert.Contains("请至少提供电话或邮箱", chinese.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations[0].Description, StringComparison.Ordinal);
        Assert.Contains("at least a phone number", english.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replaying_an_idempotency_key_returns_the_first_lead_and_stores_nothing_twice()
    {
        var request = NewRequest();
        var first = await fixture.Client.IntakeLeadAsync(request);
        var retry = request.Clone();
        retry.Name = "王磊（重试）"; // a retry may differ; the key decides
        var second = await fixture.Client.IntakeLeadAsync(retry);

        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal(first.LeadId, second.LeadId);
        Assert.Equal(first.ReceivedAt, second.ReceivedAt);
        Assert.Equal("王磊", Assert.Single(await fixture.LeadsWithKeyAsync(request.IdempotencyKey)).Name);
        Assert.Single(await fixture.EventsForLeadAsync(first.LeadId.Value));
    }

    [Fact]
    public async Task Concurrent_calls_with_one_idempotency_key_create_one_lead_and_one_event()
    {
        var request = NewRequest(phone: "13700137000");
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => fixture.Client.IntakeLeadAsync(request).ResponseAsync));

        Assert.Single(responses.Select(r => r.LeadId.Value).Distinct());
        Assert.Single(responses, r => !r.Replayed);
        Assert.Single(await fixture.LeadsWithKeyAsync(request.IdempotencyKey));
        Assert.Single(await fixture.EventsForLeadAsync(responses[0].LeadId.Value));
    }

    [Fact]
    public async Task Same_person_through_another_channel_is_accepted_and_reported_as_duplicate_of_the_first_lead()
    {
        var first = await fixture.Client.IntakeLeadAsync(NewRequest(phone: "13600136000"));
        var again = NewRequest(phone: "+86 136 0013 6000");
        again.Channel = LeadChannel.Hotline400;
        var second = await fixture.Client.IntakeLeadAsync(again);

        Assert.Null(first.DuplicateOf);
        Assert.NotEqual(first.LeadId, second.LeadId);
        Assert.Equal(first.LeadId, second.DuplicateOf);
        // Intake volume still counts it (LR-2: never rejected): it has its own event.
        Assert.Single(await fixture.EventsForLeadAsync(second.LeadId.Value));
    }
}
