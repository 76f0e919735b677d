using SalesMesh.Contracts.Common.V1;

namespace SalesMesh.Insights.Events;

/// <summary>LeadReceived carries the channel as kebab-case text; the read model keys counts by the proto enum.</summary>
public static class LeadChannelNames
{
    private static readonly Dictionary<string, LeadChannel> Channels = new(StringComparer.Ordinal)
    {
        ["web-form"] = LeadChannel.WebForm,
        ["hotline-400"] = LeadChannel.Hotline400,
        ["douyin-dm"] = LeadChannel.DouyinDm,
        ["wechat"] = LeadChannel.Wechat,
        ["partner-api"] = LeadChannel.PartnerApi,
        ["referral"] = LeadChannel.Referral,
        ["manual"] = LeadChannel.ManualEntry,
        ["file-import"] = LeadChannel.FileImport,
    };

    public static LeadChannel? ChannelOf(string name) => Channels.TryGetValue(name, out var channel) ? channel : null;
}
