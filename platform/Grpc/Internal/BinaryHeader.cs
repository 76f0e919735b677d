namespace Grpc.Shared;

/// <summary>"-bin" metadata travels as base64; we send it unpadded and accept both forms.</summary>
internal static class BinaryHeader
{
    public static string Encode(byte[] value) => Convert.ToBase64String(value).TrimEnd('=');

    public static byte[] Decode(string value)
    {
        var padding = (4 - (value.Length % 4)) % 4;
        return padding == 0 ? Convert.FromBase64String(value) : Convert.FromBase64String(value + new string('=', padding));
    }
}
