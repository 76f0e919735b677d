using System.Globalization;

namespace SalesMesh.LeadRoutingBench;

/// <summary>Command line: <c>--name value</c> pairs; every knob has a default that reproduces RESULTS.md.</summary>
internal sealed record BenchOptions
{
    public int Rounds { get; init; } = 3;
    public double RoundSeconds { get; init; } = 20;
    public int Clients { get; init; } = 16;
    public double DuplicateShare { get; init; } = 0.10;
    public double OpenLoopRate { get; init; } = 500;
    public double OpenLoopSeconds { get; init; } = 30;
    public int Timers { get; init; } = 100_000;
    public double TimerWindowSeconds { get; init; } = 120;
    public int TimerWorkers { get; init; } = 1;
    public bool FastWrites { get; init; }
    /// <summary>Comma list of phases: closed, open, pgbench, timers (closed and pgbench alternate).</summary>
    public string Phases { get; init; } = "closed,pgbench,open,timers";

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
                "--rate" => options with { OpenLoopRate = D() },
                "--open-seconds" => options with { OpenLoopSeconds = D() },
                "--timers" => options with { Timers = I() },
                "--timer-window" => options with { TimerWindowSeconds = D() },
                "--timer-workers" => options with { TimerWorkers = I() },
                "--fast-writes" => options with { FastWrites = true },
                "--phases" => options with { Phases = Next() },
                _ => throw new ArgumentException($"Unknown option {args[i]}"),
            };
        }
        return options;
    }
}
