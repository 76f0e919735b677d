using SalesMesh.LeadRouting.Domain.Routing;
using SalesMesh.LeadRouting.Domain.Scheduling;
using static SalesMesh.LeadRouting.Tests.T;

namespace SalesMesh.LeadRouting.Tests;

public class RoutingPolicyValidatorTests
{
    private static readonly HashSet<string> Territories = ["杭州", "宁波", "上海"];
    private static readonly RepProfile[] Roster =
    [
        Rep("A", qualifications: ["ortho"]),
        Rep("B", qualifications: ["dental"], active: false),
    ];

    private static IReadOnlyList<Domain.Common.FieldViolation> Validate(RoutingPolicy policy) =>
        RoutingPolicyValidator.Validate(policy, Roster, Territories);

    [Fact]
    public void The_default_policy_is_valid() => Assert.Empty(Validate(RoutingPolicy.Default()));

    [Fact]
    public void Negative_weights_are_reported_per_field()
    {
        var violations = Validate(RoutingPolicy.Default() with { Weights = new FactorWeights(-0.5m, 0.3m, -1m) });

        Assert.Equal(["weights.territory", "weights.load"], violations.Select(v => v.FieldPath));
        Assert.All(violations, v => Assert.Equal("NEGATIVE_WEIGHT", v.Code));
        Assert.Contains("权重不能为负数（当前为 -0.5）", violations[0].Message.ZhCn);
        Assert.Contains("cannot be negative (got -0.5)", violations[0].Message.En);
    }

    [Fact]
    public void All_zero_weights_are_refused() =>
        Assert.Equal("weights", Assert.Single(Validate(RoutingPolicy.Default() with { Weights = new FactorWeights(0, 0, 0) })).FieldPath);

    [Fact]
    public void Unknown_territories_in_the_neighbour_map_are_named()
    {
        var policy = RoutingPolicy.Default() with
        {
            Territory = new TerritoryRule(true, new Dictionary<string, IReadOnlyList<string>>
            {
                ["杭州"] = ["宁波", "苏州"],
                ["火星"] = ["上海"],
            }),
        };

        var violations = Validate(policy);

        Assert.Equal(["territory.neighbors[杭州][1]", "territory.neighbors[火星]"], violations.Select(v => v.FieldPath));
        Assert.Contains("未知地域“苏州”", violations[0].Message.ZhCn);
        Assert.Contains("Unknown territory '火星'", violations[1].Message.En);
    }

    [Fact]
    public void A_product_line_that_no_active_rep_is_qualified_for_is_refused()
    {
        var policy = RoutingPolicy.Default() with
        {
            ProductLineQualifications = new Dictionary<string, string> { ["骨科器械"] = "ortho", ["口腔器械"] = "dental" },
        };

        var violation = Assert.Single(Validate(policy));

        Assert.Equal("productLines[口腔器械].requiredQualification", violation.FieldPath);
        Assert.Equal("NO_QUALIFIED_REP", violation.Code);
        Assert.Contains("没有任何在职销售具备“dental”资质", violation.Message.ZhCn);
        Assert.Contains("would go to the public pool", violation.Message.En);
    }

    [Fact]
    public void Follow_up_rule_sla_business_hours_and_pool_limits_are_checked_together()
    {
        var policy = RoutingPolicy.Default("p", 0) with
        {
            FollowUp = new FollowUpIntensityRule(-1, TimeSpan.Zero, 1.2m),
            Sla = new(TimeSpan.Zero, TimeSpan.FromHours(2), new WeeklySchedule([WorkingWindow.Of(DayOfWeek.Monday, "18:00", "09:00")])),
            PublicPool = RoutingPolicy.Default().PublicPool with { MaxClaimsPerDay = 0 },
        };

        var paths = Validate(policy).Select(v => v.FieldPath).ToList();

        Assert.Equal(
        [
            "version", "followUp.minimumFollowUps", "followUp.window", "followUp.multiplier", "sla.viewWithin",
            "sla.businessHours.windows[0]", "publicPool.maxClaimsPerDay",
        ], paths);
    }

    [Fact]
    public void Overlapping_or_empty_business_hours_and_unknown_time_zones_are_refused()
    {
        var overlapping = new WeeklySchedule([WorkingWindow.Of(DayOfWeek.Monday, "09:00", "12:00"), WorkingWindow.Of(DayOfWeek.Monday, "11:00", "13:00")]);
        var empty = new WeeklySchedule([], "Mars/Olympus_Mons");

        Assert.Equal("OVERLAPPING_WINDOW", Assert.Single(overlapping.Validate("sla.businessHours")).Code);
        Assert.Equal(["sla.businessHours.timeZoneId", "sla.businessHours.windows"], empty.Validate("sla.businessHours").Select(v => v.FieldPath));
    }
}
