using Google.Protobuf;

namespace SalesMesh.ServiceDefaults.Tests.Support;

public sealed record ExportedSpan(string ServiceName, string Name, string TraceId);

/// <summary>
/// Reads just enough of an OTLP ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1)
/// to check what arrived: resource_spans(1) → resource(1).attributes(1) {key(1), value(2).string_value(1)}
/// and scope_spans(2).spans(2) {trace_id(1), name(5)}.
/// </summary>
public static class OtlpTraceReader
{
    public static IEnumerable<ExportedSpan> Spans(byte[] exportRequest)
    {
        foreach (var resourceSpans in Fields(exportRequest, 1))
        {
            var serviceName = "";
            foreach (var resource in Fields(resourceSpans, 1))
            {
                foreach (var attribute in Fields(resource, 1))
                {
                    if (Strings(attribute, 1).FirstOrDefault() == "service.name")
                        serviceName = Fields(attribute, 2).SelectMany(v => Strings(v, 1)).FirstOrDefault() ?? "";
                }
            }
            foreach (var scopeSpans in Fields(resourceSpans, 2))
            {
                foreach (var span in Fields(scopeSpans, 2))
                {
                    var traceId = Convert.ToHexString(Fields(span, 1).FirstOrDefault() ?? []).ToLowerInvariant();
                    yield return new ExportedSpan(serviceName, Strings(span, 5).FirstOrDefault() ?? "", traceId);
                }
            }
        }
    }

    private static IEnumerable<string> Strings(byte[] message, int field) =>
        Fields(message, field).Select(b => System.Text.Encoding.UTF8.GetString(b));

    /// <summary>Every length-delimited occurrence of <paramref name="field"/>; other fields skipped.</summary>
    private static List<byte[]> Fields(byte[] message, int field)
    {
        var result = new List<byte[]>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                result.Add(input.ReadBytes().ToByteArray());
            else
                input.SkipLastField();
        }
        return result;
    }
}
