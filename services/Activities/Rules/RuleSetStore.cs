using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Domain.Rules;

namespace SalesMesh.Activities.Rules;

/// <summary>
/// Published rule sets (AC-4). The version in force is read from the database on every use (a
/// new version applies to the very next submission on every replica); the compiled form of each
/// (id, version) is cached for the process, since a published version never changes.
/// </summary>
public sealed class RuleSetStore
{
    private readonly ConcurrentDictionary<(string Id, int Version), CompiledRuleSet> _compiled = new();

    /// <summary>Lower-case hex SHA-256 of the document's UTF-8 bytes: the download ETag.</summary>
    public static string Hash(string document) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)));

    public static Task<RuleSetRecord?> CurrentAsync(ActivitiesDbContext db, string ruleSetId, CancellationToken ct) =>
        db.RuleSets.AsNoTracking().Where(r => r.RuleSetId == ruleSetId).OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Adds the statement reading the version of the visit-record rule set in force to a batch
    /// (read back with <see cref="ReadVersionAsync"/>): only the number, since the compiled form of
    /// each version is cached.
    /// </summary>
    public static StatementBatch AddCurrentVisitRecordVersion(StatementBatch batch) =>
        batch.Add("SELECT version FROM activities.rule_sets WHERE rule_set_id = $1 ORDER BY version DESC LIMIT 1", DefaultRuleSets.VisitRecordRuleSetId);

    public static async Task<int> ReadVersionAsync(Npgsql.NpgsqlDataReader reader, CancellationToken ct) =>
        await reader.ReadAsync(ct) ? reader.GetInt32(0)
            : throw new InvalidOperationException("No visit-record rule set is published (the CoreModel migration seeds version 1).");

    /// <summary>The compiled visit-record rule set of <paramref name="version"/> (read once per process and version).</summary>
    public async Task<CompiledRuleSet> VisitRecordRulesAsync(ActivitiesDbContext db, int version, CancellationToken ct)
    {
        if (_compiled.TryGetValue((DefaultRuleSets.VisitRecordRuleSetId, version), out var cached))
        {
            return cached;
        }
        var record = await db.RuleSets.AsNoTracking().SingleAsync(r => r.RuleSetId == DefaultRuleSets.VisitRecordRuleSetId && r.Version == version, ct);
        return Compiled(record);
    }

    public CompiledRuleSet Compiled(RuleSetRecord record) =>
        _compiled.GetOrAdd((record.RuleSetId, record.Version), _ =>
        {
            var compiled = RuleSetJson.ReadAndCompile(record.Document);
            // Documents are validated before they are stored; failing here means the row was edited by hand.
            return compiled.IsSuccess ? compiled.Value
                : throw new InvalidOperationException($"Stored rule set {record.RuleSetId} v{record.Version} does not compile: {string.Join("; ", compiled.Errors)}");
        });
}
