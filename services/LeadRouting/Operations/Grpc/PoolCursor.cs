using System.Globalization;
using System.Text;
using SalesMesh.LeadRouting.Domain.Common;

namespace SalesMesh.LeadRouting.Operations.Grpc;

/// <summary>Keyset cursor of ListPublicPool: the last row's (pooled_at, id), base64url — stable while leads enter or leave the pool.</summary>
internal static class PoolCursor
{
    public static string Format(DateTimeOffset pooledAt, Guid leadId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{pooledAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{leadId:D}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static (DateTimeOffset PooledAt, Guid LeadId)? Parse(string? token, OperationErrors errors)
    {
        if (string.IsNullOrEmpty(token))
            return null;
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|');
            return (new DateTimeOffset(long.Parse(parts[0], CultureInfo.InvariantCulture), TimeSpan.Zero), Guid.Parse(parts[1]));
        }
        catch (Exception ex) when (ex is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw errors.InvalidArgument("分页参数无效", "Invalid paging", ("page.pageToken", new LocalizedText("分页令牌无效", "The page token is invalid")));
        }
    }
}
