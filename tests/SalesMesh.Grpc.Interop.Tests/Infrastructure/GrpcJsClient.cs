using System.Text.Json;

namespace SalesMesh.Grpc.Interop.Tests.Infrastructure;

/// <summary>Runs one scenario of node/client.js (grpc-js as client) and returns what it observed.</summary>
internal static class GrpcJsClient
{
    public static async Task<JsonElement> RunAsync(string address, string scenario, params string[] extra)
    {
        await using var process = NodeProcess.StartNode("client.js", [address, scenario, .. extra]);
        var output = await process.ReadToEndAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, $"client.js {scenario} failed ({process.ExitCode}): {process.StandardError}");
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
            ?? throw new InvalidOperationException($"client.js {scenario} printed nothing. stderr: {process.StandardError}");
        return JsonDocument.Parse(line).RootElement.Clone();
    }
}
