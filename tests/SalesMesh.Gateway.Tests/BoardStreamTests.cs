using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SalesMesh.Gateway.Tests.Support;

namespace SalesMesh.Gateway.Tests;

/// <summary>
/// LR-5 / GW-6: the real claim board (LeadRouting's WatchBoard) through the gateway's SSE route
/// GET /api/v1/board:watch, as the console's EventSource reads it: a snapshot, SNAPSHOT_COMPLETE,
/// then one CHANGE per changed lead; contact details masked unless the viewer owns the lead,
/// supervises its owner or is an admin.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class BoardStreamTests(GatewayFixture fixture, Arranged<LeadScenarios> arranged) : IClassFixture<Arranged<LeadScenarios>>
{
    private const string Board = "/api/v1/board:watch";

    private Task<LeadScenarios> LeadsAsync() => arranged.GetAsync(async () => new LeadScenarios(fixture, await MatrixPeople.CreateAsync(fixture)));

    [Fact]
    public async Task Signed_in_sales_staff_get_the_snapshot_then_each_lead_taken_in_masked_unless_theirs()
    {
        var leads = await LeadsAsync();
        var people = leads.People;
        var earlier = await leads.OwnedByAsync(Who.OwnerRep);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        var viewers = new Dictionary<Who, Outcome>
        {
            [Who.OwnerRep] = Outcome.Clear,
            [Who.SameTeamRep] = Outcome.Masked, // a colleague sees that the lead is taken, not how to reach it
            [Who.TeamSupervisor] = Outcome.Clear, // supervises the owner
        };
        var boards = new Dictionary<Who, SseStream>();
        try
        {
            foreach (var who in viewers.Keys)
            {
                boards[who] = await WatchAsync(people, who, ct);
                var snapshot = await SnapshotAsync(boards[who], ct);
                Assert.True(snapshot.TryGetValue(earlier.Id, out var row), $"{who}: the earlier lead is on the board");
                AssertRow(row, earlier, people.IdOf(Who.OwnerRep), viewers[who], $"snapshot for {who}");
            }

            var taken = await leads.OwnedByAsync(Who.OwnerRep); // the admin takes a new lead in; routing gives it to the owner

            foreach (var (who, board) in boards)
                AssertRow(await ChangeOfAsync(board, taken.Id, ct), taken, people.IdOf(Who.OwnerRep), viewers[who], $"change for {who}");
        }
        finally
        {
            foreach (var board in boards.Values)
                board.Dispose();
        }
    }

    [Fact]
    public async Task A_bad_or_missing_token_is_a_401_problem_before_any_event()
    {
        var leads = await LeadsAsync();
        using var client = await leads.People.ClientAsync(Who.Anonymous);
        using var badHeader = new HttpRequestMessage(HttpMethod.Get, Board);
        badHeader.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not.a.token");

        foreach (var request in new[] { badHeader, new HttpRequestMessage(HttpMethod.Get, Board + "?access_token=not.a.token"), new HttpRequestMessage(HttpMethod.Get, Board) })
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    // The board is for sales staff (LR-5): reps, supervisors, admins. Finance, presales and delivery are
    // refused — this expectation relies on LeadRouting restricting WatchBoard to sales roles.
    public static TheoryData<Who, HttpStatusCode> Watchers => new()
    {
        { Who.OwnerRep, HttpStatusCode.OK },
        { Who.TeamSupervisor, HttpStatusCode.OK },
        { Who.Admin, HttpStatusCode.OK },
        { Who.Finance, HttpStatusCode.Forbidden },
        { Who.Presales, HttpStatusCode.Forbidden },
        { Who.Delivery, HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(Watchers))]
    public async Task Only_sales_roles_may_watch_the_board(Who who, HttpStatusCode expected)
    {
        var leads = await LeadsAsync();
        using var client = await leads.People.ClientAsync(who);
        using var response = await client.GetAsync(Board, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? "text/event-stream" : "application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<SseStream> WatchAsync(MatrixPeople people, Who who, CancellationToken ct)
    {
        var client = await people.ClientAsync(who);
        var response = await client.GetAsync(Board, HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return await SseStream.OpenAsync(client, response);
    }

    /// <summary>Every snapshot row by lead id, up to SNAPSHOT_COMPLETE.</summary>
    private static async Task<Dictionary<string, JsonElement>> SnapshotAsync(SseStream board, CancellationToken ct)
    {
        var rows = new Dictionary<string, JsonElement>();
        while (true)
        {
            var (name, data) = await board.NextAsync(ct);
            Assert.Equal("message", name);
            var kind = data.GetProperty("kind").GetString();
            if (kind == "BOARD_UPDATE_KIND_SNAPSHOT_COMPLETE")
                return rows;
            Assert.Equal("BOARD_UPDATE_KIND_SNAPSHOT", kind);
            var lead = data.GetProperty("lead");
            rows[lead.GetProperty("leadId").GetProperty("value").GetString()!] = lead;
        }
    }

    /// <summary>The first CHANGE for <paramref name="leadId"/> (changes of other leads may come first).</summary>
    private static async Task<JsonElement> ChangeOfAsync(SseStream board, string leadId, CancellationToken ct)
    {
        while (true)
        {
            var (name, data) = await board.NextAsync(ct);
            Assert.Equal("message", name);
            if (data.GetProperty("kind").GetString() == "BOARD_UPDATE_KIND_CHANGE"
                && data.GetProperty("lead").GetProperty("leadId").GetProperty("value").GetString() == leadId)
                return data.GetProperty("lead");
        }
    }

    private static void AssertRow(JsonElement row, TestLead lead, string ownerId, Outcome contact, string what)
    {
        Assert.Equal("BOARD_LEAD_STATUS_ASSIGNED", row.GetProperty("status").GetString());
        Assert.Equal(ownerId, row.GetProperty("owner").GetProperty("value").GetString());
        Assert.Equal(lead.Company, row.GetProperty("company").GetString()); // the company stays visible on the board
        Assert.Equal(contact == Outcome.Masked, row.GetProperty("contactMasked").GetBoolean());
        Matrix.AssertContact(row.GetRawText(), contact, lead.Contact, what);
    }
}
