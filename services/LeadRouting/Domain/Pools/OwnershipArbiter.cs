using SalesMesh.LeadRouting.Domain.Common;

namespace SalesMesh.LeadRouting.Domain.Pools;

public enum ContactChannel
{
    Call,
    Visit,
    WeChat,
    Email,
    Sms,
}

/// <summary>
/// A recorded contact attempt used as evidence in an ownership dispute.
/// <see cref="SystemRecorded"/>: captured by a system (PBX call log, GPS check-in) rather than typed in;
/// <see cref="HasAttachment"/>: a recording, screenshot or document is attached.
/// </summary>
public sealed record ContactEvidence(
    string EvidenceId,
    string RepId,
    ContactChannel Channel,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    TimeSpan? CallDuration,
    bool SystemRecorded,
    bool HasAttachment);

public sealed record EvidenceAssessment(ContactEvidence Evidence, bool IsValid, LocalizedText Reason);

public sealed record OwnershipVerdict(string? OwnerRepId, string? DecidingEvidenceId, LocalizedText Explanation, IReadOnlyList<EvidenceAssessment> Assessments)
{
    public bool IsDecided => OwnerRepId is not null;
}

/// <summary>
/// LR-7 ownership disputes: the lead belongs to whoever made the first VALID contact. Valid means
/// provable (system-recorded or with an attachment), recorded promptly (a contact typed in days later
/// cannot claim an earlier time), and, for calls, long enough to be a conversation. Equal contact
/// times go to the earlier record.
/// </summary>
public static class OwnershipArbiter
{
    public static OwnershipVerdict Decide(PublicPoolPolicy policy, IEnumerable<ContactEvidence> evidence)
    {
        var assessments = evidence
            .OrderBy(e => e.OccurredAt)
            .ThenBy(e => e.RecordedAt)
            .ThenBy(e => e.EvidenceId, StringComparer.Ordinal)
            .Select(e => Assess(policy, e))
            .ToList();

        var first = assessments.FirstOrDefault(a => a.IsValid);
        if (first is null)
            return new OwnershipVerdict(null, null,
                new("没有有效的联系记录，无法自动判定归属，请主管裁定", "No valid contact evidence; a supervisor must decide"), assessments);

        var e = first.Evidence;
        var when = ShanghaiTime.ToLocal(e.OccurredAt).ToString("yyyy-MM-dd HH:mm:ss");
        return new OwnershipVerdict(e.RepId, e.EvidenceId,
            new($"归属 {e.RepId}：最早的有效联系（{ChannelText(e.Channel).ZhCn}，{when}，凭证 {e.EvidenceId}）",
                $"Owner {e.RepId}: earliest valid contact ({ChannelText(e.Channel).En}, {when} Asia/Shanghai, evidence {e.EvidenceId})"),
            assessments);
    }

    private static EvidenceAssessment Assess(PublicPoolPolicy policy, ContactEvidence e)
    {
        if (!e.SystemRecorded && !e.HasAttachment)
            return new(e, false, new("无系统记录也无附件，无法证明", "neither system-recorded nor attached; cannot be proven"));
        if (e.RecordedAt < e.OccurredAt)
            return new(e, false, new("记录时间早于联系时间，数据不一致", "recorded before it happened; inconsistent"));
        if (e.RecordedAt - e.OccurredAt > policy.MaxEvidenceRecordingDelay)
            return new(e, false, new($"补录超过 {(int)policy.MaxEvidenceRecordingDelay.TotalHours} 小时", $"recorded more than {(int)policy.MaxEvidenceRecordingDelay.TotalHours} h after the contact"));
        if (e.Channel == ContactChannel.Call && (e.CallDuration ?? TimeSpan.Zero) < policy.MinValidCallDuration)
            return new(e, false, new($"通话时长不足 {(int)policy.MinValidCallDuration.TotalSeconds} 秒", $"call shorter than {(int)policy.MinValidCallDuration.TotalSeconds} s"));
        return new(e, true, new("有效联系", "valid contact"));
    }

    private static LocalizedText ChannelText(ContactChannel channel) => channel switch
    {
        ContactChannel.Call => new("电话", "call"),
        ContactChannel.Visit => new("拜访", "visit"),
        ContactChannel.WeChat => new("微信", "WeChat"),
        ContactChannel.Email => new("邮件", "e-mail"),
        _ => new("短信", "SMS"),
    };
}
