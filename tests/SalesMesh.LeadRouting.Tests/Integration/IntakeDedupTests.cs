using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.Events;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.LeadRouting.V1;

namespace SalesMesh.LeadRouting.Tests.Integration;

/// <summary>LR-1/LR-2 over gRPC: one pool, de-duplication that merges (never rejects), idempotent retries.</summary>
[Collection(SharedHostCollection.Name)]
public sealed class IntakeDedupTests(LeadRoutingHost host)
{
    private readonly LeadRoutingService.LeadRoutingServiceClient _desk = host.As(People.Rep("front-desk-" + People.Short(), "desk"));
    private readonly LeadRoutingService.LeadRoutingServiceClient _admin = host.As(People.Admin());

    [Fact]
    public async Task The_three_spellings_of_one_phone_from_the_issue_are_one_lead_with_three_sources()
    {
        var line = "pl-none-" + People.Short();
        var first = await _desk.IntakeLeadAsync(People.Lead("+86 138-0013-8000", line));
        var second = await _desk.IntakeLeadAsync(People.Lead("13800138000", line, channel: LeadChannel.Hotline400));
        var third = await _desk.IntakeLeadAsync(People.Lead("１３８００１３８０００", line, channel: LeadChannel.DouyinDm));

        Assert.Null(first.DuplicateOf);
        Assert.Equal(first.LeadId, second.LeadId);
        Assert.Equal(first.LeadId, third.LeadId);
        Assert.Equal(first.LeadId, second.DuplicateOf);
        Assert.NotEmpty(second.MergeId);

        var lead = await _admin.GetLeadAsync(new GetLeadRequest { LeadId = first.LeadId });
        Assert.Equal(3, lead.Lead.SourceCount);
        Assert.Equal([LeadChannel.WebForm, LeadChannel.Hotline400, LeadChannel.DouyinDm], lead.Sources.Select(s => s.Channel));
        Assert.True(lead.Sources[0].Origin);
        Assert.Equal("１３８００１３８０００", lead.Sources[2].Phone); // every source kept verbatim
        Assert.Equal(2, lead.Merges.Count);
        Assert.All(lead.Merges, m => Assert.Equal(["phone"], m.MatchedOn));
        Assert.Contains(lead.History, h => h.Kind == "lead-merged");
    }

    [Fact]
    public async Task Company_names_with_and_without_legal_form_are_one_company()
    {
        var line = "pl-none-" + People.Short();
        var company = "杭州" + People.Short() + "医疗器械";
        var first = await _desk.IntakeLeadAsync(People.Lead(People.NewMobile(), line, company: company + "有限公司"));
        var second = await _desk.IntakeLeadAsync(People.Lead(People.NewMobile(), line, company: company));

        Assert.Equal(first.LeadId, second.DuplicateOf);
        var lead = await _admin.GetLeadAsync(new GetLeadRequest { LeadId = first.LeadId });
        Assert.Equal(["company"], Assert.Single(lead.Merges).MatchedOn);
    }

    [Fact]
    public async Task E_mails_compare_case_insensitively()
    {
        var line = "pl-none-" + People.Short();
        var local = "wang.lei." + People.Short();
        var first = await _desk.IntakeLeadAsync(People.Lead(email: local + "@example.com", productLine: line));
        var second = await _desk.IntakeLeadAsync(People.Lead(email: local.ToUpperInvariant() + "@EXAMPLE.COM", productLine: line));

        Assert.Equal(first.LeadId, second.DuplicateOf);
    }

    [Fact]
    public async Task Different_people_are_different_leads()
    {
        var line = "pl-none-" + People.Short();
        var first = await _desk.IntakeLeadAsync(People.Lead(People.NewMobile(), line));
        var second = await _desk.IntakeLeadAsync(People.Lead(People.NewMobile(), line));

        Assert.NotEqual(first.LeadId, second.LeadId);
        Assert.Null(second.DuplicateOf);
    }

    [Fact]
    public async Task A_merged_duplicate_is_not_assigned_a_second_time_and_keeps_the_owner()
    {
        var team = await TestTeam.CreateAsync(host);
        var phone = People.NewMobile();
        var first = await _desk.IntakeLeadAsync(People.Lead(phone, team.ProductLine));
        var again = await _desk.IntakeLeadAsync(People.Lead(phone, team.ProductLine, channel: LeadChannel.Wechat));

        Assert.Equal(LeadStatus.Assigned, first.Status);
        Assert.Equal(first.Owner, again.Owner);
        var assignments = await host.QueryAsync(db => db.LeadAssignments.CountAsync(a => a.LeadId == Guid.Parse(first.LeadId.Value)));
        Assert.Equal(1, assignments);
    }

    [Fact]
    public async Task A_merge_publishes_LeadMerged_with_the_merged_source_on_RabbitMQ()
    {
        var team = await TestTeam.CreateAsync(host, reps: 1);
        await using var probe = await BrokerProbe.ListenAsync(host.BusConnectionString, LeadMerged.EventName);
        var phone = People.NewMobile();
        var first = await _desk.IntakeLeadAsync(People.Lead(phone, team.ProductLine));
        var again = await _desk.IntakeLeadAsync(People.Lead($"+86 {phone[..3]}-{phone[3..7]}-{phone[7..]}", team.ProductLine, channel: LeadChannel.Wechat));

        var body = await probe.WaitForAsync(again.MergeId, TimeSpan.FromSeconds(30));
        using var envelope = JsonDocument.Parse(body);
        var message = envelope.RootElement.GetProperty("message");
        var lead = await _admin.GetLeadAsync(new GetLeadRequest { LeadId = first.LeadId });
        var source = lead.Sources.Single(s => !s.Origin);
        Assert.Equal((LeadChannel.Wechat, again.MergeId), (source.Channel, source.MergeId));
        Assert.Equal(first.LeadId.Value, message.GetProperty("leadId").GetString());
        Assert.Equal(again.MergeId, message.GetProperty("mergeId").GetString());
        Assert.Equal(source.SourceId, message.GetProperty("sourceId").GetString());
        Assert.Equal("wechat", message.GetProperty("channel").GetString());
        Assert.Equal(["phone"], message.GetProperty("matchedOn").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(first.Owner.Value, message.GetProperty("ownerUserId").GetString());
    }

    [Fact]
    public async Task Retrying_an_idempotency_key_returns_the_first_answer_and_stores_nothing()
    {
        var request = People.Lead(People.NewMobile(), "pl-none-" + People.Short());
        var first = await _desk.IntakeLeadAsync(request);
        var before = await host.TableCountsAsync();
        var retry = await _desk.IntakeLeadAsync(request);

        Assert.True(retry.Replayed);
        Assert.Equal(first.LeadId, retry.LeadId);
        Assert.Equal(first.ReceivedAt, retry.ReceivedAt);
        Assert.Equal(before, await host.TableCountsAsync());
    }

    [Fact]
    public async Task Twenty_concurrent_intakes_of_one_person_make_one_lead_one_assignment_and_twenty_sources()
    {
        var team = await TestTeam.CreateAsync(host, reps: 3);
        var phone = People.NewMobile();
        var channels = new[] { LeadChannel.WebForm, LeadChannel.Hotline400, LeadChannel.DouyinDm, LeadChannel.Wechat, LeadChannel.PartnerApi };
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            _desk.IntakeLeadAsync(People.Lead(phone, team.ProductLine, channel: channels[i % channels.Length])).ResponseAsync));

        var leadId = Assert.Single(responses.Select(r => r.LeadId.Value).Distinct());
        Assert.Single(responses, r => r.DuplicateOf is null);
        var id = Guid.Parse(leadId);
        Assert.Equal(1, await host.QueryAsync(db => db.Leads.CountAsync(l => l.PhoneNormalized == "+86" + phone)));
        Assert.Equal(1, await host.QueryAsync(db => db.LeadAssignments.CountAsync(a => a.LeadId == id)));
        Assert.Equal(20, await host.QueryAsync(db => db.LeadSources.CountAsync(s => s.LeadId == id)));
        Assert.Equal(19, await host.QueryAsync(db => db.LeadMerges.CountAsync(m => m.LeadId == id)));
        var lead = await _admin.GetLeadAsync(new GetLeadRequest { LeadId = new LeadId { Value = leadId } });
        Assert.Equal(20, lead.Lead.SourceCount);
        Assert.Equal(LeadStatus.Assigned, lead.Lead.Status);
        var verification = await _admin.VerifyHistoryAsync(new VerifyHistoryRequest { LeadId = lead.Lead.LeadId });
        Assert.True(verification.Intact, verification.Message);
        Assert.Equal(21, verification.EntriesChecked); // received, assigned, 19 merges
    }
}
