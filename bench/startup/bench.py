#!/usr/bin/env python3
"""Mesh startup time and idle memory.

Measures, for the built AppHost (warm build: no compilation inside the timing):
  * time from launching the AppHost to "every resource healthy" (polling /api/resources),
    for warm starts (data directory exists) and cold starts (--reset: initdb, fresh RabbitMQ),
    interleaved in one run so both see the same machine load;
  * idle memory of the whole process tree after IDLE_SECONDS: RSS and PSS (PSS splits shared
    pages fairly, e.g. PostgreSQL's shared buffers), in total and per resource;
  * time from SIGTERM to the AppHost's exit with no child left.
Reports medians and the cold/warm ratio. Usage:
  python3 bench/startup/bench.py [--runs 3] [--configuration Release] [--idle 10]
"""
import argparse, json, os, signal, statistics, subprocess, sys, tempfile, time, urllib.request

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def children(pid):
    """All descendants of pid (via /proc/*/stat ppid)."""
    parent_of = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                parent_of[int(entry)] = int(fields[1])
            except (FileNotFoundError, ProcessLookupError, IndexError):
                pass
    result, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        kids = [p for p, pp in parent_of.items() if pp == current]
        result.extend(kids)
        frontier.extend(kids)
    return result


def memory_kb(pid):
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return rss, pss


def comm(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            args = f.read().split(b"\0")
        text = " ".join(a.decode(errors="replace") for a in args if a)
        return text
    except FileNotFoundError:
        return "?"


def resources(dashboard):
    with urllib.request.urlopen(f"http://127.0.0.1:{dashboard}/api/resources", timeout=2) as r:
        return json.load(r)


def run_once(dll, data_dir, dashboard, gateway, reset, idle, measure_memory):
    args = ["dotnet", dll, "--data-dir", data_dir, "--dashboard-port", str(dashboard), "--gateway-port", str(gateway)]
    if reset:
        args.append("--reset")
    log = open(os.path.join(data_dir + ".log"), "a")
    start = time.monotonic()
    apphost = subprocess.Popen(args, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "NO_COLOR": "1"})
    ready = None
    deadline = start + 300
    while time.monotonic() < deadline:
        if apphost.poll() is not None:
            raise SystemExit(f"AppHost exited with {apphost.returncode}; see {data_dir}.log")
        try:
            state = resources(dashboard)
            if state and all(r["isHealthy"] for r in state):
                ready = time.monotonic() - start
                break
        except OSError:
            pass
        time.sleep(0.05)
    if ready is None:
        apphost.send_signal(signal.SIGTERM)
        apphost.wait(60)
        raise SystemExit(f"not all healthy after 300 s; see {data_dir}.log")

    memory = None
    if measure_memory:
        time.sleep(idle)
        pids = [apphost.pid] + children(apphost.pid)
        by_resource = {}
        state = {r["pid"]: r["name"] for r in resources(dashboard) if r["pid"]}
        owner = {}
        for pid in pids:
            # Attribute each process to the nearest ancestor that is a resource's main process.
            current = pid
            while current and current not in state and current != apphost.pid:
                try:
                    with open(f"/proc/{current}/stat") as f:
                        current = int(f.read().rsplit(")", 1)[1].split()[1])
                except FileNotFoundError:
                    current = 0
            owner[pid] = state.get(current, "apphost" if current == apphost.pid else "?")
            if "epmd" in comm(pid):
                owner[pid] = "messaging"
        totals = [0, 0]
        for pid in pids:
            rss, pss = memory_kb(pid)
            entry = by_resource.setdefault(owner[pid], [0, 0, 0])
            entry[0] += rss
            entry[1] += pss
            entry[2] += 1
            totals[0] += rss
            totals[1] += pss
        memory = {"rss_mb": totals[0] / 1024, "pss_mb": totals[1] / 1024, "processes": len(pids),
                  "by_resource": {k: {"rss_mb": v[0] / 1024, "pss_mb": v[1] / 1024, "processes": v[2]} for k, v in sorted(by_resource.items())}}

    tree = [apphost.pid] + children(apphost.pid)
    stop_start = time.monotonic()
    apphost.send_signal(signal.SIGTERM)
    apphost.wait(120)
    stop = time.monotonic() - stop_start
    time.sleep(0.5)
    left = [p for p in tree if os.path.exists(f"/proc/{p}") and "zombie" not in open(f"/proc/{p}/status").read()]
    log.close()
    return ready, stop, memory, left, apphost.returncode


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--configuration", default="Release")
    parser.add_argument("--idle", type=float, default=10)
    parser.add_argument("--gateway-port", type=int, default=18080)
    parser.add_argument("--dashboard-port", type=int, default=18889)
    options = parser.parse_args()

    dll = os.path.join(REPO, "AppHost", "bin", options.configuration, "net10.0", "SalesMesh.AppHost.dll")
    if not os.path.exists(dll):
        raise SystemExit(f"{dll} missing: dotnet build AppHost/SalesMesh.AppHost.csproj -c {options.configuration}")
    data_dir = tempfile.mkdtemp(prefix="salesmesh-bench-", dir="/var/tmp")
    os.chmod(data_dir, 0o755)
    print(f"AppHost {dll}\ndata {data_dir}\nmachine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")

    # First run initialises the data (not counted), then cold and warm runs alternate.
    run_once(dll, data_dir, options.dashboard_port, options.gateway_port, True, 0, False)
    cold, warm, stops, memory = [], [], [], None
    for i in range(options.runs):
        ready, stop, _, left, code = run_once(dll, data_dir, options.dashboard_port, options.gateway_port, True, 0, False)
        cold.append(ready); stops.append(stop)
        print(f"cold #{i + 1}: all healthy in {ready:.2f} s, stop {stop:.2f} s, exit {code}, left {left}")
        ready, stop, mem, left, code = run_once(dll, data_dir, options.dashboard_port, options.gateway_port, False, options.idle, i == options.runs - 1)
        warm.append(ready); stops.append(stop)
        memory = mem or memory
        print(f"warm #{i + 1}: all healthy in {ready:.2f} s, stop {stop:.2f} s, exit {code}, left {left}")

    summary = {
        "cold_start_median_s": statistics.median(cold),
        "warm_start_median_s": statistics.median(warm),
        "cold_over_warm": statistics.median(cold) / statistics.median(warm),
        "stop_median_s": statistics.median(stops),
        "idle_memory": memory,
        "runs": options.runs,
        "cold_s": cold,
        "warm_s": warm,
    }
    print(json.dumps(summary, indent=2))
    subprocess.run(["rm", "-rf", data_dir])


if __name__ == "__main__":
    main()
