using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Grpc.Core;

namespace SalesMesh.Activities.Grpc;

/// <summary>
/// Keyset cursors (a position, not an offset): "the last item seen had this sort time and id".
/// Pages stay stable while new records arrive. Opaque to clients (base64url of "ticks:uuid").
/// </summary>
public readonly record struct PageCursor(DateTimeOffset Time, Guid Id)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(
        Time.UtcTicks.ToString(CultureInfo.InvariantCulture) + ":" + Id.ToString("N")));

    public static PageCursor? Decode(ServerCallContext context, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token)).Split(':');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && Guid.TryParseExact(parts[1], "N", out var id))
            {
                return new PageCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
            }
        }
        catch (FormatException)
        {
        }
        throw ApiErrors.Invalid(context, "page.pageToken", "invalid_page_token", "分页标记无效", "The page token is invalid");
    }

    /// <summary>The page size to use: default when 0, refused when negative, capped at max.</summary>
    public static int Size(ServerCallContext context, int requested, int defaultSize, int max) => requested switch
    {
        < 0 => throw ApiErrors.Invalid(context, "page.pageSize", "invalid_page_size", "每页条数不能为负数", "The page size must not be negative"),
        0 => defaultSize,
        _ => Math.Min(requested, max),
    };
}
