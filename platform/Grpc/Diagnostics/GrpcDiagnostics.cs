using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;

namespace SalesMesh.Grpc;

/// <summary>
/// Telemetry names of the runtime. Listen with OpenTelemetry:
/// AddSource(GrpcDiagnostics.ActivitySourceName) and AddMeter(GrpcDiagnostics.MeterName).
/// </summary>
public static class GrpcDiagnostics
{
    public const string ActivitySourceName = "SalesMesh.Grpc";
    public const string MeterName = "SalesMesh.Grpc";
    public const string ServerDurationInstrument = "rpc.server.duration";
    public const string ClientDurationInstrument = "rpc.client.duration";

    internal static readonly ActivitySource ActivitySource = new(ActivitySourceName);
    internal static readonly Meter Meter = new(MeterName);

    internal static readonly Histogram<double> ServerDuration = Meter.CreateHistogram<double>(ServerDurationInstrument, "ms", "Duration of inbound gRPC calls.");
    internal static readonly Histogram<double> ClientDuration = Meter.CreateHistogram<double>(ClientDurationInstrument, "ms", "Duration of outbound gRPC calls.");

    /// <summary>True when anyone listens; the hot path skips all telemetry work otherwise.</summary>
    internal static bool ServerEnabled => ActivitySource.HasListeners() || ServerDuration.Enabled;

    internal static bool ClientEnabled => ActivitySource.HasListeners() || ClientDuration.Enabled;

    internal static void SetCallTags(Activity activity, IMethod method)
    {
        activity.SetTag("rpc.system", "grpc");
        activity.SetTag("rpc.service", method.ServiceName);
        activity.SetTag("rpc.method", method.Name);
    }

    internal static void Complete(Activity? activity, Histogram<double> histogram, IMethod method, StatusCode code, long startTimestamp)
    {
        if (activity is not null)
        {
            activity.SetTag("rpc.grpc.status_code", (int)code);
            if (code != StatusCode.OK)
            {
                activity.SetStatus(ActivityStatusCode.Error, code.ToString());
            }

            activity.Stop();
        }

        if (histogram.Enabled)
        {
            var elapsed = Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
            histogram.Record(elapsed,
                new KeyValuePair<string, object?>("rpc.system", "grpc"),
                new KeyValuePair<string, object?>("rpc.service", method.ServiceName),
                new KeyValuePair<string, object?>("rpc.method", method.Name),
                new KeyValuePair<string, object?>("rpc.grpc.status_code", (int)code));
        }
    }
}
