using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SalesMesh.ServiceDefaults.Health;

/// <summary>
/// Writes a health report as JSON:
/// <c>{"status":"Unhealthy","totalDurationMs":12.3,"checks":{"leads-db":{"status":"Unhealthy","description":"…","durationMs":3.1,"tags":["ready"]}}}</c>.
/// Exception messages are included (they name the unreachable host/port, which is what an
/// operator needs); stack traces are not.
/// </summary>
public static class HealthResponseWriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };

    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            json.WriteNumber("totalDurationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", entry.Status.ToString());
                var description = entry.Description ?? entry.Exception?.Message;
                if (description is not null)
                    json.WriteString("description", description);
                json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
                json.WriteStartArray("tags");
                foreach (var tag in entry.Tags)
                    json.WriteStringValue(tag);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted);
    }
}
