using System.Diagnostics;

namespace SalesMesh.Hosting.Processes;

/// <summary>What to start. The child inherits our environment plus <see cref="Environment"/>.</summary>
public sealed class ChildProcessStartInfo
{
    public required string Name { get; init; }
    public required string FileName { get; init; }
    public IReadOnlyList<string> Arguments { get; init; } = [];
    public IDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
    public string? WorkingDirectory { get; init; }

    /// <summary>Run as this user (only possible, and only applied, when we are root).</summary>
    public string? RunAsUser { get; init; }

    /// <summary>Signal the kernel sends the child when the orchestrator dies (SIGTERM by default).</summary>
    public int ParentDeathSignal { get; init; } = LibC.SIGTERM;

    /// <summary>Receives every output line (stdout and stderr).</summary>
    public Action<OutputLine>? OnOutput { get; init; }
}

public readonly record struct OutputLine(string Resource, string Text, bool IsError);

/// <summary>
/// A started child: output captured line by line (last lines kept for error messages), exit
/// observed and reaped, stop by signal with a grace period and SIGKILL after it.
/// </summary>
public sealed class ChildProcess
{
    private const int KeptLines = 200;
    private static readonly bool HasSetpriv = File.Exists("/usr/bin/setpriv") || File.Exists("/bin/setpriv");

    private readonly Process _process;
    private readonly Queue<string> _recent = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }
    public int Pid { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>Completes with the exit code once the child has exited and been reaped.</summary>
    public Task<int> Exited => _exited.Task;
    public bool HasExited => _exited.Task.IsCompleted;

    public static async Task<ChildProcess> StartAsync(ChildProcessStartInfo info)
    {
        var psi = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = info.WorkingDirectory ?? System.Environment.CurrentDirectory,
        };
        if (HasSetpriv)
        {
            // setpriv execs the target, so the child pid is the real server's pid.
            psi.FileName = "setpriv";
            if (info.RunAsUser is { } user && LibC.IsRoot)
            {
                psi.ArgumentList.Add($"--reuid={user}");
                psi.ArgumentList.Add($"--regid={user}");
                psi.ArgumentList.Add("--init-groups");
            }
            psi.ArgumentList.Add("--pdeathsig");
            psi.ArgumentList.Add(SignalName(info.ParentDeathSignal));
            psi.ArgumentList.Add("--");
            psi.ArgumentList.Add(info.FileName);
        }
        else
        {
            psi.FileName = info.FileName;
            if (info.RunAsUser is { } user && LibC.IsRoot)
            {
                psi.UserName = user;
            }
        }
        foreach (var argument in info.Arguments)
        {
            psi.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in info.Environment)
        {
            if (value is null)
            {
                psi.Environment.Remove(key);
            }
            else
            {
                psi.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var child = new ChildProcess(process, info.Name);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data, false, info.OnOutput);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, true, info.OnOutput);
        process.Exited += (_, _) => child.OnExited();
        try
        {
            await ProcessSpawner.StartAsync(process).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            throw new InvalidOperationException($"[{info.Name}] could not start '{info.FileName}': {error.Message}", error);
        }
        child.Pid = process.Id;
        child.StartedAt = DateTimeOffset.UtcNow;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The last output lines, newest last; used to explain failures.</summary>
    public string RecentOutput()
    {
        lock (_recent)
        {
            return string.Join('\n', _recent);
        }
    }

    public bool Signal(int signal) => !HasExited && LibC.Kill(Pid, signal);

    /// <summary>Sends <paramref name="signal"/>, waits up to <paramref name="grace"/>, then SIGKILL; always reaps.</summary>
    public async Task<int> StopAsync(int signal, TimeSpan grace)
    {
        if (!HasExited)
        {
            Signal(signal);
            var finished = await Task.WhenAny(Exited, Task.Delay(grace)).ConfigureAwait(false);
            if (finished != Exited)
            {
                Signal(LibC.SIGKILL);
            }
        }
        return await Exited.ConfigureAwait(false);
    }

    public Task<int> KillAsync() => StopAsync(LibC.SIGKILL, TimeSpan.FromSeconds(30));

    private void OnLine(string? text, bool isError, Action<OutputLine>? sink)
    {
        if (text is null)
        {
            return;
        }
        lock (_recent)
        {
            _recent.Enqueue(text);
            if (_recent.Count > KeptLines)
            {
                _recent.Dequeue();
            }
        }
        sink?.Invoke(new OutputLine(Name, text, isError));
    }

    private void OnExited()
    {
        int code;
        try
        {
            code = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            code = -1;
        }
        _exited.TrySetResult(code);
    }

    private static string SignalName(int signal) => signal switch
    {
        LibC.SIGINT => "INT",
        LibC.SIGKILL => "KILL",
        LibC.SIGTERM => "TERM",
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "Unsupported parent-death signal."),
    };
}
