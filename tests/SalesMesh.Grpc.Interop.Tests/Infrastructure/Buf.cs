namespace SalesMesh.Grpc.Interop.Tests.Infrastructure;

/// <summary>Runs the pinned `buf` (from node/node_modules) and returns stdout; fails the test on a non-zero exit.</summary>
internal static class Buf
{
    public static async Task<string> RunAsync(params string[] args)
    {
        await using var process = NodeProcess.StartBuf(args);
        process.CloseInput();
        var output = await process.ReadToEndAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, $"buf {string.Join(' ', args)} exited {process.ExitCode}: {process.StandardError}\n{output}");
        return output;
    }

    /// <summary>`buf curl` over gRPC with HTTP/2 prior knowledge (our server speaks h2c only).</summary>
    public static Task<string> CurlAsync(params string[] args) =>
        RunAsync(["curl", "--protocol", "grpc", "--http2-prior-knowledge", .. args]);
}
