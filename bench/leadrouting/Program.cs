using Grpc.Net.Client;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.LeadRoutingBench;
using SalesMesh.Testing;

// LeadRouting benchmark (issue 4): see README.md. Usage: bench/leadrouting/run.sh [--option value]…
var options = BenchOptions.Parse(args);
Console.WriteLine($"LeadRouting bench {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC, {Environment.ProcessorCount} cores, load average {Stats.LoadAverage()}");
Console.WriteLine($"options: {options}");

await using var host = new BenchHost();
await host.StartAsync(options);
Console.WriteLine($"PostgreSQL 15 ({(options.FastWrites ? "fsync OFF" : "durable: fsync on, synchronous_commit on")}), log {host.PostgresLog}");
Console.WriteLine(host.OperationsWiredByService
    ? "SLA clocks: the service wires AddLeadOperations itself."
    : "SLA clocks: the service does not wire AddLeadOperations yet; the bench adds exactly that call (LeadOperationsExtensions) so intake schedules SLA timers and the worker runs.");

using (var seedChannel = GrpcChannel.ForAddress(host.GrpcAddress))
    await RosterSeed.SeedAsync(new LeadRoutingService.LeadRoutingServiceClient(seedChannel), host.IdentityOf(RosterSeed.Admin));
Console.WriteLine($"seeded {RosterSeed.Reps} reps over {RosterSeed.Territories.Length} territories × {RosterSeed.ProductLines.Length} product lines, policy v2");

var leads = new LeadFactory(options.DuplicateShare);
using var load = new IntakeLoad(host, leads, options.Clients);

if (options.Runs("probe"))
{
    // Logs every statement of a few intakes (to see what one intake sends; PgBenchBaseline mirrors its writes).
    await host.Postgres.PsqlAsync("ALTER SYSTEM SET log_statement = 'all'");
    await host.Postgres.PsqlAsync("SELECT pg_reload_conf()");
    await Task.Delay(500);
    Console.WriteLine($"probe: {await load.ClosedLoopAsync(TimeSpan.FromSeconds(0.2))}");
    await host.Postgres.PsqlAsync("ALTER SYSTEM RESET log_statement");
    await host.Postgres.PsqlAsync("SELECT pg_reload_conf()");
}

// Long enough for tiered JIT to reach steady code (EF Core, Npgsql and MassTransit are not precompiled).
var warmup = await load.ClosedLoopAsync(TimeSpan.FromSeconds(options.WarmupSeconds));
var warmupDrain = await host.DrainOutboxAsync(); // the warm-up's events, so round 1 does not publish them
Console.WriteLine($"warm-up: {warmup.Ok} leads in {Stats.F(warmup.Seconds)} s ({warmup.Errors} errors{(warmup.FirstError is null ? "" : ": " + warmup.FirstError)}); {warmupDrain.Unpublished} events unpublished at its end, published {Stats.F(warmupDrain.Seconds, 2)} s later");

var closed = new List<LoadResult>();
var cpu = new CpuMeter(host.Postgres.ClusterDirectory);
var closedCpu = new List<(double Service, double Postgres)>();
var closedDrain = new List<double>();
var baselineCpu = new List<double>();
var baseline = new List<(double Tps, double LatencyMs, long Transactions, long Failed)>();
PgBenchBaseline? pgbench = null;
if (options.Runs("pgbench"))
{
    pgbench = new PgBenchBaseline(host, options.Clients);
    await pgbench.PrepareAsync();
    Console.WriteLine($"pgbench script (same writes as one new-lead intake): {pgbench.ScriptPath}");
}
if (options.Runs("closed") || pgbench is not null)
{
    Console.WriteLine();
    Console.WriteLine($"== (a) closed loop, {options.Clients} gRPC clients, vs (c) pgbench, {options.Clients} clients; {options.RoundSeconds} s each, alternating");
    Console.WriteLine("round  what        load avg          leads|tx/s   p50 ms   p99 ms   max ms   ok      errors  merged  pooled  CPU ms per lead|tx: service, PostgreSQL  events unpublished at the last call, drain s");
    for (var round = 1; round <= options.Rounds; round++)
    {
        // Flip the order every round so drift (other people's builds) does not favour one side.
        var order = round % 2 == 1 ? new[] { "closed", "pgbench" } : ["pgbench", "closed"];
        foreach (var what in order)
        {
            var loadAverage = Stats.LoadAverage();
            var before = cpu.Now();
            if (what == "closed" && options.Runs("closed"))
            {
                var r = await load.ClosedLoopAsync(TimeSpan.FromSeconds(options.RoundSeconds));
                // The round ends when its events are published: the drain's time and CPU are part of the intakes.
                var drain = await host.DrainOutboxAsync();
                var after = cpu.Now();
                r = r.Plus(drain.Seconds);
                closed.Add(r);
                closedDrain.Add(drain.Seconds);
                // Whole process (service, its clients, sealer, outbox relay) and whole server, per lead served.
                var perLead = ((after.Service - before.Service) * 1000 / r.Ok, (after.Postgres - before.Postgres) * 1000 / r.Ok);
                closedCpu.Add(perLead);
                Console.WriteLine($"{round,5}  intake      {loadAverage,-17} {Stats.F(r.Throughput),12} {Stats.F(r.P50, 2),8} {Stats.F(r.P99, 2),8} {Stats.F(r.Max, 0),8} {r.Ok,-7} {r.Errors,-7} {r.Merged,-7} {r.Pooled,-7} {Stats.F(perLead.Item1, 2)}, {Stats.F(perLead.Item2, 2),-28} {drain.Unpublished}, {Stats.F(drain.Seconds, 2)}{(r.FirstError is null ? "" : "  first error: " + r.FirstError)}");
            }
            else if (what == "pgbench" && pgbench is not null)
            {
                var b = await pgbench.RunAsync(options.RoundSeconds);
                // The same rule as intake: the round ends when the service's outbox has nothing left to
                // publish. pgbench's own outbox rows are in the copy database, which no relay reads (see
                // README), and the intake round before drained, so this should find nothing.
                var drain = await host.DrainOutboxAsync();
                b = b with { Tps = b.Transactions / (b.Transactions / b.Tps + drain.Seconds) };
                var perTx = (cpu.Now().Postgres - before.Postgres) * 1000 / b.Transactions;
                baseline.Add(b);
                baselineCpu.Add(perTx);
                Console.WriteLine($"{round,5}  pgbench     {loadAverage,-17} {Stats.F(b.Tps),12}   (avg latency {Stats.F(b.LatencyMs, 2)} ms)  {b.Transactions,-7} {b.Failed,-7}                 -, {Stats.F(perTx, 2),-28} {drain.Unpublished}, {Stats.F(drain.Seconds, 2)}");
            }
        }
    }
}

LoadResult? open = null;
if (options.Runs("open"))
{
    Console.WriteLine();
    Console.WriteLine($"== (b) open loop, {options.OpenLoopRate} leads/s offered for {options.OpenLoopSeconds} s (latency from the scheduled send time)");
    var loadAverage = Stats.LoadAverage();
    open = await load.OpenLoopAsync(options.OpenLoopRate, TimeSpan.FromSeconds(options.OpenLoopSeconds));
    Console.WriteLine($"load avg {loadAverage}: offered {(int)(options.OpenLoopRate * options.OpenLoopSeconds)}, completed {open.Ok} ({Stats.F(open.Throughput)}/s incl. drain), p50 {Stats.F(open.P50, 2)} ms, p99 {Stats.F(open.P99, 2)} ms, max {Stats.F(open.Max, 0)} ms; served calls only: p50 {Stats.F(open.ServedP50, 2)} ms, p99 {Stats.F(open.ServedP99, 2)} ms; errors/unfinished {open.Errors}{(open.FirstError is null ? "" : " (" + open.FirstError + ")")}");
    // Reported, not added to the served rate (the target here is latency); also keeps the relay's backlog out of (d).
    var openDrain = await host.DrainOutboxAsync();
    Console.WriteLine($"events unpublished when the last call ended: {openDrain.Unpublished}, all published {Stats.F(openDrain.Seconds, 2)} s later (not in the rates above)");
}

var timerResults = new List<(double Window, double? Observe, TimerLagResult Result)>();
if (options.Runs("timers"))
{
    foreach (var (window, observe) in options.TimerRuns())
    {
        Console.WriteLine();
        Console.WriteLine($"== (d) SLA clocks: {options.Timers} timers due evenly over {window} s ({Stats.F(options.Timers / window)}/s), "
            + (observe is null ? "until all fired" : $"observed for the first {observe} s") + $", {options.TimerWorkers} worker loop(s)");
        var loadAverage = Stats.LoadAverage();
        var t = await new TimerLagBench(host).RunAsync(options.Timers, window, observe, leadSeconds: 30);
        timerResults.Add((window, observe, t));
        Console.WriteLine($"load avg {loadAverage} → {Stats.LoadAverage()}: pending before {t.PendingBefore} (intake's own clocks), inserted in {Stats.F(t.InsertSeconds)} s (first due {Stats.F(t.SlackSeconds)} s after commit), pending at the end {t.PendingAtEnd}");
        Console.WriteLine($"fired {t.Fired}, due but unfired {t.Unfired}; lag p50 {Stats.F(t.P50, 0)} ms, p99 {Stats.F(t.P99, 0)} ms, max {Stats.F(t.Max, 0)} ms; fired {Stats.F(t.FiredPerSecond)}/s");
    }
}

var leadCount = (await host.Postgres.PsqlAsync("SELECT count(*) FROM lead_routing.leads", database: host.Database)).Trim();
var drafts = (await host.Postgres.PsqlAsync("SELECT count(*) FROM lead_routing.lead_history_drafts", database: host.Database)).Trim();
Console.WriteLine();
Console.WriteLine($"leads stored: {leadCount}; history drafts still waiting for the sealer: {drafts}");
if (pgbench is not null)
{
    var baselineEvents = (await host.Postgres.PsqlAsync("SELECT count(*) FILTER (WHERE sent_at IS NULL) || ' of ' || count(*) FROM lead_routing.outbox_messages", database: pgbench.Database)).Trim();
    Console.WriteLine($"pgbench's outbox rows never published (the copy database has no relay): {baselineEvents}");
}

Console.WriteLine();
Console.WriteLine($"== summary (load average now {Stats.LoadAverage()})");
if (closed.Count > 0)
{
    var tput = Stats.Median(closed.Select(r => r.Throughput));
    Console.WriteLine($"(a) intake closed loop, rounds ending when their events are published: median {Stats.F(tput)} leads/s (target >= 1000: {(tput >= 1000 ? "MET" : "NOT MET")}), median p50 {Stats.F(Stats.Median(closed.Select(r => r.P50)), 2)} ms, median p99 {Stats.F(Stats.Median(closed.Select(r => r.P99)), 2)} ms");
    Console.WriteLine($"    drain after the last call per round: {string.Join(", ", closedDrain.Select(d => Stats.F(d, 2)))} s");
    Console.WriteLine($"    CPU per lead (median): bench process {Stats.F(Stats.Median(closedCpu.Select(c => c.Service)), 2)} ms, PostgreSQL {Stats.F(Stats.Median(closedCpu.Select(c => c.Postgres)), 2)} ms");
}
if (open is not null)
    Console.WriteLine($"(b) open loop {options.OpenLoopRate}/s: p99 {Stats.F(open.P99, 2)} ms (target < 50 ms: {(open.P99 < 50 ? "MET" : "NOT MET")}), achieved {Stats.F(open.Throughput)}/s");
if (baseline.Count > 0)
{
    Console.WriteLine($"(c) pgbench same writes: median {Stats.F(Stats.Median(baseline.Select(b => b.Tps)))} tx/s, PostgreSQL CPU per transaction (median) {Stats.F(Stats.Median(baselineCpu), 2)} ms");
    if (closed.Count > 0)
    {
        var ratios = closed.Zip(baseline, (a, c) => a.Throughput / c.Tps).ToList();
        var ratio = Stats.Median(ratios);
        Console.WriteLine($"    ratio (a)/(c) per round: {string.Join(", ", ratios.Select(x => Stats.F(x, 3)))}; median {Stats.F(ratio, 3)} (target >= 0.5: {(ratio >= 0.5 ? "MET" : "NOT MET")})");
    }
}
foreach (var (window, observe, t) in timerResults)
    Console.WriteLine($"(d) SLA clocks, {t.Timers} due over {window} s{(observe is null ? "" : $" (first {observe} s)")} + {t.PendingBefore} intake clocks: p99 lag {Stats.F(t.P99, 0)} ms (target < 2000 ms: {(t.P99 < 2000 ? "MET" : "NOT MET")})");
return 0;
