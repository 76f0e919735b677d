using System.Text;
using SalesMesh.ServiceDefaults.Tests.Support;
using SalesMesh.Testing;

namespace SalesMesh.ServiceDefaults.Tests;

public sealed class OtlpExportTests(InfrastructureFixture infra) : IClassFixture<InfrastructureFixture>
{
    [Fact]
    public async Task Spans_metrics_and_logs_reach_the_OTLP_endpoint_under_the_configured_service_name()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        var host = await TestServiceHost.StartAsync(new()
        {
            Database = await infra.CreateDatabaseAsync("sd_otlp"),
            Configuration =
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_SERVICE_NAME"] = "sdtests-otlp",
                ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=test",
            },
        });
        try
        {
            Assert.Equal("pong", await host.Http.GetStringAsync("/ping"));
            await host.Http.GetAsync("/health");
        }
        finally
        {
            await host.DisposeAsync(); // providers flush on disposal
        }

        var spans = collector.Traces.SelectMany(OtlpTraceReader.Spans).ToList();
        var ping = Assert.Single(spans, s => s.Name == "GET /ping" && s.ServiceName == "sdtests-otlp");
        Assert.Equal(32, ping.TraceId.Length);
        Assert.DoesNotContain(spans, s => s.Name.Contains("/health", StringComparison.Ordinal)); // probes are not traced
        Assert.Contains(spans, s => s.ServiceName == "sdtests-otlp" && s.Name.StartsWith("migrate", StringComparison.Ordinal));

        Assert.Contains(collector.Metrics, body => Contains(body, "http.server.request.duration") && Contains(body, "sdtests-otlp"));
        Assert.Contains(collector.Logs, body => Contains(body, "sdtests-otlp"));
    }

    [Fact]
    public void An_unsupported_OTLP_protocol_is_rejected_at_startup_with_the_key_named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TestServiceHost.Build(new()
        {
            Database = "Host=127.0.0.1;Database=unused",
            Configuration = { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4318", ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/json" },
        }));
        Assert.Contains("OTEL_EXPORTER_OTLP_PROTOCOL", error.Message);
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
