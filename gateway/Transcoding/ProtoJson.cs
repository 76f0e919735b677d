using Google.Protobuf;

namespace SalesMesh.Gateway.Transcoding;

/// <summary>The one protobuf JSON mapping of the REST surface (camelCase names, enums by name, int64 as strings).</summary>
public static class ProtoJson
{
    /// <summary>
    /// Default values are written (a zero count is 0, an unset flag false) so clients need no proto
    /// knowledge; enums by name because a name is stable to read and survives renumbering in clients.
    /// </summary>
    public static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    /// <summary>
    /// Strict: an unknown field is a typo (or a client on a newer contract) that must hear about it
    /// rather than have a value silently dropped — "bad input gets a specific error".
    /// </summary>
    public static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));
}
