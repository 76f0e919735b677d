using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using SalesMesh.LeadRouting.Domain.Common;
using SalesMesh.LeadRouting.Domain.Pools;
using SalesMesh.LeadRouting.Domain.Routing;
using SalesMesh.LeadRouting.Domain.Sla;
using V1 = SalesMesh.Contracts.LeadRouting.V1;

namespace SalesMesh.LeadRouting.Grpc;

/// <summary>
/// The API's flat RoutingPolicy message ↔ the domain RoutingPolicy. Parsing only checks form
/// (decimals parse); rules are RoutingPolicyValidator's, whose field paths are translated to the
/// API's JSON paths here.
/// </summary>
internal static class RoutingPolicyMapper
{
    public static V1.RoutingPolicy ToProto(RoutingPolicy p, string? updatedBy, DateTimeOffset? updatedAt)
    {
        var message = new V1.RoutingPolicy
        {
            Version = p.Version,
            TerritoryWeight = LeadRouter.Format(p.Weights.Territory),
            ResponsivenessWeight = LeadRouter.Format(p.Weights.Responsiveness),
            LoadWeight = LeadRouter.Format(p.Weights.Load),
            Territory = new V1.TerritoryRule { SameTerritoryFirst = p.Territory.SameTerritoryFirst },
            ProductLineQualifications = { p.ProductLineQualifications.ToDictionary() },
            FollowUpMinimum = p.FollowUp.MinimumFollowUps,
            FollowUpWindowDays = (int)p.FollowUp.Window.TotalDays,
            FollowUpMultiplier = LeadRouter.Format(p.FollowUp.Multiplier),
            ResponsivenessWindowDays = (int)p.Responsiveness.Window.TotalDays,
            AssignOffShiftWhenNobodyOnShift = p.Shift.AssignOffShiftWhenNobodyOnShift,
            SlaViewWithinMinutes = (int)p.Sla.ViewWithin.TotalMinutes,
            SlaFirstCallWithinMinutes = (int)p.Sla.FirstCallWithin.TotalMinutes,
            PoolRecycleAfterHours = (int)p.PublicPool.RecycleIfNotContactedWithin.TotalHours,
            PoolMaxClaimsPerDay = p.PublicPool.MaxClaimsPerDay,
            PoolMaxOpenLeadsPerRep = p.PublicPool.MaxOpenLeadsPerRep,
            PoolPreviousOwnerCooldownHours = (int)p.PublicPool.PreviousOwnerCooldown.TotalHours,
            UpdatedBy = updatedBy ?? "",
            UpdatedAt = updatedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        };
        foreach (var (territory, neighbors) in p.Territory.Neighbors)
            message.Territory.Neighbors[territory] = new V1.TerritoryList { Territories = { neighbors } };
        if (p.Sla.BusinessHours is { } hours)
            message.SlaBusinessHours.Add(RosterMapper.ToProto(hours));
        return message;
    }

    /// <summary>The domain policy, or null with the form violations (unparsable decimals, bad windows).</summary>
    public static RoutingPolicy? ToDomain(V1.RoutingPolicy m, RoutingPolicy current, List<FieldViolation> violations)
    {
        var territory = Decimal(m.TerritoryWeight, "policy.territoryWeight", violations);
        var responsiveness = Decimal(m.ResponsivenessWeight, "policy.responsivenessWeight", violations);
        var load = Decimal(m.LoadWeight, "policy.loadWeight", violations);
        var multiplier = Decimal(m.FollowUpMultiplier, "policy.followUpMultiplier", violations);
        var businessHours = RosterMapper.ToSchedule(m.SlaBusinessHours, "policy.slaBusinessHours", violations);
        if (violations.Count > 0)
            return null;

        var neighbors = (m.Territory?.Neighbors ?? []).ToDictionary(
            p => p.Key, p => (IReadOnlyList<string>)[.. p.Value.Territories], StringComparer.Ordinal);
        return current with
        {
            Weights = new FactorWeights(territory, responsiveness, load),
            Territory = new TerritoryRule(m.Territory?.SameTerritoryFirst ?? true, neighbors),
            ProductLineQualifications = m.ProductLineQualifications.ToDictionary(StringComparer.Ordinal),
            FollowUp = new FollowUpIntensityRule(m.FollowUpMinimum, TimeSpan.FromDays(m.FollowUpWindowDays), multiplier),
            Responsiveness = new ResponsivenessRule(TimeSpan.FromDays(m.ResponsivenessWindowDays)),
            Shift = new ShiftRule(m.AssignOffShiftWhenNobodyOnShift),
            Sla = new SlaPolicy(TimeSpan.FromMinutes(m.SlaViewWithinMinutes), TimeSpan.FromMinutes(m.SlaFirstCallWithinMinutes), businessHours),
            PublicPool = current.PublicPool with
            {
                RecycleIfNotContactedWithin = TimeSpan.FromHours(m.PoolRecycleAfterHours),
                MaxClaimsPerDay = m.PoolMaxClaimsPerDay,
                MaxOpenLeadsPerRep = m.PoolMaxOpenLeadsPerRep,
                PreviousOwnerCooldown = TimeSpan.FromHours(m.PoolPreviousOwnerCooldownHours),
            },
        };
    }

    /// <summary>Validator paths → the API message's camelCase JSON paths.</summary>
    public static string ApiPath(string domainPath)
    {
        var path = domainPath switch
        {
            "weights.territory" => "territoryWeight",
            "weights.responsiveness" => "responsivenessWeight",
            "weights.load" => "loadWeight",
            "weights" => "territoryWeight",
            "followUp.minimumFollowUps" => "followUpMinimum",
            "followUp.window" => "followUpWindowDays",
            "followUp.multiplier" => "followUpMultiplier",
            "responsiveness.window" => "responsivenessWindowDays",
            "sla.viewWithin" => "slaViewWithinMinutes",
            "sla.firstCallWithin" => "slaFirstCallWithinMinutes",
            "publicPool.recycleIfNotContactedWithin" => "poolRecycleAfterHours",
            "publicPool.maxClaimsPerDay" => "poolMaxClaimsPerDay",
            "publicPool.maxOpenLeadsPerRep" => "poolMaxOpenLeadsPerRep",
            "publicPool.previousOwnerCooldown" => "poolPreviousOwnerCooldownHours",
            _ when domainPath.StartsWith("productLines[", StringComparison.Ordinal) =>
                "productLineQualifications[" + domainPath["productLines[".Length..].Replace("].requiredQualification", "]", StringComparison.Ordinal),
            _ when domainPath.StartsWith("sla.businessHours", StringComparison.Ordinal) => "slaBusinessHours" + domainPath["sla.businessHours".Length..],
            _ => domainPath,
        };
        return "policy." + path;
    }

    private static decimal Decimal(string text, string path, List<FieldViolation> violations)
    {
        if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            return value;
        violations.Add(new(path, "NOT_A_DECIMAL", new($"须为十进制数字（如 0.4），当前为“{text}”", $"Must be a decimal number such as 0.4 (got '{text}')")));
        return 0;
    }
}
