using System.Globalization;

namespace SalesMesh.Testing;

/// <summary>
/// For the benchmarks: CPU seconds used so far by this process (a service hosted in-process and its
/// clients) and by the PostgreSQL server of a cluster directory (postmaster, live backends, and
/// backends that exited — pgbench's — through the postmaster's reaped-children times). CPU per operation is steadier than
/// throughput on a shared, noisy machine: other people's load slows a round down but does not
/// add to these counters.
/// </summary>
public sealed class CpuMeter(string postgresClusterDirectory)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public (double Service, double Postgres) Now() => (Self(), Postgres());

    private static double Self() => Times(Environment.ProcessId, children: false);

    private double Postgres()
    {
        try
        {
            var postmaster = int.Parse(File.ReadLines(Path.Combine(postgresClusterDirectory, "pgdata", "postmaster.pid")).First(), CultureInfo.InvariantCulture);
            var total = Times(postmaster, children: true);
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(dir), out var pid) && Fields(pid) is { } f && int.Parse(f[1], CultureInfo.InvariantCulture) == postmaster)
                    total += (long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
            }
            return total;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return double.NaN;
        }
    }

    private static double Times(int pid, bool children)
    {
        var f = Fields(pid);
        if (f is null)
            return double.NaN;
        var ticks = long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
        if (children)
            ticks += long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture);
        return ticks / TicksPerSecond;
    }

    /// <summary>/proc/pid/stat after the command name: [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime.</summary>
    private static string[]? Fields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }
}
