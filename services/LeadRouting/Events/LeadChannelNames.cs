using SalesMesh.Contracts.Common.V1;

namespace SalesMesh.LeadRouting.Events;

/// <summary>
/// The kebab-case channel names events and the database carry (see LeadReceived.Channel): text,
/// not enum numbers, so a stored row or a queued message stays readable without the proto.
/// </summary>
public static class LeadChannelNames
{
    private static readonly Dictionary<LeadChannel, string> Names = new()
    {
        [LeadChannel.WebForm] = "web-form",
        [LeadChannel.Hotline400] = "hotline-400",
        [LeadChannel.DouyinDm] = "douyin-dm",
        [LeadChannel.Wechat] = "wechat",
        [LeadChannel.PartnerApi] = "partner-api",
        [LeadChannel.Referral] = "referral",
        [LeadChannel.ManualEntry] = "manual",
        [LeadChannel.FileImport] = "file-import",
    };

    /// <summary>The wire name, or null for UNSPECIFIED and numbers this build does not know.</summary>
    public static string? NameOf(LeadChannel channel) => Names.GetValueOrDefault(channel);
}
