using System.Diagnostics;
using SalesMesh.Testing;

namespace SalesMesh.Activities.SubmitBench;

/// <summary>
/// One timed run: how many records, how long, every per-record latency, and the CPU seconds this
/// process (service and clients) and the PostgreSQL server used meanwhile (NaN when not measured).
/// <see cref="Elapsed"/> and the CPU include <see cref="Settling"/>: the time after the last call
/// until the records' events were published (the outbox relay runs behind the calls under load, and
/// a rate that left that work for later would not be sustainable).
/// </summary>
internal sealed record Measurement(string Name, int Records, TimeSpan Elapsed, double[] LatenciesMs,
    double ProcessCpuSeconds = double.NaN, double PostgresCpuSeconds = double.NaN, TimeSpan Settling = default)
{
    public double RecordsPerSecond => Records / Elapsed.TotalSeconds;

    /// <summary>Machine CPU per record (this process + PostgreSQL), in ms: steadier than throughput on a shared machine.</summary>
    public double CpuMsPerRecord => (ProcessCpuSeconds + PostgresCpuSeconds) * 1000 / Records;
    public double PostgresCpuMsPerRecord => PostgresCpuSeconds * 1000 / Records;
    public double P50 => Percentile(0.50);
    public double P99 => Percentile(0.99);

    private double Percentile(double p)
    {
        var sorted = LatenciesMs.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    /// <summary>
    /// Runs <paramref name="clients"/> concurrent loops of <paramref name="perClient"/> operations
    /// each, then waits for <paramref name="settle"/> (when given) before stopping the clock and the meter.
    /// </summary>
    public static async Task<Measurement> RunAsync(string name, int clients, int perClient, Func<int, int, Task> operation,
        CpuMeter? cpu = null, Func<Task>? settle = null)
    {
        var latencies = new double[clients * perClient];
        var cpuBefore = cpu?.Now() ?? (double.NaN, double.NaN);
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            for (int i = 0; i < perClient; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await operation(client, i);
                latencies[client * perClient + i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        var calls = total.Elapsed;
        if (settle is not null)
        {
            await settle();
        }
        total.Stop();
        var cpuAfter = cpu?.Now() ?? (double.NaN, double.NaN);
        return new Measurement(name, clients * perClient, total.Elapsed, latencies,
            cpuAfter.Service - cpuBefore.Service, cpuAfter.Postgres - cpuBefore.Postgres, total.Elapsed - calls);
    }
}
