using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace SalesMesh.ServiceDefaults.Tests.Support;

/// <summary>A parsed /health or /alive answer.</summary>
public sealed record HealthAnswer(HttpStatusCode Code, string Status, IReadOnlyDictionary<string, string> Checks)
{
    public static async Task<HealthAnswer> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = json.RootElement.GetProperty("checks").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetProperty("status").GetString()!);
        return new HealthAnswer(response.StatusCode, json.RootElement.GetProperty("status").GetString()!, checks);
    }
}

public static class FreePort
{
    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    public static int Closed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
