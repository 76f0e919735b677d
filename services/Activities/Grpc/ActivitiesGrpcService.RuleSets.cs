using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Domain.Rules;
using SalesMesh.Activities.Domain.VisitRecords;
using SalesMesh.Activities.Rules;
using SalesMesh.ServiceDefaults.Identity;
using Api = SalesMesh.Contracts.Activities.V1;

namespace SalesMesh.Activities.Grpc;

public sealed partial class ActivitiesGrpcService
{
    public override async Task<Api.GetRuleSetResponse> GetRuleSet(Api.GetRuleSetRequest request, ServerCallContext context)
    {
        context.RequireCaller();
        var ruleSetId = RuleSetIdOf(request.RuleSetId);
        var ct = context.CancellationToken;
        var record = request.Version switch
        {
            < 0 => throw ApiErrors.Invalid(context, "version", "rules.invalid_version", "版本号不能为负数", "The version must not be negative"),
            0 => await RuleSetStore.CurrentAsync(db, ruleSetId, ct),
            _ => await db.RuleSets.AsNoTracking().SingleOrDefaultAsync(r => r.RuleSetId == ruleSetId && r.Version == request.Version, ct),
        };
        return new Api.GetRuleSetResponse { RuleSet = ToApi(record ?? throw RuleSetNotFound(context, ruleSetId)) };
    }

    public override async Task<Api.PutRuleSetResponse> PutRuleSet(Api.PutRuleSetRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        if (!caller.IsAdmin)
        {
            throw ApiErrors.AdminOnly(context);
        }
        var ruleSetId = RuleSetIdOf(request.RuleSetId);
        var read = RuleSetJson.Read(request.DocumentJson ?? "");
        if (!read.IsSuccess)
        {
            throw ApiError.FromDomain(read.Errors).ToRpcException(context);
        }
        var candidate = read.Value;
        if (candidate.Id != ruleSetId)
        {
            throw ApiErrors.Invalid(context, "ruleSetId", "rules.rule_set_mismatch",
                $"文档的 ruleSetId“{candidate.Id}”与地址中的“{ruleSetId}”不一致", $"The document's ruleSetId '{candidate.Id}' differs from '{ruleSetId}' in the request");
        }

        var record = await Atomically(context, async (db, ct) =>
        {
            var current = await RuleSetStore.CurrentAsync(db, ruleSetId, ct);
            var currentVersion = current?.Version ?? 0;
            if (request.ExpectedVersion != currentVersion)
            {
                throw ApiErrors.StaleVersion(context, request.ExpectedVersion, currentVersion);
            }
            var currentRuleSet = current is null ? null : ruleSets.Compiled(current).Source;
            var prepared = RuleSetVersioning.PrepareNext(currentRuleSet, candidate);
            var errors = prepared.IsSuccess ? [] : prepared.Errors.ToList();
            if (ruleSetId == DefaultRuleSets.VisitRecordRuleSetId)
            {
                // The visit-record projection must be able to feed the catalogue's built-in fields.
                errors.AddRange(VisitRecordRuleProjection.ValidateCatalogue(candidate.Catalogue));
            }
            if (errors.Count > 0)
            {
                throw ApiError.FromDomain(errors).ToRpcException(context);
            }
            var document = RuleSetJson.Write(candidate);
            var record = new RuleSetRecord
            {
                RuleSetId = ruleSetId,
                Version = candidate.Version,
                Document = document,
                Sha256 = RuleSetStore.Hash(document),
                PublishedAt = Now,
                PublishedBy = caller.UserId,
            };
            db.RuleSets.Add(record);
            return record;
        }, duplicateKeyMeansConcurrentChange: true);
        return new Api.PutRuleSetResponse { RuleSet = ToApi(record) };
    }

    public override async Task<Api.DownloadRuleSetResponse> DownloadRuleSet(Api.DownloadRuleSetRequest request, ServerCallContext context)
    {
        context.RequireCaller();
        var ruleSetId = RuleSetIdOf(request.RuleSetId);
        var current = await RuleSetStore.CurrentAsync(db, ruleSetId, context.CancellationToken) ?? throw RuleSetNotFound(context, ruleSetId);
        var notModified = string.Equals(request.IfNoneMatch?.Trim('"'), current.Sha256, StringComparison.OrdinalIgnoreCase);
        return new Api.DownloadRuleSetResponse
        {
            RuleSetId = current.RuleSetId,
            Version = current.Version,
            Etag = current.Sha256,
            NotModified = notModified,
            DocumentJson = notModified ? "" : current.Document,
        };
    }

    /// <summary>An empty id means the visit-record rule set (the only one the service enforces today).</summary>
    private static string RuleSetIdOf(string? id) => string.IsNullOrEmpty(id) ? DefaultRuleSets.VisitRecordRuleSetId : id;

    private static RpcException RuleSetNotFound(ServerCallContext context, string id) =>
        SalesMesh.Grpc.RpcExceptions.NotFound(RequestLanguage.Pick(context, $"规则集“{id}”不存在", $"Rule set '{id}' not found"), "ruleSet", id);

    private static Api.RuleSet ToApi(RuleSetRecord record) => new()
    {
        RuleSetId = record.RuleSetId,
        Version = record.Version,
        DocumentJson = record.Document,
        Etag = record.Sha256,
        PublishTime = ProtoConversions.Time(record.PublishedAt),
        PublishUserId = record.PublishedBy,
    };
}
