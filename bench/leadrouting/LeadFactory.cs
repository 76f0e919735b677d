using System.Globalization;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.LeadRouting.V1;

namespace SalesMesh.LeadRoutingBench;

/// <summary>
/// Intake requests like a busy day's mix: mostly new people (distinct phone, half with an e-mail,
/// half with a distinct company), spread over every territory and product line, and a share of
/// duplicates — the same person again from another channel with their phone written differently
/// ("+86 138-…", full-width digits), so de-duplication has to normalize to merge.
/// </summary>
internal sealed class LeadFactory(double duplicateShare)
{
    private static readonly LeadChannel[] Channels = [LeadChannel.WebForm, LeadChannel.Hotline400, LeadChannel.Wechat, LeadChannel.DouyinDm];
    private readonly string _run = Random.Shared.Next(100, 999).ToString(CultureInfo.InvariantCulture);
    private readonly string[] _recent = new string[4096];
    private long _people;
    private long _requests;

    public long Duplicates => Interlocked.Read(ref _duplicates);
    private long _duplicates;

    public IntakeLeadRequest Next()
    {
        var request = Interlocked.Increment(ref _requests);
        var known = Interlocked.Read(ref _people);
        if (known > 100 && Random.Shared.NextDouble() < duplicateShare)
        {
            Interlocked.Increment(ref _duplicates);
            var phone = _recent[Random.Shared.Next((int)Math.Min(known, _recent.Length))];
            if (phone is not null)
                return Request(request, Reformat(phone), email: "", company: "", Random.Shared.Next(5), Random.Shared.Next(5));
        }
        var person = Interlocked.Increment(ref _people);
        // 13 + 3-digit run prefix + 6 digits: a million distinct people per run.
        var mobile = "13" + _run + (person % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var personCode = person.ToString(CultureInfo.InvariantCulture);
        _recent[person % _recent.Length] = mobile;
        return Request(request, mobile,
            person % 2 == 0 ? $"buyer{_run}.{personCode}@example-hospital.cn" : "",
            person % 2 == 1 ? $"压测医疗器械{_run}{personCode}有限公司" : "",
            (int)(person % 5), (int)(person / 5 % 5));
    }

    private IntakeLeadRequest Request(long request, string phone, string email, string company, int territory, int productLine) => new()
    {
        IdempotencyKey = $"bench-{_run}-{request}-{Guid.NewGuid():N}",
        Channel = Channels[request % Channels.Length],
        Name = "王磊",
        Phone = phone,
        Email = email,
        Company = company,
        City = RosterSeed.Territories[territory] + "市",
        ProductTags = { RosterSeed.ProductLines[productLine] },
    };

    /// <summary>The same number as a person would type it elsewhere.</summary>
    private static string Reformat(string mobile) => Random.Shared.Next(3) switch
    {
        0 => $"+86 {mobile[..3]}-{mobile[3..7]}-{mobile[7..]}",
        1 => new string(mobile.Select(c => (char)(c - '0' + '０')).ToArray()),
        _ => mobile,
    };
}
