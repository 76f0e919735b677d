using System.Diagnostics;

namespace SalesMesh.Activities.SubmitBench;

/// <summary>One timed run: how many records, how long, every per-record latency.</summary>
public sealed record Measurement(string Name, int Records, TimeSpan Elapsed, double[] LatenciesMs)
{
    public double RecordsPerSecond => Records / Elapsed.TotalSeconds;
    public double P50 => Percentile(0.50);
    public double P99 => Percentile(0.99);

    private double Percentile(double p)
    {
        var sorted = LatenciesMs.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    /// <summary>Runs <paramref name="clients"/> concurrent loops of <paramref name="perClient"/> operations each.</summary>
    public static async Task<Measurement> RunAsync(string name, int clients, int perClient, Func<int, int, Task> operation)
    {
        var latencies = new double[clients * perClient];
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
        total.Stop();
        return new Measurement(name, clients * perClient, total.Elapsed, latencies);
    }
}
