using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.Events;
using SalesMesh.LeadRouting.Application.History;
using SalesMesh.LeadRouting.Application.Routing;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.Contacts;
using SalesMesh.LeadRouting.Domain.Routing;
using DomainStatus = SalesMesh.LeadRouting.Domain.Lifecycle.LeadStatus;
using LocalizedText = SalesMesh.Contracts.Common.V1.LocalizedText;
using ProtoLeadStatus = SalesMesh.Contracts.LeadRouting.V1.LeadStatus;
using V1 = SalesMesh.Contracts.LeadRouting.V1;

namespace SalesMesh.LeadRouting.Grpc;

/// <summary>Stored rows → API messages. Masking happens here, once, from the caller's visibility.</summary>
internal static class LeadMapper
{
    public static ProtoLeadStatus ToProto(DomainStatus status) => status switch
    {
        DomainStatus.Unassigned => ProtoLeadStatus.Unassigned,
        DomainStatus.Assigned => ProtoLeadStatus.Assigned,
        DomainStatus.Viewed => ProtoLeadStatus.Viewed,
        DomainStatus.Contacted => ProtoLeadStatus.Contacted,
        DomainStatus.Converted => ProtoLeadStatus.Converted,
        DomainStatus.Abandoned => ProtoLeadStatus.Abandoned,
        DomainStatus.PublicPool => ProtoLeadStatus.PublicPool,
        _ => ProtoLeadStatus.CleaningPool,
    };

    public static DomainStatus? FromProto(ProtoLeadStatus status) => status switch
    {
        ProtoLeadStatus.Unassigned => DomainStatus.Unassigned,
        ProtoLeadStatus.Assigned => DomainStatus.Assigned,
        ProtoLeadStatus.Viewed => DomainStatus.Viewed,
        ProtoLeadStatus.Contacted => DomainStatus.Contacted,
        ProtoLeadStatus.Converted => DomainStatus.Converted,
        ProtoLeadStatus.Abandoned => DomainStatus.Abandoned,
        ProtoLeadStatus.PublicPool => DomainStatus.PublicPool,
        ProtoLeadStatus.CleaningPool => DomainStatus.CleaningPool,
        _ => null,
    };

    public static V1.Lead ToProto(LeadRecord lead, bool full, string language) => new()
    {
        LeadId = new LeadId { Value = lead.Id.ToString("D") },
        Status = ToProto(lead.Status),
        Channel = LeadChannelNames.ChannelOf(lead.Channel) ?? LeadChannel.Unspecified,
        ReceivedAt = Timestamp.FromDateTimeOffset(lead.ReceivedAt),
        Name = full ? lead.Name ?? "" : ContactMasker.MaskName(lead.Name),
        Phone = full ? DisplayPhone(lead.Phone) : ContactMasker.MaskPhone(lead.Phone),
        Email = full ? lead.Email ?? "" : ContactMasker.MaskEmail(lead.Email),
        Company = lead.Company ?? "",
        City = lead.City ?? "",
        Territory = lead.Territory ?? "",
        ProductTags = { lead.ProductTags },
        Owner = lead.OwnerUserId is null ? null : new UserId { Value = lead.OwnerUserId },
        OwnerTeamId = lead.OwnerTeamId ?? "",
        AssignedAt = Ts(lead.AssignedAt),
        ViewedAt = Ts(lead.ViewedAt),
        FirstContactedAt = Ts(lead.FirstContactedAt),
        ConvertedAt = Ts(lead.ConvertedAt),
        PoolReason = (language == "en" ? lead.PoolReasonEn : lead.PoolReasonZh) ?? "",
        SourceCount = lead.SourceCount,
        ContactMasked = !full,
    };

    public static V1.LeadSource ToProto(LeadSourceRecord s, bool full) => new()
    {
        SourceId = s.Id.ToString("D"),
        Channel = LeadChannelNames.ChannelOf(s.Channel) ?? LeadChannel.Unspecified,
        ReceivedAt = Timestamp.FromDateTimeOffset(s.ReceivedAt),
        Name = full ? s.Name ?? "" : ContactMasker.MaskName(s.Name),
        // A source is evidence of what the channel sent: verbatim (full-width digits and all).
        Phone = full ? s.Phone ?? "" : ContactMasker.MaskPhone(s.Phone),
        Email = full ? s.Email ?? "" : ContactMasker.MaskEmail(s.Email),
        Company = s.Company ?? "",
        Origin = s.IsOrigin,
        MergeId = s.MergeId?.ToString("D") ?? "",
        // The raw record may hold anything the channel sent (phones, chat text): only for full visibility.
        Payload = full && s.Payload is not null ? JsonParser.Default.Parse<Struct>(s.Payload) : null,
    };

    public static V1.LeadMerge ToProto(LeadMergeRecord m) => new()
    {
        MergeId = m.Id.ToString("D"),
        SourceId = m.SourceId.ToString("D"),
        MatchedOn = { m.MatchedOn },
        MergedAt = Timestamp.FromDateTimeOffset(m.MergedAt),
        UndoneAt = Ts(m.UndoneAt),
        SplitLeadId = m.SplitLeadId is { } id ? new LeadId { Value = id.ToString("D") } : null,
        UndoReason = m.UndoReason ?? "",
    };

    public static V1.LeadAssignment ToProto(LeadAssignmentRecord a)
    {
        var decision = StoredDecision.Deserialize(a.Explanation, new(a.SummaryZh, a.SummaryEn));
        var result = new V1.LeadAssignment
        {
            AssignmentId = a.Id.ToString("D"),
            Rep = a.RepUserId is null ? null : new UserId { Value = a.RepUserId },
            ToPublicPool = a.Outcome == AssignmentOutcomes.PublicPool,
            Reason = a.Reason,
            PolicyVersion = a.PolicyVersion,
            DecidedAt = Timestamp.FromDateTimeOffset(a.DecidedAt),
            Summary = new LocalizedText { ZhCn = a.SummaryZh, En = a.SummaryEn },
        };
        foreach (var c in decision.Candidates)
        {
            var why = decision.Explain(c.RepId);
            result.Candidates.Add(new V1.CandidateScore
            {
                Rep = new UserId { Value = c.RepId },
                DisplayName = c.DisplayName,
                Rank = c.Rank ?? 0,
                Score = LeadRouter.Format(c.Score),
                Exclusions = { c.Exclusions.Select(x => new LocalizedText { ZhCn = x.Message.ZhCn, En = x.Message.En }) },
                Factors =
                {
                    c.Factors.Select(f => new V1.FactorScore
                    {
                        Factor = f.Factor.ToString().ToLowerInvariant(),
                        Score = LeadRouter.Format(f.Score),
                        Weight = LeadRouter.Format(f.Weight),
                        Detail = new LocalizedText { ZhCn = f.Detail.ZhCn, En = f.Detail.En },
                    }),
                },
                FollowUpMultiplier = LeadRouter.Format(c.FollowUpMultiplier),
                FollowUpsInWindow = c.FollowUpsInWindow,
                OnShift = c.OnShift,
                TerritoryMatch = c.TerritoryMatch switch
                {
                    TerritoryMatch.SameTerritory => "same-territory",
                    TerritoryMatch.NeighboringTerritory => "neighboring-territory",
                    TerritoryMatch.OtherTerritory => "other-territory",
                    _ => "not-applicable",
                },
                Explanation = new LocalizedText { ZhCn = why.ZhCn, En = why.En },
            });
        }
        return result;
    }

    public static V1.LeadHistoryEntry ToProto(HistoryEntryRecord r)
    {
        var entry = LeadHistoryWriter.ToEntry(r);
        return new V1.LeadHistoryEntry
        {
            Sequence = r.Sequence,
            LeadSequence = r.LeadSequence,
            EntryId = r.EntryId.ToString("D"),
            Kind = r.Kind,
            ActorId = r.ActorId,
            OccurredAt = Timestamp.FromDateTimeOffset(r.OccurredAt),
            Data = { entry.Data.ToDictionary() },
            Hash = r.Hash,
        };
    }

    /// <summary>An entry still waiting to be chained: no global sequence or hash yet.</summary>
    public static V1.LeadHistoryEntry ToProto(HistoryDraftRecord d) => new()
    {
        LeadSequence = d.LeadSequence,
        EntryId = d.EntryId.ToString("D"),
        Kind = d.Kind,
        ActorId = d.ActorId,
        OccurredAt = Timestamp.FromDateTimeOffset(d.OccurredAt),
        Data = { LeadHistoryWriter.DataOf(d.Data) },
        Pending = true,
    };

    private static string DisplayPhone(string? phone) =>
        phone is null ? "" : PhoneNumberNormalizer.Normalize(phone) is { IsSuccess: true } p ? p.Value.Display : phone;

    private static Timestamp? Ts(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;
}
