using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using SalesMesh.Grpc.Tests.Contracts;
using SalesMesh.Grpc.Tests.Infrastructure;

namespace SalesMesh.Grpc.Tests;

public sealed class TelemetryTests
{
    private static readonly ActivitySource TestSource = new("SalesMesh.Grpc.Tests.Telemetry");

    [Fact]
    public async Task Client_and_server_activities_share_the_trace_and_the_server_is_parented_by_the_client()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is GrpcDiagnostics.ActivitySourceName or "SalesMesh.Grpc.Tests.Telemetry",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        ActivityTraceId traceId;
        using (var root = TestSource.StartActivity("test-root"))
        {
            traceId = root!.TraceId;
            await client.UnaryAsync(new EchoRequest { Text = "traced" });
        }

        // The server span ends just after the response is on the wire, so it may stop a moment after the client's.
        var ours = await StoppedActivitiesAsync(stopped, traceId, expected: 2);
        var clientActivity = Assert.Single(ours, a => a.Kind == ActivityKind.Client);
        var serverActivity = Assert.Single(ours, a => a.Kind == ActivityKind.Server);
        // Directly under the client span, or under ASP.NET Core's request span that is itself under the client span.
        var parentIsClient = serverActivity.ParentSpanId == clientActivity.SpanId ||
            (serverActivity.Parent is { } hosting && hosting.ParentSpanId == clientActivity.SpanId);
        Assert.True(parentIsClient, $"server parent {serverActivity.ParentSpanId} is not client {clientActivity.SpanId}");
        foreach (var activity in new[] { clientActivity, serverActivity })
        {
            Assert.Equal("grpc", activity.GetTagItem("rpc.system"));
            Assert.Equal("salesmesh.grpctest.v1.Echo", activity.GetTagItem("rpc.service"));
            Assert.Equal("Unary", activity.GetTagItem("rpc.method"));
            Assert.Equal(0, activity.GetTagItem("rpc.grpc.status_code"));
        }
    }

    [Fact]
    public async Task Failed_call_is_tagged_with_its_status_code()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is GrpcDiagnostics.ActivitySourceName or "SalesMesh.Grpc.Tests.Telemetry",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        ActivityTraceId traceId;
        using (var root = TestSource.StartActivity("test-root-failure"))
        {
            traceId = root!.TraceId;
            await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(() => client.UnaryAsync(new EchoRequest { Mode = "fail", Count = 5 }).ResponseAsync);
        }

        var ours = await StoppedActivitiesAsync(stopped, traceId, expected: 2);
        Assert.Equal(2, ours.Count);
        Assert.All(ours, a => Assert.Equal(5, a.GetTagItem("rpc.grpc.status_code")));
        Assert.All(ours, a => Assert.Equal(ActivityStatusCode.Error, a.Status));
    }

    private static async Task<List<Activity>> StoppedActivitiesAsync(ConcurrentQueue<Activity> stopped, ActivityTraceId traceId, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var ours = stopped.Where(a => a.TraceId == traceId && a.Source.Name == GrpcDiagnostics.ActivitySourceName).ToList();
            if (ours.Count >= expected || DateTime.UtcNow > deadline)
            {
                return ours;
            }

            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Duration_histograms_are_recorded_for_client_and_server()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value, string? Method)>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == GrpcDiagnostics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            string? method = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "rpc.method")
                {
                    method = tag.Value as string;
                }
            }

            measurements.Enqueue((instrument.Name, value, method));
        });
        meterListener.Start();
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        using (var call = client.ClientStream())
        {
            await call.RequestStream.CompleteAsync();
            await call;
        }

        // The server records just after the response is sent; give it a moment.
        for (var i = 0; i < 250 && !measurements.Any(m => m.Instrument == GrpcDiagnostics.ServerDurationInstrument && m.Method == "ClientStream"); i++)
        {
            await Task.Delay(20);
        }

        Assert.Contains(measurements, m => m.Instrument == GrpcDiagnostics.ServerDurationInstrument && m.Method == "ClientStream" && m.Value >= 0);
        Assert.Contains(measurements, m => m.Instrument == GrpcDiagnostics.ClientDurationInstrument && m.Method == "ClientStream" && m.Value >= 0);
    }
}
