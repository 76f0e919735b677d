using SalesMesh.LeadRouting.Domain.Common;
using SalesMesh.LeadRouting.Domain.Lifecycle;

namespace SalesMesh.LeadRouting.Domain.CircuitBreaking;

public enum AppealStatus
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>An uploaded file before inspection: name, the first bytes, and the total length.</summary>
public sealed record EvidenceUpload(string FileName, byte[] Header, long Length);

/// <summary>无效线索申诉表 (LR-8): the rep asks for their follow-up rights back, with evidence.</summary>
public sealed record InvalidLeadAppeal(
    string AppealId,
    string LeadId,
    string CustomerId,
    string RepId,
    string Reason,
    IReadOnlyList<InspectedEvidence> Evidence,
    DateTimeOffset FiledAt,
    AppealStatus Status = AppealStatus.Pending,
    string? DecidedBy = null,
    string? DecisionReason = null,
    DateTimeOffset? DecidedAt = null);

/// <summary>What an appeal decision changes.</summary>
public sealed record AppealOutcome(InvalidLeadAppeal Appeal, bool RightsRestored, LeadStatus LeadStatusAfter, LocalizedText Message);

public static class AppealRules
{
    public const int MaxReasonLength = 1000;
    public const int MaxFileNameLength = 200;

    /// <summary>
    /// Files an appeal. Refused unless the lead is in the cleaning pool, the appellant is the rep whose
    /// rights were revoked, a reason is given, and 1..N evidence files all pass <see cref="EvidenceFileInspector"/>
    /// and together stay within <see cref="EvidencePolicy.MaxTotalBytes"/>.
    /// Every problem is listed (field paths <c>reason</c>, <c>evidence[2]</c>, <c>evidence</c> for the total …).
    /// </summary>
    public static DomainResult<InvalidLeadAppeal> File(
        string appealId, string leadId, string customerId, LeadStatus leadStatus, string revokedRepId,
        string appellantRepId, string? reason, IReadOnlyList<EvidenceUpload> uploads, EvidencePolicy policy, DateTimeOffset now)
    {
        var v = new List<FieldViolation>();
        if (leadStatus != LeadStatus.CleaningPool)
            v.Add(new("leadId", "NOT_IN_CLEANING_POOL", new($"线索当前状态为“{LeadStatusText.Of(leadStatus).ZhCn}”，不在待清洗池，无需申诉",
                $"The lead is {LeadStatusText.Of(leadStatus).En}, not in the cleaning pool; there is nothing to appeal")));
        if (appellantRepId != revokedRepId)
            v.Add(new("repId", "NOT_AFFECTED_REP", new("只有被收回跟进权的销售本人可以申诉", "Only the rep whose follow-up rights were revoked can appeal")));
        if (string.IsNullOrWhiteSpace(reason))
            v.Add(new("reason", "REQUIRED", new("请填写申诉理由", "A reason is required")));
        else if (reason.Length > MaxReasonLength)
            v.Add(new("reason", "TOO_LONG", new($"申诉理由最多 {MaxReasonLength} 个字符", $"The reason is at most {MaxReasonLength} characters")));
        if (uploads.Count == 0)
            v.Add(new("evidence", "REQUIRED", new("至少上传一个证据文件（通话录音、聊天截图或 PDF）", "Attach at least one evidence file (call recording, chat screenshot or PDF)")));
        if (uploads.Count > policy.MaxFilesPerAppeal)
            v.Add(new("evidence", "TOO_MANY_FILES", new($"最多上传 {policy.MaxFilesPerAppeal} 个文件", $"At most {policy.MaxFilesPerAppeal} files")));

        var total = uploads.Sum(u => u.Length);
        if (total > policy.MaxTotalBytes)
            v.Add(new("evidence", "TOTAL_TOO_LARGE", new(
                $"证据文件合计 {EvidenceFileInspector.Mb(total)} MB，每次申诉合计最大 {EvidenceFileInspector.Mb(policy.MaxTotalBytes)} MB",
                $"The evidence files total {EvidenceFileInspector.Mb(total)} MB; an appeal carries at most {EvidenceFileInspector.Mb(policy.MaxTotalBytes)} MB")));

        var inspected = new List<InspectedEvidence>();
        for (var i = 0; i < uploads.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(uploads[i].FileName) || uploads[i].FileName.Length > MaxFileNameLength)
            {
                v.Add(new($"evidence[{i}].fileName", "INVALID_NAME",
                    new($"文件名须为 1–{MaxFileNameLength} 个字符", $"The file name must be 1–{MaxFileNameLength} characters")));
            }
            var result = EvidenceFileInspector.Inspect(uploads[i].FileName, uploads[i].Header, uploads[i].Length, policy, $"evidence[{i}]");
            if (result.IsSuccess)
                inspected.Add(result.Value);
            else
                v.AddRange(result.Error!.Violations);
        }

        if (v.Count > 0)
            return new DomainError("APPEAL_INVALID", new("申诉内容不完整或不合规", "The appeal is incomplete or invalid"), v);
        return DomainResult<InvalidLeadAppeal>.Success(new InvalidLeadAppeal(appealId, leadId, customerId, appellantRepId, reason!.Trim(), inspected, now));
    }

    /// <summary>
    /// A supervisor decides (only the rep's own supervisor, once, with a reason). Approval restores the
    /// rep's follow-up rights and gives the lead back to them (cleaning pool → assigned); rejection
    /// leaves the lead in the cleaning pool.
    /// </summary>
    public static DomainResult<AppealOutcome> Decide(InvalidLeadAppeal appeal, string deciderId, string? repSupervisorId, bool approve, string? reason, DateTimeOffset now)
    {
        if (appeal.Status != AppealStatus.Pending)
            return new DomainError("APPEAL_ALREADY_DECIDED",
                new($"申诉已于 {ShanghaiTime.ToLocal(appeal.DecidedAt!.Value):yyyy-MM-dd HH:mm} 处理，不能重复处理", $"The appeal was already decided at {ShanghaiTime.ToLocal(appeal.DecidedAt!.Value):yyyy-MM-dd HH:mm}"));
        if (repSupervisorId is null || deciderId != repSupervisorId)
            return new DomainError("NOT_THE_SUPERVISOR", new("只有该销售的直属主管可以处理申诉", "Only the rep's own supervisor can decide the appeal"));
        if (string.IsNullOrWhiteSpace(reason))
            return new DomainError("DECISION_REASON_REQUIRED", new("请填写处理意见", "A decision reason is required"),
                [new FieldViolation("reason", "REQUIRED", new("请填写处理意见", "A decision reason is required"))]);

        var decided = appeal with
        {
            Status = approve ? AppealStatus.Approved : AppealStatus.Rejected,
            DecidedBy = deciderId,
            DecisionReason = reason.Trim(),
            DecidedAt = now,
        };
        return approve
            ? DomainResult<AppealOutcome>.Success(new AppealOutcome(decided, true,
                LeadStateMachine.Apply(LeadStatus.CleaningPool, LeadTrigger.RestoreFromCleaningPool).Value,
                new("申诉通过：跟进权已恢复，线索归还给你", "Appeal approved: follow-up rights restored and the lead is yours again")))
            : DomainResult<AppealOutcome>.Success(new AppealOutcome(decided, false, LeadStatus.CleaningPool,
                new($"申诉被驳回：{reason.Trim()}", $"Appeal rejected: {reason.Trim()}")));
    }
}
