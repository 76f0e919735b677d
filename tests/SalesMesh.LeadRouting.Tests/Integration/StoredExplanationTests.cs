using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.LeadRouting.Application.Routing;

namespace SalesMesh.LeadRouting.Tests.Integration;

/// <summary>The routing explanation is stored compactly; a row in the format stored before reads the same through GetLead.</summary>
[Collection(SharedHostCollection.Name)]
public sealed class StoredExplanationTests(LeadRoutingHost host)
{
    private readonly LeadRoutingService.LeadRoutingServiceClient _desk = host.As(People.Rep("desk-" + People.Short(), "desk"));
    private readonly LeadRoutingService.LeadRoutingServiceClient _admin = host.As(People.Admin());

    [Fact]
    public async Task A_row_in_the_old_whole_decision_format_answers_GetLead_exactly_like_the_compact_row()
    {
        var team = await TestTeam.CreateAsync(host, reps: 3);
        var response = await _desk.IntakeLeadAsync(People.Lead(People.NewMobile(), team.ProductLine, territory: team.Territory));
        var leadId = Guid.Parse(response.LeadId.Value);
        var compact = await _admin.GetLeadAsync(new GetLeadRequest { LeadId = response.LeadId });

        // What the service stored before the compact format: the whole decision, every sentence in both languages.
        await host.QueryAsync(async db =>
        {
            var row = await db.LeadAssignments.SingleAsync(a => a.LeadId == leadId);
            Assert.Contains("\"format\": 2", row.Explanation, StringComparison.Ordinal);
            row.Explanation = DomainJson.Serialize(StoredDecision.Deserialize(row.Explanation, new(row.SummaryZh, row.SummaryEn)));
            return await db.SaveChangesAsync();
        });
        var old = await _admin.GetLeadAsync(new GetLeadRequest { LeadId = response.LeadId });

        Assert.True(compact.Assignment.Candidates.Count >= 3);
        Assert.Equal(compact.Assignment.ToByteArray(), old.Assignment.ToByteArray());
    }
}
