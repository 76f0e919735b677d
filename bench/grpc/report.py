"""Turns one bench/grpc/run.sh run into a Markdown report: per target the median over rounds of
req/s, p50 and p99 latency (from h2load's per-request log), failures, and the ratios a/b, a/c."""
import json
import re
import statistics
import sys
from pathlib import Path

work, rounds, h2cmd, clientcmd = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
warmup_s = float(sys.argv[5].rstrip("s"))
names = {"a": "(a) our gRPC server", "b": "(b) plain Kestrel HTTP/2", "c": "(c) @grpc/grpc-js"}


def percentile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(p * len(sorted_values)))]


def one_round(target, r):
    out = (work / f"out.{target}.{r}").read_text()
    rps = float(re.search(r"finished in .*?, ([\d.]+) req/s", out).group(1))
    failed = int(re.search(r"requests: .*? (\d+) failed", out).group(1))
    lat, non200 = [], 0
    for line in (work / f"log.{target}.{r}").read_text().splitlines():
        _, status, micros = line.split("\t")
        non200 += status != "200"
        lat.append(int(micros) / 1000)
    lat.sort()
    after, before = map(float, (work / f"cpu.{target}.{r}").read_text().split())
    # CPU was read around warm-up + measured window; assume the warm-up ran at the same rate.
    measured_s = float(re.search(r"finished in ([\d.]+)s", out).group(1))
    requests = rps * (measured_s + warmup_s)
    cpu_us = (after - before) * 1e6 / requests if requests else float("nan")
    return rps, percentile(lat, 0.50), percentile(lat, 0.99), failed + non200, cpu_us


rows, med = [], {}
for t in "abc":
    runs = [one_round(t, r) for r in range(1, rounds + 1)]
    med[t] = {
        "rps": statistics.median(x[0] for x in runs),
        "p50": statistics.median(x[1] for x in runs),
        "p99": statistics.median(x[2] for x in runs),
        "failed": sum(x[3] for x in runs),
        "cpu": statistics.median(x[4] for x in runs),
        "all": [round(x[0]) for x in runs],
    }
    m = med[t]
    rows.append(f"| {names[t]} | {m['rps']:,.0f} | {m['p50']:.2f} | {m['p99']:.2f} | {m['cpu']:.1f} | {m['failed']} | {', '.join(f'{v:,}' for v in m['all'])} |")

client = json.loads((work / "client.json").read_text())
print(f"h2load: `{h2cmd}`, {rounds} rounds alternating a, b, c\n")
print("| target | req/s (median) | p50 ms | p99 ms | server CPU µs/req* | failed | req/s per round |")
print("|---|---:|---:|---:|---:|---:|---|")
print("\n".join(rows))
ab, ac = med["a"]["rps"] / med["b"]["rps"], med["a"]["rps"] / med["c"]["rps"]
print("\n\\* server process CPU time (user + system, /proc/PID/stat) over warm-up + measured window, "
      "divided by req/s × that time — the server's own cost per call, independent of how much CPU "
      "h2load took from the shared 2 cores.")
print(f"\n- a/b = **{ab:.2f}** (target ≥ 0.90) {'✅' if ab >= 0.9 else '❌ below target'}")
print(f"- a/c = **{ac:.2f}** (target ≥ 6) {'✅' if ac >= 6 else '❌ below target'}")
print(f"\nOur client against (a): `{clientcmd}` → **{client['callsPerSecond']:,.0f} calls/s**, "
      f"p50 {client['p50Ms']:.2f} ms, p99 {client['p99Ms']:.2f} ms ({client['calls']:,} calls, concurrency {client['concurrency']}).")
