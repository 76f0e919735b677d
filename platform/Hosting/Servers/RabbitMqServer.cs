using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using SalesMesh.Hosting.Processes;

namespace SalesMesh.Hosting.Servers;

public sealed class RabbitMqServerOptions
{
    public string Name { get; init; } = "messaging";
    public required string DataDirectory { get; init; }

    /// <summary>AMQP port P. The server also uses P+1 (distribution), P+2 (its own epmd),
    /// P+3..P+6 (CLI tools) and P+7 (management HTTP, when enabled): allocate 8 in a row.</summary>
    public required int Port { get; init; }

    /// <summary>The management plugin (HTTP API on P+7): slower start/stop, needed for fast vhost creation.</summary>
    public bool EnableManagementPlugin { get; init; }

    public Action<OutputLine>? Output { get; init; }
    public string BinDirectory { get; init; } = "/usr/lib/rabbitmq/bin";
    public string EpmdExecutable { get; init; } = "epmd";
}

/// <summary>
/// A private RabbitMQ 3.10 node with its own epmd. Readiness is the systemd-style READY=1 the
/// broker sends on NOTIFY_SOCKET once fully booted; with that variable set the start script
/// execs erl, so the child we hold is beam.smp itself and our signals reach the broker.
/// </summary>
public sealed partial class RabbitMqServer(RabbitMqServerOptions options) : ManagedServer(options.Name, options.DataDirectory, options.Output)
{
    public const int PortBlockSize = 8;
    public const string User = "guest";
    public const string Pass = "guest";

    private ChildProcess? _epmd;

    public int Port { get; } = options.Port;
    public int DistributionPort => Port + 1;
    public int EpmdPort => Port + 2;
    public int? ManagementPort => options.EnableManagementPlugin ? Port + 7 : null;

    /// <summary>Aspire's format: amqp://guest:guest@127.0.0.1:P (default vhost).</summary>
    public override string ConnectionString => $"amqp://{User}:{Pass}@127.0.0.1:{Port}";

    public string GetConnectionString(string virtualHost) => $"{ConnectionString}/{Uri.EscapeDataString(virtualHost)}";

    public override IReadOnlyList<int> Pids =>
        new[] { Process, _epmd }.Where(p => p is { HasExited: false }).Select(p => p!.Pid).ToList();

    public int? EpmdPid => _epmd is { HasExited: false } e ? e.Pid : null;

    private string Base => DataDirectory;

    protected override async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        WriteConfiguration();
        if (_epmd is not { HasExited: false })
        {
            _epmd = await ChildProcess.StartAsync(new ChildProcessStartInfo
            {
                Name = $"{Name}-epmd",
                FileName = options.EpmdExecutable,
                Arguments = ["-port", EpmdPort.ToString(), "-address", "127.0.0.1"],
                OnOutput = Output,
            }).ConfigureAwait(false);
            await WaitUntilAsync(ct => PostgresServer.TcpAcceptsAsync(EpmdPort, ct), TimeSpan.FromSeconds(10), cancellationToken)
                .ConfigureAwait(false);
        }

        // The socket stays bound while the broker runs: it also reports STOPPING=1 there and
        // logs a shutdown error when the socket is gone.
        var notifyPath = NotifySocketPath();
        CloseNotifySocket();
        var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(notifyPath));
        _notify = (notify, notifyPath);
        var environment = Environment();
        environment["NOTIFY_SOCKET"] = notifyPath;
        Process = await ChildProcess.StartAsync(new ChildProcessStartInfo
        {
            Name = Name,
            FileName = Path.Combine(options.BinDirectory, "rabbitmq-server"),
            Environment = environment,
            WorkingDirectory = Base,
            OnOutput = Output,
        }).ConfigureAwait(false);

        var ready = WaitForReadyAsync(notify, cancellationToken);
        await WaitUntilAsync(_ => Task.FromResult(ready.IsCompletedSuccessfully), TimeSpan.FromSeconds(90), cancellationToken)
            .ConfigureAwait(false);
        _ = DrainAsync(notify);
    }

    private (Socket Socket, string Path)? _notify;

    private static async Task DrainAsync(Socket notify)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                await notify.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Closed at stop.
        }
    }

    private void CloseNotifySocket()
    {
        if (_notify is { } notify)
        {
            notify.Socket.Dispose();
            File.Delete(notify.Path);
            _notify = null;
        }
        else
        {
            File.Delete(NotifySocketPath());
        }
    }

    private static async Task WaitForReadyAsync(Socket notify, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        while (true)
        {
            var read = await notify.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (Encoding.ASCII.GetString(buffer, 0, read).Split('\n').Contains("READY=1"))
            {
                return;
            }
        }
    }

    protected override async Task StopCoreAsync(bool kill)
    {
        if (Process is { } broker)
        {
            await broker.StopAsync(kill ? LibC.SIGKILL : LibC.SIGTERM, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        CloseNotifySocket();
        // A crash test kills only the broker: epmd stays, as it would on a real host.
        if (!kill && _epmd is { } epmd)
        {
            await epmd.StopAsync(LibC.SIGTERM, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            _epmd = null;
        }
    }

    /// <summary>Stops the broker's epmd too (after <see cref="ManagedServer.KillAsync"/>).</summary>
    public async Task StopEpmdAsync()
    {
        if (_epmd is { } epmd)
        {
            await epmd.StopAsync(LibC.SIGTERM, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            _epmd = null;
        }
    }

    /// <summary>AMQP 0-9-1 handshake: send the protocol header, expect a Connection.Start method frame.</summary>
    public override async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port, cancellationToken).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync("AMQP\0\0\u0009\u0001"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            var header = new byte[11];
            var total = 0;
            while (total < header.Length)
            {
                var read = await stream.ReadAsync(header.AsMemory(total), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return false;
                }
                total += read;
            }
            // frame type 1 (method), channel 0, class 10 (connection), method 10 (start)
            return header[0] == 1 && header[1] == 0 && header[2] == 0 && header[7] == 0 && header[8] == 10 && header[9] == 0 && header[10] == 10;
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return false;
        }
    }

    /// <summary>Creates a virtual host and gives guest full rights on it (management API when
    /// enabled, else rabbitmqctl). Names: letters, digits, '_', '-', '.', at most 100.</summary>
    public async Task CreateVirtualHostAsync(string virtualHost, CancellationToken cancellationToken = default)
    {
        if (!VirtualHostName().IsMatch(virtualHost))
        {
            throw new ArgumentException($"Invalid virtual host name '{virtualHost}': use 1-100 letters, digits, '_', '-' or '.'.", nameof(virtualHost));
        }
        if (ManagementPort is { } port)
        {
            using var http = ManagementClient(port);
            var escaped = Uri.EscapeDataString(virtualHost);
            (await http.PutAsync($"api/vhosts/{escaped}", null, cancellationToken).ConfigureAwait(false)).EnsureSuccessStatusCode();
            using var permissions = new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json");
            (await http.PutAsync($"api/permissions/{escaped}/{User}", permissions, cancellationToken).ConfigureAwait(false)).EnsureSuccessStatusCode();
            return;
        }
        // One eval instead of add_vhost + set_permissions: each CLI call boots an Erlang VM (~0.9 s).
        await RabbitMqCtlAsync(
        [
            "eval",
            $"ok = rabbit_vhost:add(<<\"{virtualHost}\">>, <<\"salesmesh\">>), " +
            $"ok = rabbit_auth_backend_internal:set_permissions(<<\"{User}\">>, <<\"{virtualHost}\">>, <<\".*\">>, <<\".*\">>, <<\".*\">>, <<\"salesmesh\">>).",
        ], cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteVirtualHostAsync(string virtualHost, CancellationToken cancellationToken = default)
    {
        if (ManagementPort is { } port)
        {
            using var http = ManagementClient(port);
            var response = await http.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(virtualHost)}", cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != System.Net.HttpStatusCode.NotFound)
            {
                response.EnsureSuccessStatusCode();
            }
            return;
        }
        await RabbitMqCtlAsync(["delete_vhost", virtualHost], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs rabbitmqctl against this node (same HOME/cookie, node name and ports).</summary>
    public async Task<string> RabbitMqCtlAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo(Path.Combine(options.BinDirectory, "rabbitmqctl"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Base,
        };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in Environment())
        {
            psi.Environment[key] = value;
        }
        using var process = System.Diagnostics.Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Name}: rabbitmqctl {string.Join(' ', arguments)} failed ({process.ExitCode}): {(await error.ConfigureAwait(false)).Trim()}");
        }
        return await output.ConfigureAwait(false);
    }

    public void DeleteData()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name}: stop the server before deleting its data.");
        }
        if (Directory.Exists(Base))
        {
            Directory.Delete(Base, recursive: true);
        }
    }

    private HttpClient ManagementClient(int port)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{User}:{Pass}")));
        return http;
    }

    /// <summary>Every variable the scripts read, so nothing leaks in from the host (INFRA.md).</summary>
    private Dictionary<string, string?> Environment() => new()
    {
        ["HOME"] = Path.Combine(Base, "home"),
        ["RABBITMQ_NODENAME"] = "salesmesh@localhost",
        ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_NODE_PORT"] = Port.ToString(),
        ["RABBITMQ_DIST_PORT"] = DistributionPort.ToString(),
        ["ERL_EPMD_PORT"] = EpmdPort.ToString(),
        ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_CTL_DIST_PORT_MIN"] = (Port + 3).ToString(),
        ["RABBITMQ_CTL_DIST_PORT_MAX"] = (Port + 6).ToString(),
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(Base, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(Base, "log"),
        ["RABBITMQ_LOGS"] = "-",
        ["RABBITMQ_CONFIG_FILE"] = Path.Combine(Base, "rabbitmq.conf"),
        ["RABBITMQ_CONFIG_FILES"] = Path.Combine(Base, "conf.d"),
        ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(Base, "advanced.config"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(Base, "enabled_plugins"),
        ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(Base, "rabbitmq-env.conf"),
        ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1} -start_epmd false",
        ["RABBITMQ_PID_FILE"] = Path.Combine(Base, "rabbitmq.pid"),
        // CLI tools would otherwise try to spawn a daemon epmd of their own.
        ["RABBITMQ_CTL_ERL_ARGS"] = "-start_epmd false",
        ["NOTIFY_SOCKET"] = null,
    };

    private void WriteConfiguration()
    {
        foreach (var dir in new[] { "home", "mnesia", "log", "conf.d" })
        {
            Directory.CreateDirectory(Path.Combine(Base, dir));
        }
        var config = new StringBuilder();
        if (ManagementPort is { } port)
        {
            config.AppendLine("management.tcp.ip = 127.0.0.1").AppendLine($"management.tcp.port = {port}");
        }
        File.WriteAllText(Path.Combine(Base, "rabbitmq.conf"), config.ToString());
        File.WriteAllText(Path.Combine(Base, "advanced.config"), "[].\n");
        File.WriteAllText(Path.Combine(Base, "enabled_plugins"), options.EnableManagementPlugin ? "[rabbitmq_management].\n" : "[].\n");
        File.WriteAllText(Path.Combine(Base, "rabbitmq-env.conf"), "");
    }

    /// <summary>Unix socket paths must stay under 108 bytes; long data paths use /tmp instead.</summary>
    private string NotifySocketPath()
    {
        var path = Path.Combine(Base, "notify.sock");
        if (Encoding.UTF8.GetByteCount(path) < 100)
        {
            return path;
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Base)))[..16];
        return Path.Combine(Path.GetTempPath(), $"salesmesh-rmq-{hash}.sock");
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,100}$")]
    private static partial Regex VirtualHostName();
}
