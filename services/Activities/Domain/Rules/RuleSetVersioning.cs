namespace SalesMesh.Activities.Domain.Rules;

/// <summary>
/// Publishing rule sets: versions of one rule set only move forward by exactly one, so every
/// evaluated record can name the exact rule-set version it was checked against and an offline
/// client can tell whether its downloaded copy is stale.
/// </summary>
public static class RuleSetVersioning
{
    public static DomainResult<CompiledRuleSet> PrepareNext(RuleSet? current, RuleSet candidate)
    {
        if (current is not null && !string.Equals(current.Id, candidate.Id, StringComparison.Ordinal))
        {
            return DomainResult<CompiledRuleSet>.Failure(RuleSetCompiler.Error("rules.rule_set_mismatch", "ruleSetId",
                $"不能用“{candidate.Id}”替换规则集“{current.Id}”", $"Rule set '{current.Id}' cannot be replaced by '{candidate.Id}'"));
        }
        int expected = (current?.Version ?? 0) + 1;
        if (candidate.Version != expected)
        {
            return DomainResult<CompiledRuleSet>.Failure(RuleSetCompiler.Error("rules.version_not_next", "version",
                $"新版本号必须是 {expected}（当前 {candidate.Version}）", $"The new version must be {expected} (got {candidate.Version})"));
        }
        return RuleSetCompiler.Compile(candidate);
    }

    /// <summary>True when a client's downloaded copy is older than the server's published version.</summary>
    public static bool IsStale(int clientVersion, int serverVersion) => clientVersion < serverVersion;
}
