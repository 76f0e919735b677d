using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace SalesMesh.Grpc.Interop.Tests.Infrastructure;

/// <summary>
/// A node script from node/ (or buf from its node_modules) run as a child process; stdout is read
/// line by line so a test can react to a peer while it runs. Fails with a clear message when the
/// npm tools were never installed — installing is the test script's job, not the test's.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly System.Text.StringBuilder _stderr = new();

    private NodeProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.Writer.TryComplete();
            }
            else
            {
                _lines.Writer.TryWrite(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public static void EnsureInstalled()
    {
        if (!Directory.Exists(Path.Combine(RepoPaths.NodeDir, "node_modules", "@grpc", "grpc-js")) ||
            !File.Exists(Path.Combine(RepoPaths.NodeDir, "node_modules", ".bin", "buf")))
        {
            throw new InvalidOperationException(
                $"The interop tests need the pinned npm tools in {RepoPaths.NodeDir}/node_modules, which are missing. " +
                "Install them first: scripts/npm-tools.sh  (or: cd tests/SalesMesh.Grpc.Interop.Tests/node && npm ci).");
        }
    }

    /// <summary>Starts `node script args` in node/.</summary>
    public static NodeProcess StartNode(string script, params string[] args) =>
        Start("node", [Path.Combine(RepoPaths.NodeDir, script), .. args]);

    /// <summary>Starts the pinned buf binary.</summary>
    public static NodeProcess StartBuf(params string[] args) =>
        Start(Path.Combine(RepoPaths.NodeDir, "node_modules", ".bin", "buf"), args);

    private static NodeProcess Start(string fileName, string[] args)
    {
        EnsureInstalled();
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = RepoPaths.NodeDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return new NodeProcess(new Process { StartInfo = info });
    }

    /// <summary>Next stdout line, or an exception naming the process's stderr on timeout/exit.</summary>
    public async Task<string> ReadLineAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            if (await _lines.Reader.WaitToReadAsync(cts.Token) && _lines.Reader.TryRead(out var line))
            {
                return line;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No output within {timeout}. stderr: {StandardError}");
        }

        await _process.WaitForExitAsync();
        throw new InvalidOperationException($"Process exited ({_process.ExitCode}) without more output. stderr: {StandardError}");
    }

    public async Task<JsonElement> ReadJsonLineAsync(TimeSpan timeout) =>
        JsonDocument.Parse(await ReadLineAsync(timeout)).RootElement.Clone();

    /// <summary>Waits for exit and returns all remaining stdout.</summary>
    public async Task<string> ReadToEndAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var output = new System.Text.StringBuilder();
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(cts.Token))
            {
                output.AppendLine(line);
            }

            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Process did not finish within {timeout}. stdout: {output} stderr: {StandardError}");
        }

        return output.ToString();
    }

    /// <summary>Closes stdin, which the node server takes as "shut down".</summary>
    public void CloseInput() => _process.StandardInput.Close();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.StandardInput.Close();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (Exception)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }
}
