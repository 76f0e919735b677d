using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using SalesMesh.Contracts.LeadRouting.V1;

namespace SalesMesh.LeadRoutingBench;

/// <summary>What one load round saw.</summary>
/// <param name="ServedP50">Percentiles over the calls that succeeded only: what a served caller waited (refusals are immediate).</param>
internal sealed record LoadResult(double Seconds, int Ok, int Errors, int Merged, int Pooled, double Throughput, double P50, double P99, double Max, string? FirstError,
    double ServedP50, double ServedP99)
{
    public static LoadResult From(double seconds, List<double> latencies, int errors, int merged, int pooled, string? firstError)
    {
        latencies.Sort();
        var served = latencies.Where(double.IsFinite).ToList();
        return new(seconds, served.Count, errors, merged, pooled, served.Count / seconds,
            Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99), latencies.Count == 0 ? double.NaN : latencies[^1], firstError,
            Stats.Percentile(served, 50), Stats.Percentile(served, 99));
    }

    /// <summary>The round lasted <paramref name="seconds"/> longer (its events being published): throughput over the whole time.</summary>
    public LoadResult Plus(double seconds) => this with { Seconds = Seconds + seconds, Throughput = Ok / (Seconds + seconds) };
}

/// <summary>IntakeLead over gRPC: N closed-loop clients, or an open-loop schedule at a fixed rate.</summary>
internal sealed class IntakeLoad(BenchHost host, LeadFactory leads, int clients) : IDisposable
{
    private readonly GrpcChannel[] _channels = Enumerable.Range(0, clients)
        .Select(_ => GrpcChannel.ForAddress(host.GrpcAddress, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true } }))
        .ToArray();
    private readonly Metadata _identity = host.IdentityOf(RosterSeed.IntakeDesk);

    private static readonly TimeSpan StragglerLimit = TimeSpan.FromSeconds(30);

    /// <summary>Each client sends its next lead as soon as the previous answer arrived.</summary>
    public async Task<LoadResult> ClosedLoopAsync(TimeSpan duration)
    {
        var latencies = new List<double>[clients];
        int errors = 0, merged = 0, pooled = 0;
        string? firstError = null;
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var client = new LeadRoutingService.LeadRoutingServiceClient(_channels[c]);
            var mine = latencies[c] = new List<double>(8192);
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var request = leads.Next();
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    var response = await client.IntakeLeadAsync(request, _identity);
                    mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    Count(response, ref merged, ref pooled);
                }
                catch (RpcException ex)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, ex.Status.ToString(), null);
                }
            }
        }));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return LoadResult.From(seconds, [.. latencies.SelectMany(l => l)], errors, merged, pooled, firstError);
    }

    /// <summary>
    /// Sends at a fixed rate whatever the answers do; latency runs from the SCHEDULED send time
    /// (not the actual one), so a stalled service is charged for the requests it delayed
    /// (no coordinated omission). Calls have a 30 s deadline; failures count with infinite latency.
    /// </summary>
    public async Task<LoadResult> OpenLoopAsync(double ratePerSecond, TimeSpan duration)
    {
        var latencies = new ConcurrentBag<double>();
        int errors = 0, merged = 0, pooled = 0;
        string? firstError = null;
        var total = (int)(ratePerSecond * duration.TotalSeconds);
        var inFlight = new List<Task>(total);
        var started = Stopwatch.GetTimestamp();
        var ticksPerRequest = Stopwatch.Frequency / ratePerSecond;
        var sent = 0;
        while (sent < total)
        {
            var due = (int)Math.Min(total, (Stopwatch.GetTimestamp() - started) / ticksPerRequest + 1);
            for (; sent < due; sent++)
            {
                var scheduled = started + (long)(sent * ticksPerRequest);
                var client = new LeadRoutingService.LeadRoutingServiceClient(_channels[sent % _channels.Length]);
                var request = leads.Next();
                inFlight.Add(Task.Run(async () =>
                {
                    try
                    {
                        // A deadline, so a backlog is cancelled in the service too and does not leak into the next phase.
                        var response = await client.IntakeLeadAsync(request, _identity, deadline: DateTime.UtcNow + StragglerLimit);
                        latencies.Add(Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds);
                        Count(response, ref merged, ref pooled);
                    }
                    catch (RpcException ex)
                    {
                        latencies.Add(double.PositiveInfinity);
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, ex.Status.ToString(), null);
                    }
                }));
            }
            await Task.Delay(1);
        }
        // Every call ends by its deadline; a failed or timed-out call counts with infinite latency.
        await Task.WhenAll(inFlight);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return LoadResult.From(seconds, [.. latencies], errors, merged, pooled, firstError);
    }

    private static void Count(IntakeLeadResponse response, ref int merged, ref int pooled)
    {
        if (response.MergeId.Length > 0)
            Interlocked.Increment(ref merged);
        else if (response.Status == LeadStatus.PublicPool)
            Interlocked.Increment(ref pooled);
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
            channel.Dispose();
    }
}
