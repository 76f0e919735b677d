using System.Globalization;

namespace SalesMesh.LeadRoutingBench;

/// <summary>Command line: <c>--name value</c> pairs; every knob has a default that reproduces RESULTS.md.</summary>
internal sealed record BenchOptions
{
    public int Rounds { get; init; } = 3;
    public double RoundSeconds { get; init; } = 20;
    public int Clients { get; init; } = 16;
    public double DuplicateShare { get; init; } = 0.10;
    public double WarmupSeconds { get; init; } = 30;
    public double OpenLoopRate { get; init; } = 500;
    public double OpenLoopSeconds { get; init; } = 30;
    public int Timers { get; init; } = 100_000;
    /// <summary>SLA clock runs as "window[:observe]" seconds, comma separated: timers due evenly over the window,
    /// lag measured for those due within the observation time (all of them when omitted).</summary>
    public string TimerWindows { get; init; } = "1800:90,120";
    public int TimerWorkers { get; init; } = 1;
    public bool FastWrites { get; init; }
    /// <summary>Comma list of phases: closed, open, pgbench, timers (closed and pgbench alternate).</summary>
    public string Phases { get; init; } = "closed,pgbench,open,timers";

    public IEnumerable<(double Window, double? Observe)> TimerRuns() => TimerWindows.Split(',').Select(w =>
    {
        var parts = w.Split(':');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), parts.Length > 1 ? double.Parse(parts[1], CultureInfo.InvariantCulture) : (double?)null);
    });

    public bool Runs(string phase) => Phases.Split(',').Contains(phase, StringComparer.OrdinalIgnoreCase);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            double D() => double.Parse(Next(), CultureInfo.InvariantCulture);
            int I() => int.Parse(Next(), CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--rounds" => options with { Rounds = I() },
                "--seconds" => options with { RoundSeconds = D() },
                "--clients" => options with { Clients = I() },
                "--duplicates" => options with { DuplicateShare = D() },
                "--warmup" => options with { WarmupSeconds = D() },
                "--rate" => options with { OpenLoopRate = D() },
                "--open-seconds" => options with { OpenLoopSeconds = D() },
                "--timers" => options with { Timers = I() },
                "--timer-windows" => options with { TimerWindows = Next() },
                "--timer-workers" => options with { TimerWorkers = I() },
                "--fast-writes" => options with { FastWrites = true },
                "--phases" => options with { Phases = Next() },
                _ => throw new ArgumentException($"Unknown option {args[i]}"),
            };
        }
        return options;
    }
}
