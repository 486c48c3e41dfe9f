#!/usr/bin/env python3
"""Rewrites BENCHMARKS.md and benchmarks/results.json from benchmarks/runs/*.json (written by bench.py).

Each benchmark keeps its newest run there (in git), so the figures may come from runs of different days or
machines; each run names its own.
"""
import datetime, glob, json, os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = os.path.join(ROOT, "benchmarks", "runs")


def load(name):
    try:
        return json.load(open(os.path.join(RUNS, f"{name}.json")))
    except (OSError, ValueError):
        return {}


def slope(points, key):
    xs = [p["agents"] for p in points if p.get(key) is not None]
    ys = [p[key] * 1024 for p in points if p.get(key) is not None]
    if len(xs) < 2:
        return None
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return round(sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs))


def bad_clients(run):
    """Per kind of bad client: how many, and how many of their streams or connections the server cut."""
    kinds = run.get("misbehaving") or {}
    if not kinds:
        return "none"
    return "; ".join(f"{kind}: {t.get('clients')} clients, {t.get('closed_by_server')} cut by the server"
                     for kind, t in sorted(kinds.items()) if isinstance(t, dict))


def other_fleet_runs(v):
    """Fleet runs of other sizes kept as runs/fleet-<agents>.json (the headline is runs/fleet.json)."""
    runs = sorted((json.load(open(f)) for f in glob.glob(os.path.join(RUNS, "fleet-*.json"))), key=lambda r: r.get("agents", 0))
    if not runs:
        return []
    lines = ["Other fleet runs (kept as `benchmarks/runs/fleet-<agents>.json`):", "",
             "| agents | heartbeats/s | RTT p99 ms | commit p50 / p99 ms | lost rows | CPU ms/heartbeat server / PostgreSQL / load gen | bad clients beside them | server RSS MB | meets the latency targets | run |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in runs:
        c = r.get("commit_latency", {})
        lines.append(f"| {v(r.get('agents'))} | {v(r.get('heartbeats_per_s'))} | {v(r.get('rtt_ms', {}).get('p99'))} | "
                     f"{v(c.get('p50_ms'))} / {v(c.get('p99_ms'))} | {v(r.get('lost_rows'))} | "
                     f"{v(r.get('server_cpu_ms_per_heartbeat'))} / {v(r.get('postgres_cpu_ms_per_heartbeat'))} / "
                     f"{v(r.get('loadgen_cpu_ms_per_heartbeat'))} | {bad_clients(r)} | {v(r.get('server_rss_mb_end_of_hold'))} | "
                     f"{v(r.get('meets_latency_targets'))} | "
                     f"{r.get('date', '?')}, `{r.get('command', '?')}` |")
    return lines + [""]


def main():
    fleet, idle, storm, queue, agent = (load(n) for n in ("fleet", "idle", "storm", "queue", "agent"))
    # the machine of the newest run heads the page; every run line names its own
    newest = max((r for r in (fleet, idle, storm, queue, agent) if r.get("date")), key=lambda r: r["date"], default={})
    m = newest.get("machine", {})
    # Per agent: the slope over the points with agents connected. The step from 0 to the first point also
    # holds one-off costs (Netty's pooled arenas, TLS and gRPC classes, JIT code) that do not grow with agents.
    connected_points = [p for p in idle.get("points", []) if p.get("agents")]
    if len(connected_points) >= 2:
        idle["heap_bytes_per_agent"] = slope(connected_points, "heap_used_after_gc_kb")
        idle["native_non_heap_bytes_per_agent"] = slope(connected_points, "nmt_non_heap_committed_kb")
        idle["bytes_per_agent"] = idle["heap_bytes_per_agent"] + idle["native_non_heap_bytes_per_agent"]
        idle["with_zero_point_bytes_per_agent"] = (slope(idle["points"], "heap_used_after_gc_kb")
                                                   + slope(idle["points"], "nmt_non_heap_committed_kb"))
    idle_top = max(idle.get("points", []), key=lambda p: p.get("agents", 0), default={})
    rtt = fleet.get("rtt_ms", {})
    commit = fleet.get("commit_latency", {})
    results = {
        "fleet.agents": fleet.get("agents"),
        "fleet.heartbeats_per_s": fleet.get("heartbeats_per_s"),
        "fleet.rtt_p99_ms": rtt.get("p99"),
        # heartbeat -> its monitoring_sample row committed (the host row's vitals_at when the table is missing)
        "fleet.commit_latency_p99_ms": commit.get("p99_ms"),
        "fleet.lost_rows": fleet.get("lost_rows"),
        "fleet.db_statements_per_agent_s": fleet.get("db_statements_per_agent_s"),
        "idle.bytes_per_agent": idle.get("bytes_per_agent"),
        "reconnect.seconds_to_99pct": storm.get("seconds_to_99pct"),
        "queue.local_nofsync_records_per_s": queue.get("local_nofsync_records_per_s"),
        "queue.local_fsync_records_per_s": queue.get("local_fsync_records_per_s"),
        "queue.kafka_records_per_s": queue.get("kafka_records_per_s"),
        "agent.rss_mb": agent.get("rss_mb"),
        "agent.cpu_percent_of_core": agent.get("cpu_percent_of_core"),
    }
    dates = [r.get("date") for r in (fleet, idle, storm, queue, agent) if r.get("date")]
    quick = any(r.get("quick") for r in (fleet, idle, storm, queue, agent))
    document = {"date": max(dates) if dates else None, "quick_run": quick,
                "machine": {k: m.get(k) for k in ("cores", "memory_gb", "cpu", "kernel", "java")},
                "runs": {n: {"date": r.get("date"), "command": r.get("command"),
                             "machine": {k: r.get("machine", {}).get(k) for k in ("cores", "memory_gb", "cpu")}}
                         for n, r in (("fleet", fleet), ("idle", idle), ("storm", storm), ("queue", queue),
                                      ("agent", agent)) if r},
                "notes": {"fleet.commit_latency_p99_ms": commit.get("source"),
                          "fleet.lost_rows": fleet.get("lost_rows_method")},
                "results": results}
    with open(os.path.join(ROOT, "benchmarks", "results.json"), "w") as f:
        json.dump(document, f, indent=2)
        f.write("\n")

    def v(x, unit=""):
        if isinstance(x, bool):
            return "yes" if x else "no"
        return "—" if x is None else f"{x:,}{unit}" if isinstance(x, int) else f"{x}{unit}"

    lines = [
        "# Benchmarks",
        "",
        f"Newest run {document['date'] or '(not yet run)'} on `{m.get('cpu', '?')}`, **{m.get('cores', '?')} cores, "
        f"{m.get('memory_gb', '?')} GB**, {m.get('kernel', '?')}, {m.get('java', '?')}. "
        + "Server, PostgreSQL and the load generator share one machine. Regenerate with `benchmarks/run-all` "
          "(see [benchmarks/README.md](benchmarks/README.md)); this file and "
          "[benchmarks/results.json](benchmarks/results.json) are rewritten by it from `benchmarks/runs/`, where each "
          "benchmark keeps its newest run (so the figures below may come from different days and machines).",
        "",
        "Runs behind these figures (each benchmark keeps its newest run; `--quick` means small sizes and short runs):",
        "",
        *[f"- {name}: {r.get('date', '?')} on {r.get('machine', {}).get('cpu', '?')} ({r.get('machine', {}).get('cores', '?')} cores), "
          f"`{r.get('command', '(command not recorded)')}`" + (f" at {r['commit']}" if r.get("commit") else "")
          + (f" — failed: {r['failed']}" if r.get("failed") else "")
          for name, r in (("fleet", fleet), ("idle", idle), ("storm", storm), ("queue", queue), ("agent", agent)) if r],
        "",
        "| figure | value | target (issue 8) |",
        "|---|---|---|",
        f"| fleet.agents (connected, 10 s interval) | {v(fleet.get('agents'))} | 50,000 |",
        f"| fleet.heartbeats_per_s (acknowledged, hold) | {v(fleet.get('heartbeats_per_s'))} | 5,000 |",
        f"| fleet.rtt_p99_ms | {v(rtt.get('p99'))} (p50 {v(rtt.get('p50'))}, p90 {v(rtt.get('p90'))}, "
        f"p99.9 {v(rtt.get('p99_9'))}, max {v(rtt.get('max'))}) | <= 50 |",
        f"| fleet.commit_latency_p99_ms | {v(commit.get('p99_ms'))} (p50 {v(commit.get('p50_ms'))}, "
        f"{v(commit.get('samples'))} samples) | <= 2,000 |",
        f"| fleet.lost_rows | {v(fleet.get('lost_rows'))} (rows beyond what was sent: {v(fleet.get('extra_rows'))}) | 0 |",
        f"| fleet.db_statements_per_agent_s | {v(fleet.get('db_statements_per_agent_s'))} | <= 0.01 |",
        f"| DB statements/s with {v(idle_top.get('agents'))} idle agents connected (none due) | "
        f"{v(idle_top.get('db_statements_per_s'))} | ~0 (10,000 agents) |",
        f"| idle.bytes_per_agent (heap after GC + native) | {v(idle.get('bytes_per_agent'))} "
        f"(heap {v(idle.get('heap_bytes_per_agent'))}, native {v(idle.get('native_non_heap_bytes_per_agent'))}) | <= 32,768 |",
        f"| reconnect.seconds_to_99pct ({v(storm.get('agents'))} agents) | {v(storm.get('seconds_to_99pct'))} | <= 60 (10,000 agents) |",
        f"| queue.local_nofsync_records_per_s (1 producer) | {v(queue.get('local_nofsync_records_per_s'))} | >= 1,000,000 |",
        f"| queue.local_fsync_records_per_s (1 producer) | {v(queue.get('local_fsync_records_per_s'))} | >= 100,000 |",
        f"| queue.kafka_records_per_s (1 producer, acks=all) | {v(queue.get('kafka_records_per_s'))} | — |",
        f"| agent.rss_mb | {v(agent.get('rss_mb'))} (PSS {v(agent.get('pss_mb'))}) | <= 48 |",
        f"| agent.cpu_percent_of_core (10 s interval) | {v(agent.get('cpu_percent_of_core'))} | <= 0.1 |",
        "",
        "## Fleet",
        "",
        f"{v(fleet.get('agents'))} virtual agents (`ctops-agent loadtest`, each with its own key, certificate and mutual-TLS "
        f"connection) against the packaged server (single profile, local WAL queue with fsync, its own PostgreSQL 15 "
        f"with `pg_stat_statements` and `track_commit_timestamp`), ramp {v(fleet.get('ramp_s'))} s, hold {v(fleet.get('hold_s'))} s.",
        "",
        f"- registered {v(fleet.get('registered'))}, heartbeating at the end {v(fleet.get('active_at_end'))}; "
        f"failed heartbeats {v(fleet.get('heartbeats_failed'))}, reconnects {v(fleet.get('reconnects'))}, errors {fleet.get('errors', {})}",
        f"- CPU per acknowledged heartbeat: server JVM {v(fleet.get('server_cpu_ms_per_heartbeat'))} ms, PostgreSQL "
        f"{v(fleet.get('postgres_cpu_ms_per_heartbeat'))} ms, load generator {v(fleet.get('loadgen_cpu_ms_per_heartbeat'))} ms "
        f"(share of one core: server {v(fleet.get('server_cpu_percent_of_core'))} %, PostgreSQL "
        f"{v(fleet.get('postgres_cpu_percent_of_core'))} %, load generator {v(fleet.get('loadgen_cpu_percent_of_core'))} %)",
        f"- database statements per connected agent per second: {v(fleet.get('db_statements_per_agent_s'))} "
        f"(transactions: {v(fleet.get('db_transactions_per_agent_s'))}); busiest statements: "
        + "; ".join(f"{s['calls']} x `{s['query']}`" for s in fleet.get("top_statements", [])[:4]),
        f"- commit latency source: {commit.get('source', '—')}",
        f"- lost rows: {fleet.get('lost_rows_method', '—')}; rows match: {v(fleet.get('rows_match'))}",
        f"- queue lag at the end: {v(fleet.get('queue_lag_at_end'))}",
        f"- meets the latency targets (0 failed, 0 lost, RTT p99 <= 50 ms, commit p99 <= 2 s): "
        f"{v(fleet.get('meets_latency_targets'))}",
        "",
        *other_fleet_runs(v),
        "## Idle memory",
        "",
        "Server heap used after a full GC and Native Memory Tracking (committed, outside the heap) with idle connected "
        "agents (interval 3600 s, so none is due); bytes per agent is the least-squares slope over the points with "
        f"agents connected (including the 0 point, which adds one-off costs: {v(idle.get('with_zero_point_bytes_per_agent'))}).",
        "",
        "| agents | heap after GC (KB) | NMT non-heap committed (KB) | RSS (MB) | DB statements/s (none due) |",
        "|---|---|---|---|---|",
    ]
    for point in idle.get("points", []):
        lines.append(f"| {v(point.get('agents'))} | {v(point.get('heap_used_after_gc_kb'))} | "
                     f"{v(point.get('nmt_non_heap_committed_kb'))} | {v(point.get('rss_mb'))} | "
                     f"{v(point.get('db_statements_per_s'))} |")
    lines += [
        "",
        "## Reconnect storm",
        "",
        f"The server restarted (SIGTERM, start) under {v(storm.get('agents'))} agents at a 10 s interval: stopped in "
        f"{v(storm.get('server_stop_s'))} s, ready after {v(storm.get('server_ready_s'))} s, 99 % heartbeating again "
        f"after {v(storm.get('seconds_to_99pct'))} s (agents back off from 1 s, each delay 1.5 times the last up to 30 s and drawn from its upper half). Out of memory: "
        f"{v(storm.get('out_of_memory'))}; pool exhaustion: {v(storm.get('pool_exhaustion'))}.",
        "",
        "## Queue",
        "",
        f"{queue.get('method', '—')}.",
        "",
        "| run | records/s | ± (99.9 %) |",
        "|---|---|---|",
    ]
    for key, value in sorted(queue.items()):
        if key.endswith("_records_per_s"):
            lines.append(f"| {key.replace('_records_per_s', '').replace('_', ' ')} | {v(value)} | {v(queue.get(key + '_error'))} |")
    lines += [
        "",
        "## Agent footprint",
        "",
        f"One real agent (`bin/ctops-agent run` from the tarball, system plugin, 10 s interval) after "
        f"{v(agent.get('warmup_s'))} s of warm-up, over {v(agent.get('duration_s'))} s: RSS {v(agent.get('rss_mb'))} MB, "
        f"PSS {v(agent.get('pss_mb'))} MB, {v(agent.get('cpu_percent_of_core'))} % of one core; CDS archive trained: "
        f"{v(agent.get('cds_archive_trained'))}.",
        "",
    ]
    failed = {n: r["failed"] for n, r in (("fleet", fleet), ("idle", idle), ("storm", storm), ("queue", queue),
                                          ("agent", agent)) if r.get("failed")}
    if failed:
        lines += ["## Failed in this run", ""] + [f"- {n}: {e}" for n, e in failed.items()] + [""]
    with open(os.path.join(ROOT, "BENCHMARKS.md"), "w") as f:
        f.write("\n".join(lines))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
