using System.Diagnostics;
using Grpc.Net.Client;
using SalesMesh.Bench.V1;

namespace SalesMesh.Bench;

/// <summary>
/// Our client's unary throughput: C concurrent loops calling Echo for S seconds on one channel;
/// prints calls/s and latency percentiles as one JSON line.
/// </summary>
internal static class ClientBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var address = Options.Get(args, "address", "http://127.0.0.1:5100");
        var seconds = double.Parse(Options.Get(args, "seconds", "10"), System.Globalization.CultureInfo.InvariantCulture);
        var concurrency = int.Parse(Options.Get(args, "concurrency", "64"), System.Globalization.CultureInfo.InvariantCulture);

        using var channel = GrpcChannel.ForAddress(address);
        var client = new BenchService.BenchServiceClient(channel);
        var request = new EchoRequest { Text = "hello", Id = 1 };

        // Warm-up: JIT, connection(s), tiered compilation.
        await RunLoops(client, request, concurrency, TimeSpan.FromSeconds(2));
        var (count, latencies, elapsed) = await RunLoops(client, request, concurrency, TimeSpan.FromSeconds(seconds));

        latencies.Sort();
        double Percentile(double p) => latencies[(int)Math.Min(latencies.Count - 1, Math.Floor(p * latencies.Count))];
        Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new
        {
            calls = count,
            seconds = elapsed.TotalSeconds,
            callsPerSecond = count / elapsed.TotalSeconds,
            p50Ms = Percentile(0.50),
            p99Ms = Percentile(0.99),
            concurrency,
        }));
        return 0;
    }

    private static async Task<(long Count, List<double> LatenciesMs, TimeSpan Elapsed)> RunLoops(
        BenchService.BenchServiceClient client, EchoRequest request, int concurrency, TimeSpan duration)
    {
        var stopwatch = Stopwatch.StartNew();
        var perLoop = new List<double>[concurrency];
        var loops = Enumerable.Range(0, concurrency).Select(i => Task.Run(async () =>
        {
            var mine = perLoop[i] = new List<double>(1 << 16);
            while (stopwatch.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                var response = await client.EchoAsync(request);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (response.Id != 1)
                {
                    throw new InvalidOperationException("wrong answer");
                }
            }
        })).ToArray();
        await Task.WhenAll(loops);
        var elapsed = stopwatch.Elapsed;
        var all = perLoop.SelectMany(l => l).ToList();
        return (all.Count, all, elapsed);
    }
}
