using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SalesMesh.Gateway.Tests.Support;

/// <summary>Small helpers for calling the gateway's REST API the way a client does.</summary>
public static class Rest
{
    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static HttpRequestMessage Request(HttpMethod method, string path, object? body = null) => new(method, path)
    {
        Content = body is null ? null : new StringContent(JsonSerializer.Serialize(body, Options), Encoding.UTF8, "application/json"),
    };

    /// <summary>Sends and returns the JSON answer; fails the test (with the answer) unless it is a success.</summary>
    public static async Task<JsonElement> OkAsync(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var response = await client.SendAsync(Request(method, path, body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<JsonElement> GetAsync(HttpClient client, string path) => OkAsync(client, HttpMethod.Get, path);

    /// <summary>Every string value anywhere in a JSON document (property names excluded): what a client can read.</summary>
    public static List<string> Strings(string json)
    {
        var strings = new List<string>();
        if (json.Length > 0)
            Collect(JsonDocument.Parse(json).RootElement, strings);
        return strings;
    }

    /// <summary>A problem+json body without the per-request trace id, with <paramref name="ids"/> blanked out.</summary>
    public static string ComparableProblem(string json, params string[] ids)
    {
        using var document = JsonDocument.Parse(json);
        var fields = document.RootElement.EnumerateObject()
            .Where(p => p.Name != "traceId")
            .Select(p => $"{p.Name}={p.Value.GetRawText()}");
        var text = string.Join("\n", fields);
        foreach (var id in ids)
            text = text.Replace(id, "{id}", StringComparison.OrdinalIgnoreCase);
        return text;
    }

    private static void Collect(JsonElement element, List<string> strings)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                strings.Add(element.GetString()!);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    Collect(property.Value, strings);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    Collect(item, strings);
                break;
        }
    }
}

/// <summary>Polling for what arrives asynchronously (bus messages, projections), bounded in real seconds.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, string what, int timeoutSeconds = 30) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            if (await probe() is { } value)
                return value;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out after {timeoutSeconds} s waiting for: {what}");
            await Task.Delay(100);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> condition, string what, int timeoutSeconds = 30) =>
        GetAsync<object>(async () => await condition() ? new object() : null, what, timeoutSeconds);
}
