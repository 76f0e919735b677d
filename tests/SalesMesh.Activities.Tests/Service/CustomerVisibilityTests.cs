using Grpc.Core;
using SalesMesh.Activities.Tests.Service.Support;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Common.V1;

namespace SalesMesh.Activities.Tests.Service;

/// <summary>Who sees which customer: someone else's customer is NOT_FOUND (nothing revealed); contact details are masked for non-owners.</summary>
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
    public async Task Team_supervisor_sees_masked_contact_and_other_team_supervisor_does_not_see_it()
    {
        var owner = People.NewRep(People.TeamA);
        var (customer, _) = await Samples.CustomerWithOpportunityAsync(Host, owner);

        var ownView = await Host.ClientFor(owner).GetCustomerAsync(new GetCustomerRequest { CustomerId = customer.CustomerId });
        Assert.Equal(("+8613800138000", false), (ownView.Customer.Contact.Phone, ownView.Customer.Contact.Masked));

        var supervisorView = await Host.ClientFor(People.SupervisorChen).GetCustomerAsync(new GetCustomerRequest { CustomerId = customer.CustomerId });
        Assert.True(supervisorView.Customer.Contact.Masked);
        Assert.Equal("+86138****8000", supervisorView.Customer.Contact.Phone);
        Assert.Equal("张*", supervisorView.Customer.Contact.Name);

        var other = await Assert.ThrowsAsync<RpcException>(() =>
            Host.ClientFor(People.SupervisorSun).GetCustomerAsync(new GetCustomerRequest { CustomerId = customer.CustomerId }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, other.StatusCode);
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
