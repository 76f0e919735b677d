using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.Orchestration;
using SalesMesh.Hosting.Processes;

namespace SalesMesh.Hosting.Tests;

/// <summary>
/// No child may outlive the AppHost: not after SIGTERM (orderly stop) and not after SIGKILL
/// (the kernel's parent-death signal). Includes RabbitMQ's beam.smp and its epmd.
/// </summary>
public sealed class OrphanTests
{
    [Theory]
    [InlineData(LibC.SIGTERM)]
    [InlineData(LibC.SIGKILL)]
    public async Task Every_child_is_gone_after_the_apphost_is_signalled(int signal)
    {
        var dataDirectory = TestPaths.NewTempDirectory("orphans");
        var dll = ProjectOutput.FindDll(Path.Combine(TestPaths.ProjectDirectory, TestPaths.TestServiceProject), "Debug");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { dll, "orchestrate", dataDirectory })
        {
            psi.ArgumentList.Add(argument);
        }
        using var apphost = Process.Start(psi)!;
        try
        {
            var pids = await ReadPidsAsync(apphost, TimeSpan.FromMinutes(2));
            Assert.Equal(4, pids.Count); // redis-server, beam.smp, epmd, sleep
            Assert.All(pids, pid => Assert.True(LibC.ProcessExists(pid)));
            var names = pids.Select(pid => File.ReadAllText($"/proc/{pid}/comm").Trim()).Order().ToList();
            Assert.Contains("beam.smp", names);
            Assert.Contains("epmd", names);

            LibC.Kill(apphost.Id, signal);
            await apphost.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (signal == LibC.SIGTERM)
            {
                Assert.Equal(0, apphost.ExitCode);
            }
            await TestPaths.EventuallyAsync(() => pids.All(pid => !IsLive(pid)), TimeSpan.FromSeconds(20),
                $"all of {string.Join(",", pids)} to exit after signal {signal}");
        }
        finally
        {
            if (!apphost.HasExited)
            {
                apphost.Kill();
            }
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<List<int>> ReadPidsAsync(Process apphost, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (await apphost.StandardOutput.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.StartsWith("PIDS ", StringComparison.Ordinal))
            {
                return [.. line[5..].Split(',').Select(int.Parse)];
            }
        }
        Assert.Fail($"orchestrator exited without reporting pids: {await apphost.StandardError.ReadToEndAsync()}");
        return [];
    }

    /// <summary>Exited children of a killed parent may linger as zombies until init reaps them.</summary>
    private static bool IsLive(int pid)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("State:", StringComparison.Ordinal));
            return status is not null && !status.Contains("zombie", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException or IOException)
        {
            return false;
        }
    }
}
