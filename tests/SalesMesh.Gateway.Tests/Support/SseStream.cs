using System.Text.Json;

namespace SalesMesh.Gateway.Tests.Support;

/// <summary>
/// Reads a live text/event-stream answer event by event, as a browser's EventSource does: <c>data:</c>
/// lines up to a blank line make one event; comments (<c>: ping</c>) are skipped.
/// </summary>
public sealed class SseStream(HttpClient client, HttpResponseMessage response, StreamReader reader) : IDisposable
{
    /// <summary>Takes over the client and its response: disposing the stream closes the connection, as closing a tab does.</summary>
    public static async Task<SseStream> OpenAsync(HttpClient client, HttpResponseMessage response) =>
        new(client, response, new StreamReader(await response.Content.ReadAsStreamAsync()));

    /// <summary>The next event's data as JSON, and its <c>event:</c> name ("message" when none).</summary>
    public async Task<(string Event, JsonElement Data)> NextAsync(CancellationToken ct)
    {
        var name = "message";
        var data = new List<string>();
        while (true)
        {
            var line = await reader.ReadLineAsync(ct) ?? throw new InvalidOperationException("The event stream ended.");
            if (line.Length == 0)
            {
                if (data.Count > 0)
                    return (name, JsonDocument.Parse(string.Join("\n", data)).RootElement.Clone());
                continue;
            }
            if (line.StartsWith("data: ", StringComparison.Ordinal))
                data.Add(line[6..]);
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
                name = line[7..];
        }
    }

    public void Dispose()
    {
        reader.Dispose();
        response.Dispose();
        client.Dispose();
    }
}
