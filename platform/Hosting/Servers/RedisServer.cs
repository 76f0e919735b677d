using System.Net.Sockets;
using System.Text;
using SalesMesh.Hosting.Processes;

namespace SalesMesh.Hosting.Servers;

public sealed class RedisServerOptions
{
    public string Name { get; init; } = "cache";
    public required string DataDirectory { get; init; }
    public required int Port { get; init; }

    /// <summary>Keep an RDB snapshot in the data directory between runs (off: a pure cache).</summary>
    public bool Persistent { get; init; }

    public Action<OutputLine>? Output { get; init; }
    public string Executable { get; init; } = "redis-server";
}

/// <summary>redis-server in the foreground on 127.0.0.1; stop with SIGTERM.</summary>
public sealed class RedisServer(RedisServerOptions options) : ManagedServer(options.Name, options.DataDirectory, options.Output)
{
    public int Port { get; } = options.Port;

    /// <summary>Aspire's format for Redis: host:port.</summary>
    public override string ConnectionString => $"127.0.0.1:{Port}";

    protected override async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var arguments = new List<string>
        {
            "--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", DataDirectory,
            "--daemonize", "no", "--appendonly", "no", "--save", options.Persistent ? "60 1" : "",
        };
        Process = await ChildProcess.StartAsync(new ChildProcessStartInfo
        {
            Name = Name,
            FileName = options.Executable,
            Arguments = arguments,
            WorkingDirectory = DataDirectory,
            OnOutput = Output,
        }).ConfigureAwait(false);
        await WaitUntilAsync(IsHealthyAsync, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
    }

    protected override async Task StopCoreAsync(bool kill)
    {
        if (Process is { } process)
        {
            await process.StopAsync(kill ? LibC.SIGKILL : LibC.SIGTERM, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    public override async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port, cancellationToken).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return false;
        }
    }
}
