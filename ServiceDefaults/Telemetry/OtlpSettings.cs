using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;

namespace SalesMesh.ServiceDefaults.Telemetry;

/// <summary>
/// The standard OTEL_* keys, read from <see cref="IConfiguration"/> (environment variables land
/// there too), so tests and appsettings can set them the same way the AppHost does.
/// </summary>
internal sealed record OtlpSettings(Uri? Endpoint, OtlpExportProtocol Protocol, string? Headers, string ServiceName, IReadOnlyList<KeyValuePair<string, object>> ResourceAttributes)
{
    public static OtlpSettings From(IConfiguration configuration, string applicationName)
    {
        var endpointText = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        Uri? endpoint = null;
        if (!string.IsNullOrWhiteSpace(endpointText))
        {
            if (!Uri.TryCreate(endpointText, UriKind.Absolute, out endpoint) || (endpoint.Scheme != "http" && endpoint.Scheme != "https"))
                throw new InvalidOperationException($"OTEL_EXPORTER_OTLP_ENDPOINT must be an absolute http(s) URL, got '{endpointText}'.");
        }

        var protocol = (configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] ?? "grpc").Trim().ToLowerInvariant() switch
        {
            "grpc" or "" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            var other => throw new InvalidOperationException($"OTEL_EXPORTER_OTLP_PROTOCOL '{other}' is not supported; use 'grpc' or 'http/protobuf'."),
        };

        var attributes = ParseAttributes(configuration["OTEL_RESOURCE_ATTRIBUTES"]);
        var serviceName = configuration["OTEL_SERVICE_NAME"];
        if (string.IsNullOrWhiteSpace(serviceName))
            serviceName = attributes.FirstOrDefault(a => a.Key == "service.name").Value as string ?? applicationName;

        return new OtlpSettings(endpoint, protocol, configuration["OTEL_EXPORTER_OTLP_HEADERS"], serviceName,
            attributes.Where(a => a.Key != "service.name").ToList());
    }

    public ResourceBuilder CreateResource() =>
        ResourceBuilder.CreateEmpty()
            .AddService(ServiceName, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId)
            .AddTelemetrySdk()
            .AddAttributes(ResourceAttributes);

    /// <summary>
    /// Fills exporter options for one signal. When the endpoint is set in code (not read by the
    /// exporter from the environment), OTLP/HTTP does not append the signal path itself.
    /// </summary>
    public void Apply(OtlpExporterOptions options, string httpSignalPath)
    {
        if (Endpoint is null)
            return;
        options.Protocol = Protocol;
        options.Endpoint = Protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(Endpoint.AbsoluteUri.TrimEnd('/') + httpSignalPath)
            : Endpoint;
        if (!string.IsNullOrWhiteSpace(Headers))
            options.Headers = Headers;
    }

    private static List<KeyValuePair<string, object>> ParseAttributes(string? text)
    {
        var result = new List<KeyValuePair<string, object>>();
        if (string.IsNullOrWhiteSpace(text))
            return result;
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0)
                throw new InvalidOperationException($"OTEL_RESOURCE_ATTRIBUTES entry '{pair}' is not key=value.");
            result.Add(new(pair[..eq].Trim(), Uri.UnescapeDataString(pair[(eq + 1)..].Trim())));
        }
        return result;
    }
}
