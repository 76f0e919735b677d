using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Customers;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Tests.Service.Support;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.Activities.Tests.Service;

/// <summary>Who sees which customer: someone else's customer is NOT_FOUND (nothing revealed); those who see it read its contact details in clear.</summary>
[Collection(ActivitiesCollection.Name)]
public sealed class CustomerVisibilityTests(ActivitiesFixture fixture)
{
    private ActivitiesHost Host => fixture.Host;

    [Fact]
    public async Task Another_reps_customer_is_not_found_for_every_method()
    {
        var owner = People.NewRep(People.TeamA);
        var stranger = People.NewRep(People.TeamB);
        var (customer, opportunity) = await Samples.CustomerWithOpportunityAsync(Host, owner);
        var client = Host.ClientFor(stranger);

        var get = await Assert.ThrowsAsync<RpcException>(() => client.GetCustomerAsync(new GetCustomerRequest { CustomerId = customer.CustomerId }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, get.StatusCode);
        var getOpportunity = await Assert.ThrowsAsync<RpcException>(() => client.GetOpportunityAsync(new GetOpportunityRequest { OpportunityId = opportunity.OpportunityId }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, getOpportunity.StatusCode);
        var advance = await Assert.ThrowsAsync<RpcException>(() => client.AdvanceStageAsync(new AdvanceStageRequest
        {
            OpportunityId = opportunity.OpportunityId, TargetStage = "lost", LostReason = "x", ExpectedVersion = 1,
        }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, advance.StatusCode);
        var submit = await Assert.ThrowsAsync<RpcException>(() => client.SubmitVisitRecordAsync(new SubmitVisitRecordRequest
        {
            ClientRecordId = Guid.NewGuid().ToString(), Content = Samples.Visit(customer.CustomerId.Value),
        }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, submit.StatusCode);
        var list = await client.ListCustomersAsync(new ListCustomersRequest());
        Assert.DoesNotContain(list.Customers, c => c.CustomerId.Value == customer.CustomerId.Value);

        // The stranger's attempts changed nothing.
        var owned = await Host.ClientFor(owner).GetOpportunityAsync(new GetOpportunityRequest { OpportunityId = opportunity.OpportunityId });
        Assert.Equal(("needsDiagnosis", 1), (owned.Opportunity.Stage, owned.Opportunity.Version));
    }

    [Fact]
    public async Task The_owners_supervisors_and_admins_read_contacts_in_clear_and_another_teams_supervisor_does_not_see_the_customer()
    {
        var owner = People.NewRep(People.TeamA);
        var (customer, _) = await Samples.CustomerWithOpportunityAsync(Host, owner);
        // The owner's direct supervisor on the roster, whose own account names another team.
        var direct = new Caller("sup-" + Guid.NewGuid().ToString("N")[..8], "钱主管", new HashSet<string> { CallerRoles.Supervisor }, "team-c");
        await Host.QueryAsync(db =>
        {
            db.Reps.Add(new RepRecord { UserId = owner.UserId, DisplayName = owner.DisplayName, TeamId = People.TeamA, SupervisorUserId = direct.UserId,
                Active = true, RosterVersion = 1, ChangedAt = DateTimeOffset.UtcNow });
            return db.SaveChangesAsync();
        });

        // PRODUCT §2 (as LeadRouting shows leads): the owner, the owner's supervisors — team or direct — and admins in full.
        foreach (var viewer in new[] { owner, People.SupervisorChen, direct, People.Admin })
        {
            var view = (await Host.ClientFor(viewer).GetCustomerAsync(new GetCustomerRequest { CustomerId = customer.CustomerId })).Customer.Contact;
            Assert.Equal(("张三", "+8613800138000", "zhang.san@example.com", false), (view.Name, view.Phone, view.Email, view.Masked));
            var listed = (await Host.ClientFor(viewer).ListCustomersAsync(new ListCustomersRequest { OwnerUserId = new UserId { Value = owner.UserId } })).Customers;
            Assert.Equal(("+8613800138000", false), (Assert.Single(listed).Contact.Phone, listed[0].Contact.Masked));
        }

        var other = await Assert.ThrowsAsync<RpcException>(() =>
            Host.ClientFor(People.SupervisorSun).GetCustomerAsync(new GetCustomerRequest { CustomerId = customer.CustomerId }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task The_batched_visibility_statement_of_the_submission_path_agrees_with_the_query_for_every_kind_of_caller()
    {
        var owner = People.NewRep(People.TeamA);
        var (customer, _) = await Samples.CustomerWithOpportunityAsync(Host, owner);
        var customerId = Guid.Parse(customer.CustomerId.Value);
        var direct = new Caller("sup-" + Guid.NewGuid().ToString("N")[..8], "钱主管", new HashSet<string> { CallerRoles.Supervisor }, "team-c");
        var teamless = new Caller("sup-" + Guid.NewGuid().ToString("N")[..8], "无组主管", new HashSet<string> { CallerRoles.Supervisor }, null);
        await Host.QueryAsync(db =>
        {
            db.Reps.Add(new RepRecord { UserId = owner.UserId, DisplayName = owner.DisplayName, TeamId = People.TeamA, SupervisorUserId = direct.UserId,
                Active = true, RosterVersion = 1, ChangedAt = DateTimeOffset.UtcNow });
            return db.SaveChangesAsync();
        });

        var callers = new[] { owner, People.NewRep(People.TeamA), People.SupervisorChen, People.SupervisorSun, direct, teamless, People.Admin };
        var expected = new[] { true, false, true, false, true, false, true };
        foreach (var (caller, sees) in callers.Zip(expected))
        {
            var (byQuery, byBatch) = await Host.QueryAsync(async db =>
            {
                var query = await db.Customers.VisibleTo(db, caller).AnyAsync(c => c.Id == customerId);
                var batch = await new StatementBatch().AddVisibleCustomer(caller, customerId)
                    .ReadAsync(db, reader => CustomerAccess.ReadCustomerAsync(reader, CancellationToken.None), CancellationToken.None);
                return (query, batch);
            });
            Assert.Equal((sees, sees), (byQuery, byBatch is not null));
            if (byBatch is not null)
            {
                Assert.Equal((customerId, owner.UserId, People.TeamA, "张三", "+8613800138000"),
                    (byBatch.Id, byBatch.OwnerUserId, byBatch.TeamId, byBatch.ContactName, byBatch.ContactPhone));
            }
        }
    }

    [Fact]
    public async Task Rep_lists_only_own_customers_in_pages()
    {
        var rep = People.NewRep();
        for (int i = 0; i < 3; i++)
        {
            await Host.ClientFor(rep).CreateCustomerAsync(new CreateCustomerRequest { Name = $"客户{i}" });
        }
        await Samples.CustomerWithOpportunityAsync(Host, People.NewRep());

        var first = await Host.ClientFor(rep).ListCustomersAsync(new ListCustomersRequest { Page = new PageRequest { PageSize = 2 } });
        Assert.Equal(3, first.Page.TotalSize);
        Assert.Equal(["客户2", "客户1"], first.Customers.Select(c => c.Name));
        var second = await Host.ClientFor(rep).ListCustomersAsync(new ListCustomersRequest { Page = new PageRequest { PageSize = 2, PageToken = first.Page.NextPageToken } });
        Assert.Equal(["客户0"], second.Customers.Select(c => c.Name));
        Assert.Equal("", second.Page.NextPageToken);
    }

    [Fact]
    public async Task Missing_identity_is_unauthenticated_and_bad_customer_input_is_refused_with_fields()
    {
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => Host.AnonymousClient().CreateCustomerAsync(new CreateCustomerRequest { Name = "x" }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);

        var rep = People.NewRep();
        var bad = await Assert.ThrowsAsync<RpcException>(() => Host.ClientFor(rep).CreateCustomerAsync(new CreateCustomerRequest
        {
            Name = "  ", ContactPhone = "13800138000", FirstOpportunity = new NewOpportunity { Name = "x", Amount = new Money { CurrencyCode = "cny", Units = -5 } },
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Equal(["name", "contactPhone", "firstOpportunity.amount.currencyCode", "firstOpportunity.amount"],
            Samples.BadRequestOf(bad).FieldViolations.Select(v => v.Field));
        var list = await Host.ClientFor(rep).ListCustomersAsync(new ListCustomersRequest());
        Assert.Empty(list.Customers);
    }
}
