using SalesMesh.Contracts.Common.V1;

namespace SalesMesh.Contracts.Events;

/// <summary>
/// The kebab-case channel names that events (<see cref="LeadReceived.Channel"/>) and databases
/// carry: text, not enum numbers, so a stored row or a queued message stays readable without the
/// proto. One table for both directions, so producer and consumer cannot drift apart.
/// </summary>
public static class LeadChannelNames
{
    private static readonly (LeadChannel Channel, string Name)[] Table =
    [
        (LeadChannel.WebForm, "web-form"),
        (LeadChannel.Hotline400, "hotline-400"),
        (LeadChannel.DouyinDm, "douyin-dm"),
        (LeadChannel.Wechat, "wechat"),
        (LeadChannel.PartnerApi, "partner-api"),
        (LeadChannel.Referral, "referral"),
        (LeadChannel.ManualEntry, "manual"),
        (LeadChannel.FileImport, "file-import"),
    ];

    private static readonly Dictionary<LeadChannel, string> Names = Table.ToDictionary(row => row.Channel, row => row.Name);
    private static readonly Dictionary<string, LeadChannel> Channels = Table.ToDictionary(row => row.Name, row => row.Channel, StringComparer.Ordinal);

    /// <summary>The wire name, or null for UNSPECIFIED and numbers this build does not know.</summary>
    public static string? NameOf(LeadChannel channel) => Names.GetValueOrDefault(channel);

    /// <summary>The channel a wire name stands for, or null for a name this build does not know.</summary>
    public static LeadChannel? ChannelOf(string name) => Channels.TryGetValue(name, out var channel) ? channel : null;
}
