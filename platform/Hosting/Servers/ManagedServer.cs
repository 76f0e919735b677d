using SalesMesh.Hosting.Processes;

namespace SalesMesh.Hosting.Servers;

/// <summary>
/// An infrastructure server run as a private child process: own data directory, own loopback
/// port, stopped with us. Used by the AppHost and by the test fixtures alike.
/// </summary>
public abstract class ManagedServer : IAsyncDisposable
{
    private readonly SemaphoreSlim _lifecycle = new(1, 1);

    protected ManagedServer(string name, string dataDirectory, Action<OutputLine>? output)
    {
        Name = name;
        DataDirectory = Path.GetFullPath(dataDirectory);
        Output = output;
    }

    public string Name { get; }
    public string DataDirectory { get; }
    protected Action<OutputLine>? Output { get; }

    /// <summary>The main server process while it runs (postmaster, redis-server, beam.smp).</summary>
    public ChildProcess? Process { get; protected set; }

    /// <summary>Every pid this server owns right now (main process plus helpers such as epmd).</summary>
    public virtual IReadOnlyList<int> Pids => Process is { HasExited: false } p ? [p.Pid] : [];

    public bool IsRunning => Process is { HasExited: false };

    /// <summary>Starts the server and returns when it accepts clients.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsRunning)
            {
                return;
            }
            Directory.CreateDirectory(DataDirectory);
            Process = null;
            await StartCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Graceful stop (server-specific signal), SIGKILL after the grace period, always reaped.</summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopCoreAsync(kill: false).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>SIGKILL, as a crash would; reaped before returning so a restart can reuse the data.</summary>
    public async Task KillAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopCoreAsync(kill: true).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>A real protocol round trip (query, PING, AMQP handshake).</summary>
    public abstract Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default);

    /// <summary>The connection string in the format Aspire injects for this resource.</summary>
    public abstract string ConnectionString { get; }

    protected abstract Task StartCoreAsync(CancellationToken cancellationToken);
    protected abstract Task StopCoreAsync(bool kill);

    /// <summary>Polls <paramref name="probe"/> until it passes, failing fast when the process dies.</summary>
    protected async Task WaitUntilAsync(Func<CancellationToken, Task<bool>> probe, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            if (Process is { HasExited: true } dead)
            {
                throw new ServerStartException(Name, $"exited with code {dead.Exited.Result} before it was ready", dead.RecentOutput());
            }
            try
            {
                if (await probe(deadline.Token).ConfigureAwait(false))
                {
                    return;
                }
                await Task.Delay(delay, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ServerStartException(Name, $"not ready after {timeout.TotalSeconds:0} s", Process?.RecentOutput() ?? "");
            }
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 1.5, 250));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }
}

public sealed class ServerStartException(string server, string problem, string recentOutput)
    : Exception($"{server}: {problem}.{(recentOutput.Length > 0 ? "\nLast output:\n" + recentOutput : "")}")
{
    public string Server { get; } = server;
}
