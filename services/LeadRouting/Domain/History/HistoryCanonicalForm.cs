using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SalesMesh.LeadRouting.Domain.History;

/// <summary>
/// The exact bytes that are hashed. Version 1, UTF-8, fields in this order, one per line:
/// <code>
/// salesmesh.leadrouting.history.v1
/// sequence=&lt;n&gt;:&lt;value&gt;
/// entryId=&lt;n&gt;:&lt;value&gt;          (lower-case "D" format GUID)
/// leadId=&lt;n&gt;:&lt;value&gt;
/// leadSequence=&lt;n&gt;:&lt;value&gt;
/// occurredAt=&lt;n&gt;:&lt;value&gt;       (UTC, yyyy-MM-ddTHH:mm:ss.fffffffZ)
/// kind=&lt;n&gt;:&lt;value&gt;
/// actorId=&lt;n&gt;:&lt;value&gt;
/// data=&lt;count&gt;
/// key=&lt;n&gt;:&lt;key&gt; value=&lt;n&gt;:&lt;value&gt;   (one line per data item, keys in ordinal order)
/// previousHash=&lt;n&gt;:&lt;value&gt;
/// leadPreviousHash=&lt;n&gt;:&lt;value&gt;
/// </code>
/// where &lt;n&gt; is the UTF-8 byte length of the value that follows. Length prefixes make the form
/// unambiguous whatever the values contain (newlines, '=' …). Integers are invariant-culture decimals.
/// Hash = lower-case hex SHA-256 of these bytes. The genesis previous hash is 64 zeros.
/// </summary>
public static class HistoryCanonicalForm
{
    public const string Header = "salesmesh.leadrouting.history.v1";
    public static readonly string GenesisHash = new('0', 64);

    public static byte[] Serialize(long sequence, Guid entryId, string leadId, long leadSequence, DateTimeOffset occurredAt,
        string kind, string actorId, IReadOnlyDictionary<string, string> data, string previousHash, string leadPreviousHash)
    {
        var sb = new StringBuilder();
        sb.Append(Header).Append('\n');
        Field(sb, "sequence", sequence.ToString(CultureInfo.InvariantCulture));
        Field(sb, "entryId", entryId.ToString("D"));
        Field(sb, "leadId", leadId);
        Field(sb, "leadSequence", leadSequence.ToString(CultureInfo.InvariantCulture));
        Field(sb, "occurredAt", occurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        Field(sb, "kind", kind);
        Field(sb, "actorId", actorId);
        sb.Append("data=").Append(data.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var (key, value) in data.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.Append("key=").Append(Encoding.UTF8.GetByteCount(key).ToString(CultureInfo.InvariantCulture)).Append(':').Append(key)
              .Append(" value=").Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
        }
        Field(sb, "previousHash", previousHash);
        Field(sb, "leadPreviousHash", leadPreviousHash);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static byte[] Serialize(HistoryEntry e) =>
        Serialize(e.Sequence, e.EntryId, e.LeadId, e.LeadSequence, e.OccurredAt, e.Kind, e.ActorId, e.Data, e.PreviousHash, e.LeadPreviousHash);

    public static string ComputeHash(HistoryEntry e) => Convert.ToHexStringLower(SHA256.HashData(Serialize(e)));

    private static void Field(StringBuilder sb, string name, string value) =>
        sb.Append(name).Append('=').Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
}
