using Google.Rpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Attribution.Data;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Attribution.V1;
using SalesMesh.Contracts.Revenue.V1;
using SalesMesh.Services.Tests.Support;
using SalesMesh.Testing;

namespace SalesMesh.Services.Tests.Catalogs;

/// <summary>The configuration-as-data methods of Activities, Attribution and Revenue, read from their own seeded databases.</summary>
public sealed class CatalogServiceTests(InfrastructureFixture infra) : IClassFixture<InfrastructureFixture>
{
    [Fact]
    public async Task Activities_returns_the_seeded_pipeline_in_order_with_won_and_lost_last()
    {
        await using var activities = await Mesh.StartActivitiesAsync(infra, await Mesh.NewBusAsync(infra));

        var pipeline = await activities.Client<ActivitiesService.ActivitiesServiceClient>().GetPipelineStagesAsync(new GetPipelineStagesRequest());

        Assert.Equal(1, pipeline.Version);
        Assert.Equal(["needsDiagnosis", "solutionPresentation", "quoteNegotiation", "contractSigning", "delivery", "won", "lost"], pipeline.Stages.Select(s => s.Code));
        Assert.Equal(Enumerable.Range(1, 7), pipeline.Stages.Select(s => s.Position));
        Assert.Equal("需求诊断", pipeline.Stages[0].Name.ZhCn);
        Assert.Equal("Needs diagnosis", pipeline.Stages[0].Name.En);
        Assert.All(pipeline.Stages.Take(5), s => Assert.Equal(StageOutcome.Open, s.Outcome));
        Assert.All(pipeline.Stages.Take(5), s => Assert.InRange(s.RequiredActionCount, 3, 5)); // AC-2: 3–5 actions gate each open stage
        Assert.Equal([StageOutcome.Won, StageOutcome.Lost], pipeline.Stages.Skip(5).Select(s => s.Outcome));
    }

    [Fact]
    public async Task Attribution_returns_the_role_model_in_force_with_all_five_roles_summing_to_exactly_100_percent()
    {
        await using var attribution = await Mesh.StartAttributionAsync(infra, await Mesh.NewBusAsync(infra));
        var client = attribution.Client<AttributionService.AttributionServiceClient>();

        var current = (await client.GetRoleModelAsync(new GetRoleModelRequest())).RoleModel;
        var byNumber = (await client.GetRoleModelAsync(new GetRoleModelRequest { Version = 1 })).RoleModel;

        Assert.Equal(1, current.Version);
        Assert.Equal(current, byNumber);
        Assert.Equal(
            [(ContributionRole.LeadSourcing, 3000), (ContributionRole.NeedsDiagnosis, 0), (ContributionRole.SolutionDesign, 4000), (ContributionRole.Negotiation, 2000), (ContributionRole.Delivery, 1000)],
            current.Weights.Select(w => (w.Role, w.WeightBasisPoints)));
        Assert.Equal(10_000, current.Weights.Sum(w => w.WeightBasisPoints));
        Assert.Equal("线索开拓", current.Weights[0].Name.ZhCn);
    }

    [Fact]
    public async Task Attribution_answers_NOT_FOUND_for_a_missing_version_and_INVALID_ARGUMENT_for_a_negative_one()
    {
        await using var attribution = await Mesh.StartAttributionAsync(infra, await Mesh.NewBusAsync(infra));
        var client = attribution.Client<AttributionService.AttributionServiceClient>();

        var missing = await Assert.ThrowsAsync<RpcException>(() => client.GetRoleModelAsync(new GetRoleModelRequest { Version = 7 }).ResponseAsync);
        var negative = await Assert.ThrowsAsync<RpcException>(() => client.GetRoleModelAsync(new GetRoleModelRequest { Version = -1 }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal("7", missing.GetRpcStatus()!.GetDetail<Google.Rpc.ResourceInfo>()!.ResourceName);
        Assert.Equal(StatusCode.InvalidArgument, negative.StatusCode);
        Assert.Equal("version", Assert.Single(negative.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations).Field);
    }

    [Fact]
    public async Task Attribution_refuses_to_serve_a_stored_model_whose_weights_do_not_sum_to_100_percent()
    {
        await using var attribution = await Mesh.StartAttributionAsync(infra, await Mesh.NewBusAsync(infra));
        await attribution.QueryAsync<AttributionDbContext, int>(db =>
            db.Database.ExecuteSqlRawAsync("UPDATE attribution.role_weights SET weight_basis_points = 3100 WHERE version = 1 AND role = 1"));

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            attribution.Client<AttributionService.AttributionServiceClient>().GetRoleModelAsync(new GetRoleModelRequest()).ResponseAsync);

        Assert.Equal(StatusCode.DataLoss, error.StatusCode);
    }

    [Fact]
    public async Task Revenue_returns_the_three_bases_with_verified_payment_as_the_only_default()
    {
        await using var revenue = await Mesh.StartRevenueAsync(infra, await Mesh.NewBusAsync(infra));

        var bases = (await revenue.Client<RevenueService.RevenueServiceClient>().GetRevenueBasesAsync(new GetRevenueBasesRequest())).Bases;

        Assert.Equal([RevenueBasis.ContractSigned, RevenueBasis.Invoiced, RevenueBasis.Paid], bases.Select(b => b.Basis));
        Assert.Equal(RevenueBasis.Paid, Assert.Single(bases, b => b.IsDefault).Basis);
        Assert.All(bases, b => Assert.False(string.IsNullOrWhiteSpace(b.Name.ZhCn) || string.IsNullOrWhiteSpace(b.Description.En)));
    }
}
