using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMesh.Activities.Data;
using SalesMesh.Gateway.Tests.Support;
using static SalesMesh.Gateway.Tests.Support.Outcome;

namespace SalesMesh.Gateway.Tests;

/// <summary>
/// GW-3 for Activities through the REST API: each role × each route × own / other's customer, decided
/// by the real Activities service from the internal token the gateway mints. Columns follow
/// <see cref="Who"/> (owner rep, same-team rep, other-team rep, team supervisor, other team's
/// supervisor, admin, finance, presales, delivery, nobody). Expectations are the service's contract
/// (protos/salesmesh/activities/v1, services/Activities/README.md): a customer's owner, a supervisor
/// of its team and an admin see it and what hangs off it, contact details in clear (as LeadRouting
/// shows leads); for anyone else it is 404 exactly like an id that does not exist.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ActivitiesAuthorizationMatrixTests(GatewayFixture fixture, Arranged<ActivitiesAuthorizationMatrixTests.World> arranged)
    : IClassFixture<Arranged<ActivitiesAuthorizationMatrixTests.World>>
{
    /// <summary>A minimal PDF with the structure Activities checks by content: an object, an xref table, startxref with its offset, %%EOF.</summary>
    private static readonly byte[] Pdf = MinimalPdf();

    private static byte[] MinimalPdf()
    {
        const string head = "%PDF-1.4\n";
        const string catalog = "1 0 obj\n<< /Type /Catalog >>\nendobj\n";
        var xref = head.Length + catalog.Length;
        return Encoding.ASCII.GetBytes(head + catalog
            + $"xref\n0 2\n0000000000 65535 f \n{head.Length:D10} 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
    }

    /// <summary>The owner's customer with a small opportunity and one visit record; the needs-diagnosis playbook's action keys.</summary>
    public sealed record World(MatrixPeople People, TestCustomer Customer, string VisitRecordId, string[] FirstStageActions);

    public sealed record TestCustomer(string Id, string OpportunityId, TestContact Contact);

    private Task<World> WorldAsync() => arranged.GetAsync(async () =>
    {
        var people = await MatrixPeople.CreateAsync(fixture);
        // Activities learns who supervises whom from LeadRouting's RosterChanged (witness reviews need it).
        await Eventually.TrueAsync(async () =>
        {
            await using var scope = fixture.Activities.Services.CreateAsyncScope();
            var owner = people.IdOf(Who.OwnerRep);
            return await scope.ServiceProvider.GetRequiredService<ActivitiesDbContext>().Reps
                .AnyAsync(r => r.UserId == owner && r.SupervisorUserId == people.IdOf(Who.TeamSupervisor));
        }, "the roster in Activities");
        var customer = await CustomerAsync(people, 100_000);
        var visit = await VisitAsync(people, customer, forOpportunity: true);
        using var owner = await people.ClientAsync(Who.OwnerRep);
        var playbook = await Rest.GetAsync(owner, "/api/v1/activities/playbooks/needsDiagnosis");
        var actions = playbook.GetProperty("playbook").GetProperty("requiredActions").EnumerateArray().Select(a => a.GetProperty("key").GetString()!).ToArray();
        return new World(people, customer, visit, actions);
    });

    public static TheoryData<string, Who, Outcome> Reads => Matrix.Cases(
        //                                                               owner      sameTeam   otherTeam  teamSup    otherSup   admin      finance    presales   delivery   anonymous
        Matrix.Of("/api/v1/activities/customers/{customer}",             Clear,     Hidden,    Hidden,    Clear,     Hidden,    Clear,     Hidden,    Hidden,    Hidden,    SignIn),
        Matrix.Of("/api/v1/activities/customers/{customer}/documents",   Ok,        Hidden,    Hidden,    Ok,        Hidden,    Ok,        Hidden,    Hidden,    Hidden,    SignIn),
        Matrix.Of("/api/v1/activities/customers/{customer}/status-card", Ok,        Hidden,    Hidden,    Ok,        Hidden,    Ok,        Hidden,    Hidden,    Hidden,    SignIn),
        Matrix.Of("/api/v1/activities/opportunities/{opportunity}",      Ok,        Hidden,    Hidden,    Ok,        Hidden,    Ok,        Hidden,    Hidden,    Hidden,    SignIn),
        Matrix.Of("/api/v1/activities/visit-records/{visit}",            Ok,        Hidden,    Hidden,    Ok,        Hidden,    Ok,        Hidden,    Hidden,    Hidden,    SignIn));

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Customer_reads_answer_by_role_and_ownership(string route, Who who, Outcome expected)
    {
        var world = await WorldAsync();
        using var client = await world.People.ClientAsync(who);
        var (path, targetId) = Resolve(route, world);

        using var response = await client.GetAsync(path);
        var body = await Matrix.AssertAnswerAsync(response, expected, $"{route} as {who}");

        Matrix.AssertContact(body, expected, world.Customer.Contact, $"{route} as {who}");
        if (expected == Hidden)
        {
            // Guessing ids gets the same answer as someone else's customer: nothing to learn.
            var unknownId = Guid.NewGuid().ToString();
            using var unknown = await client.GetAsync(path.Replace(targetId, unknownId));
            Assert.Equal(Rest.ComparableProblem(await unknown.Content.ReadAsStringAsync(), unknownId), Rest.ComparableProblem(body, targetId));
        }
    }

    // Writes. Each case arranges its own target and reads it back (as the owner, or the admin) before and after.
    public static TheoryData<string, Who, Outcome> Writes => Matrix.Cases(
        //                                                                       owner      sameTeam   otherTeam  teamSup    otherSup   admin      finance    presales   delivery   anonymous
        Matrix.Of("POST /api/v1/activities/visit-records",                       Ok,        Hidden,    Hidden,    Ok,        Hidden,    Ok,        Hidden,    Hidden,    Hidden,    SignIn),
        Matrix.Of("POST /api/v1/activities/customers/{id}/documents",            Ok,        Hidden,    Hidden,    Ok,        Hidden,    Ok,        Hidden,    Hidden,    Hidden,    SignIn),
        Matrix.Of("POST /api/v1/activities/customers/{id}/status-card:override", Ok,        Hidden,    Hidden,    Ok,        Hidden,    Ok,        Hidden,    Hidden,    Hidden,    SignIn),
        Matrix.Of("POST /api/v1/activities/opportunities/{id}:record-progress",  Ok,        Hidden,    Hidden,    Ok,        Hidden,    Ok,        Hidden,    Hidden,    Hidden,    SignIn),
        Matrix.Of("POST /api/v1/activities/opportunities/{id}:advance-stage",    Ok,        Hidden,    Hidden,    Ok,        Hidden,    Ok,        Hidden,    Hidden,    Hidden,    SignIn),
        // AC-5: the direct supervisor reviews, or an admin instead (as for LeadRouting appeals); another supervisor does not see the review.
        Matrix.Of("POST /api/v1/activities/reviews/{id}:verdict",                Forbidden, Forbidden, Forbidden, Ok,        Hidden,    Ok,        Forbidden, Forbidden, Forbidden, SignIn),
        // PRODUCT §2 "admin configures rules": rule sets and playbooks are global configuration, the admin's alone.
        Matrix.Of("PUT /api/v1/activities/rule-sets/{id}",                       Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Ok,        Forbidden, Forbidden, Forbidden, SignIn),
        Matrix.Of("PUT /api/v1/activities/playbooks/{id}",                       Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Ok,        Forbidden, Forbidden, Forbidden, SignIn));

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Customer_writes_answer_by_role_and_a_refused_write_changes_nothing(string route, Who who, Outcome expected)
    {
        var world = await WorldAsync();
        var write = await ArrangeWriteAsync(world, route);
        var before = await write.ReadBack();
        using var client = await world.People.ClientAsync(who);

        using var response = await client.SendAsync(write.Request(write.TargetId));
        var body = await Matrix.AssertAnswerAsync(response, expected, $"{route} as {who}");

        var after = await write.ReadBack();
        if (expected == Ok)
            Assert.NotEqual(before, after);
        else
            Assert.Equal(before, after);
        if (expected == Hidden)
        {
            var unknownId = Guid.NewGuid().ToString();
            using var unknown = await client.SendAsync(write.Request(unknownId));
            Assert.Equal(Rest.ComparableProblem(await unknown.Content.ReadAsStringAsync(), unknownId), Rest.ComparableProblem(body, write.TargetId));
        }
    }

    private sealed record Write(string TargetId, Func<string, HttpRequestMessage> Request, Func<Task<string>> ReadBack);

    private async Task<Write> ArrangeWriteAsync(World world, string route)
    {
        var people = world.People;
        switch (route)
        {
            case "POST /api/v1/activities/visit-records":
                return new Write(world.Customer.Id,
                    id => Rest.Request(HttpMethod.Post, "/api/v1/activities/visit-records", VisitBody(id, null)),
                    () => CountAsync(people, $"/api/v1/activities/visit-records?customerId.value={world.Customer.Id}&page.pageSize=100", "visitRecords"));
            case "POST /api/v1/activities/customers/{id}/documents":
                return new Write(world.Customer.Id,
                    id => Rest.Request(HttpMethod.Post, $"/api/v1/activities/customers/{id}/documents", new
                    {
                        kind = "DOCUMENT_KIND_OTHER",
                        fileName = "会议纪要.pdf",
                        contentType = "application/pdf",
                        content = Convert.ToBase64String(Pdf),
                    }),
                    () => CountAsync(people, $"/api/v1/activities/customers/{world.Customer.Id}/documents", "documents"));
            case "POST /api/v1/activities/customers/{id}/status-card:override":
            {
                // A visit record makes the automation evaluate the card (yellow: need not yet verified), so it can be overridden.
                var customer = await CustomerAsync(people, 100_000);
                await VisitAsync(people, customer, forOpportunity: false);
                return new Write(customer.Id,
                    id => Rest.Request(HttpMethod.Post, $"/api/v1/activities/customers/{id}/status-card:override",
                        new { color = "STATUS_COLOR_RED", reason = "客户预算冻结，项目暂停" }),
                    async () =>
                    {
                        using var owner = await people.ClientAsync(Who.OwnerRep);
                        var card = (await Rest.GetAsync(owner, $"/api/v1/activities/customers/{customer.Id}/status-card")).GetProperty("card");
                        return $"{card.GetProperty("color").GetString()} overridden={card.GetProperty("overridden").GetBoolean()}";
                    });
            }
            case "POST /api/v1/activities/opportunities/{id}:record-progress":
            {
                var customer = await CustomerAsync(people, 100_000);
                var version = await OpportunityVersionAsync(people, customer.OpportunityId);
                return new Write(customer.OpportunityId,
                    id => Rest.Request(HttpMethod.Post, $"/api/v1/activities/opportunities/{id}:record-progress",
                        new { expectedVersion = version, completedActions = world.FirstStageActions.Take(1) }),
                    () => OpportunityAsync(people, customer.OpportunityId));
            }
            case "POST /api/v1/activities/opportunities/{id}:advance-stage":
            {
                // The needs-diagnosis gate satisfied by the owner: a visit record (budget, biggest concern) and every action done.
                var customer = await CustomerAsync(people, 100_000);
                await VisitAsync(people, customer, forOpportunity: true);
                using (var owner = await people.ClientAsync(Who.OwnerRep))
                {
                    await Rest.OkAsync(owner, HttpMethod.Post, $"/api/v1/activities/opportunities/{customer.OpportunityId}:record-progress",
                        new { expectedVersion = await OpportunityVersionAsync(people, customer.OpportunityId), completedActions = world.FirstStageActions });
                }
                var version = await OpportunityVersionAsync(people, customer.OpportunityId);
                return new Write(customer.OpportunityId,
                    id => Rest.Request(HttpMethod.Post, $"/api/v1/activities/opportunities/{id}:advance-stage",
                        new { targetStage = "solutionPresentation", expectedVersion = version }),
                    () => OpportunityAsync(people, customer.OpportunityId));
            }
            case "POST /api/v1/activities/reviews/{id}:verdict":
            {
                // Above the 500,000 CNY witness threshold: the owner's visit record waits for their direct supervisor.
                var customer = await CustomerAsync(people, 600_000);
                var visitId = await VisitAsync(people, customer, forOpportunity: true);
                Assert.Equal("REVIEW_VERDICT_UNSPECIFIED", await VerdictAsync(people, visitId));
                return new Write(visitId,
                    id => Rest.Request(HttpMethod.Post, $"/api/v1/activities/reviews/{id}:verdict", new { verdict = "REVIEW_VERDICT_INFO_COMPLETE" }),
                    () => VerdictAsync(people, visitId));
            }
            case "PUT /api/v1/activities/rule-sets/{id}":
            {
                // A rule set of its own (nothing enforces it), so publishing it cannot change other tests' visit records.
                var ruleSetId = "gw-matrix-" + Guid.NewGuid().ToString("N")[..8];
                return new Write(ruleSetId,
                    id => Rest.Request(HttpMethod.Put, $"/api/v1/activities/rule-sets/{id}", new { expectedVersion = 0, documentJson = RuleSetDocument(id) }),
                    async () =>
                    {
                        using var admin = await people.ClientAsync(Who.Admin);
                        using var response = await admin.GetAsync($"/api/v1/activities/rule-sets/{ruleSetId}");
                        return response.StatusCode == HttpStatusCode.OK
                            ? "version " + JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("ruleSet").GetProperty("version")
                            : ((int)response.StatusCode).ToString();
                    });
            }
            case "PUT /api/v1/activities/playbooks/{id}":
            {
                // The delivery stage's playbook in force, published again: only its version moves.
                using var admin = await people.ClientAsync(Who.Admin);
                var playbook = (await Rest.GetAsync(admin, "/api/v1/activities/playbooks/delivery")).GetProperty("playbook");
                var body = new
                {
                    expectedVersion = playbook.GetProperty("version").GetInt32(),
                    requiredActions = playbook.GetProperty("requiredActions").EnumerateArray()
                        .Select(a => new { key = a.GetProperty("key").GetString(), name = a.GetProperty("name") }).ToArray(),
                    requiredFieldKeys = playbook.GetProperty("requiredFields").EnumerateArray().Select(f => f.GetProperty("key").GetString()).ToArray(),
                };
                return new Write("delivery", id => Rest.Request(HttpMethod.Put, $"/api/v1/activities/playbooks/{id}", body), async () =>
                {
                    using var reader = await people.ClientAsync(Who.Admin);
                    return "version " + (await Rest.GetAsync(reader, "/api/v1/activities/playbooks/delivery")).GetProperty("playbook").GetProperty("version");
                });
            }
            default:
                throw new ArgumentException("no arrangement for " + route);
        }
    }

    /// <summary>A customer of the owner (created by them through REST, so it carries their team) with a first opportunity.</summary>
    private static async Task<TestCustomer> CustomerAsync(MatrixPeople people, long amount)
    {
        var contact = TestContact.New();
        using var owner = await people.ClientAsync(Who.OwnerRep);
        var created = await Rest.OkAsync(owner, HttpMethod.Post, "/api/v1/activities/customers", new
        {
            name = $"杭州矩阵{Guid.NewGuid().ToString("N")[..8]}医疗器械有限公司",
            contactName = contact.Name,
            contactPhone = "+86" + contact.Phone,
            contactEmail = contact.Email,
            firstOpportunity = new { name = "骨科手术机器人 2 台", amount = new { currencyCode = "CNY", units = amount } },
        });
        return new TestCustomer(created.GetProperty("customer").GetProperty("customerId").GetProperty("value").GetString()!,
            created.GetProperty("firstOpportunity").GetProperty("opportunityId").GetProperty("value").GetString()!, contact);
    }

    /// <summary>The owner's visit record of the customer (optionally for its opportunity); returns its id.</summary>
    private static async Task<string> VisitAsync(MatrixPeople people, TestCustomer customer, bool forOpportunity)
    {
        using var owner = await people.ClientAsync(Who.OwnerRep);
        var stored = await Rest.OkAsync(owner, HttpMethod.Post, "/api/v1/activities/visit-records",
            VisitBody(customer.Id, forOpportunity ? customer.OpportunityId : null));
        return stored.GetProperty("visitRecord").GetProperty("visitRecordId").GetProperty("value").GetString()!;
    }

    private static object VisitBody(string customerId, string? opportunityId) => new
    {
        clientRecordId = Guid.NewGuid().ToString(),
        content = new
        {
            customerId = new { value = customerId },
            opportunityId = opportunityId is null ? null : new { value = opportunityId },
            visitTime = DateTimeOffset.UtcNow.AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ssZ"),
            budget = "unconfirmed",
            biggestConcern = "technicalMismatch",
            promisedDeliverable = "下周提供技术对比方案",
            nextTouchpoint = new { time = DateTimeOffset.UtcNow.AddDays(3).ToString("yyyy-MM-ddTHH:mm:ssZ"), participants = new[] { "王磊" }, topic = "方案交流" },
        },
    };

    private static string RuleSetDocument(string id) => JsonSerializer.Serialize(new
    {
        format = "salesmesh.activities.rules/v1",
        ruleSetId = id,
        version = 1,
        fields = new[] { new { id = "topic", type = "text", label = new { zh = "议题", en = "Topic" } } },
        rules = new[]
        {
            new
            {
                id = "short-topic",
                message = new { zh = "议题不超过 20 个字", en = "Topic at most 20 characters" },
                then = new { field = "topic", op = "maxLength", max = 20 },
            },
        },
    });

    private static async Task<string> CountAsync(MatrixPeople people, string path, string list)
    {
        using var owner = await people.ClientAsync(Who.OwnerRep);
        return (await Rest.GetAsync(owner, path)).GetProperty(list).GetArrayLength().ToString();
    }

    private static async Task<int> OpportunityVersionAsync(MatrixPeople people, string opportunityId)
    {
        using var owner = await people.ClientAsync(Who.OwnerRep);
        return (await Rest.GetAsync(owner, $"/api/v1/activities/opportunities/{opportunityId}")).GetProperty("opportunity").GetProperty("version").GetInt32();
    }

    private static async Task<string> OpportunityAsync(MatrixPeople people, string opportunityId)
    {
        using var owner = await people.ClientAsync(Who.OwnerRep);
        var opportunity = (await Rest.GetAsync(owner, $"/api/v1/activities/opportunities/{opportunityId}")).GetProperty("opportunity");
        return $"{opportunity.GetProperty("stage").GetString()} v{opportunity.GetProperty("version").GetInt32()} done={opportunity.GetProperty("completedActions").GetRawText()}";
    }

    /// <summary>The verdict of the review of a visit record, from the direct supervisor's queue.</summary>
    private static async Task<string> VerdictAsync(MatrixPeople people, string visitRecordId)
    {
        using var supervisor = await people.ClientAsync(Who.TeamSupervisor);
        var reviews = (await Rest.GetAsync(supervisor, "/api/v1/activities/reviews?includeCompleted=true")).GetProperty("reviews");
        var review = reviews.EnumerateArray().Single(r => r.GetProperty("visitRecordId").GetString() == visitRecordId);
        return review.GetProperty("verdict").GetString()!;
    }

    private static (string Path, string TargetId) Resolve(string route, World world)
    {
        var (placeholder, id) = route switch
        {
            _ when route.Contains("{opportunity}") => ("{opportunity}", world.Customer.OpportunityId),
            _ when route.Contains("{visit}") => ("{visit}", world.VisitRecordId),
            _ => ("{customer}", world.Customer.Id),
        };
        return (route.Replace(placeholder, id), id);
    }
}
