"""Distributed crawl benchmark: 1 vs 2 scrapy-redis crawler processes on a CPU-bound crawl.

A generated demo blog (BENCH_DIST_ARTICLES articles, default 300) is served
on 127.0.0.1 by its own process; a private `redis-server` runs on a free port.
For 1 and then 2 crawler processes (`healtharchive crawl URL --redis R`,
politeness off, 16 concurrent requests, so each process is bound by its own
CPU: fetch, WARC, split) plus the one writer (`--writer`) on a fresh database
and an emptied Redis, it prints wall time (from the first process's start to
the writer's exit, start-up included), articles/s, and the CPU seconds of the
crawler processes and of the writer (`os.wait4`). Target (issue 6): two
processes at least 1.6 times one. The site's server and the writer share the
same cores, so on a 2-core machine the figure is a floor.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from archive.crawljob import crawl_command
from benchmarks import common
from benchmarks.common import ROOT, child_env, count_rows, env_int, machine, start_site, table

FAST = [*common.FAST, "PROGRESS_LIVE=0"]


def start_redis() -> tuple[subprocess.Popen, str]:
    """A throw-away redis-server on 127.0.0.1 (free port, nothing saved)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                             "--save", "", "--appendonly", "no", "--daemonize", "no"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    import redis

    client = redis.Redis.from_url(url)
    for _ in range(200):
        try:
            client.ping()
            return proc, url
        except redis.ConnectionError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("redis-server did not start")


def wait_all(procs: list[subprocess.Popen], db: Path, t0: float) -> tuple[list[float], list]:
    """Wait for every process, sampling the articles stored every 0.2 s.
    Returns their CPU seconds (user + sys), in order, and the (seconds, articles) samples."""
    cpu, samples, left = {}, [], list(procs)
    while left:
        for proc in list(left):
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                proc.returncode = os.waitstatus_to_exitcode(status)
                cpu[proc.pid] = usage.ru_utime + usage.ru_stime
                left.remove(proc)
        samples.append((time.perf_counter() - t0, count_rows(db, "articles")))
        time.sleep(0.2)
    return [cpu[p.pid] for p in procs], samples


def steady_rate(samples) -> float:
    """Articles/s from the first stored article to the last (start-up and shut-down left out)."""
    first = next((t for t, n in samples if n), None)
    if first is None:  # nothing stored: the table shows nan, not a traceback
        return float("nan")
    last_n = samples[-1][1]
    last = next(t for t, n in samples if n == last_n)
    return (last_n - 1) / (last - first) if last > first else float("nan")


def proc_cpu(pid: int) -> float:
    """CPU seconds (user + sys) a running process has used so far."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def crawl_with(workers: int, base: str, redis_url: str, tmp: Path, server_pid: int,
               redis_pid: int) -> dict:
    """One distributed crawl of `base` with `workers` crawler processes and one writer."""
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    db = tmp / f"bench-{workers}.db"
    env = {**child_env(), "SCRAPY_SETTINGS_MODULE": "crawler.settings"}
    t0, server_cpu, redis_cpu = time.perf_counter(), proc_cpu(server_pid), proc_cpu(redis_pid)
    writer = subprocess.Popen([sys.executable, "-m", "archive", "crawl", base, "--db", str(db),
                               "--redis", redis_url, "--writer"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs = [subprocess.Popen(crawl_command(base, db=db, redis_url=redis_url,
                                            settings=[*FAST, f"REDIS_WORKER_ID=w{i}"]),
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL) for i in range(1, workers + 1)]
    cpu, samples = wait_all([*procs, writer], db, t0)
    wall, server_cpu = time.perf_counter() - t0, proc_cpu(server_pid) - server_cpu
    redis_cpu = proc_cpu(redis_pid) - redis_cpu
    with sqlite3.connect(db) as conn:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        job = json.loads(conn.execute("SELECT stats FROM crawl_jobs").fetchone()[0] or "{}")
    shares = [w["stats"].get("healtharchive/articles_stored", 0)
              for _, w in sorted(job.get("workers", {}).items())]
    return dict(workers=workers, wall=wall, articles=articles, worker_cpu=sum(cpu[:-1]),
                writer_cpu=cpu[-1], server_cpu=server_cpu, redis_cpu=redis_cpu,
                steady=steady_rate(samples),
                shares="/".join(map(str, shares)),
                codes=[p.returncode for p in [*procs, writer]])


def run(articles: int | None = None) -> None:
    articles = articles or env_int("BENCH_DIST_ARTICLES", 300)
    if not shutil.which("redis-server"):
        print("distributed: skipped (redis-server is not installed)")
        return
    load_before = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    server, base = start_site(articles)
    redis_proc, redis_url = start_redis()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            results = [crawl_with(n, base + "/", redis_url, Path(tmp), server.pid, redis_proc.pid)
                       for n in (1, 2)]
    finally:
        redis_proc.terminate()
        redis_proc.wait(timeout=10)
        server.stdin.close()
        server.wait(timeout=30)
    print(f"## Distributed crawl: {articles} generated articles, 1 vs 2 crawler processes "
          f"+ 1 writer ({machine()}, load average before {load_before})")
    print(report(results))
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print("target: two processes at least 1.6x one (issue 6). Steady = from the first stored "
          f"article to the last (start-up left out). Load average after: {load}; other work "
          "on the machine's cores lowers the ratio.")


def report(results: list[dict]) -> str:
    one, one_steady = results[0]["articles"] / results[0]["wall"], results[0]["steady"]
    rows = [[r["workers"], r["wall"], r["articles"], r["shares"], r["articles"] / r["wall"],
             f"{r['articles'] / r['wall'] / one:.2f}x", r["steady"],
             f"{r['steady'] / one_steady:.2f}x", r["worker_cpu"], r["writer_cpu"], r["server_cpu"],
             r["redis_cpu"], f"{cores(r):.2f}", " ".join(map(str, r["codes"]))] for r in results]
    return table(["crawler processes", "wall s", "articles", "per process", "articles/s", "vs one",
                  "steady articles/s", "steady vs one", "crawler CPU s", "writer CPU s",
                  "site CPU s", "redis CPU s", "cores busy", "exit codes"], rows)


def cores(r: dict) -> float:
    """CPU seconds of every process of the crawl per second of wall time."""
    return (r["worker_cpu"] + r["writer_cpu"] + r["server_cpu"] + r["redis_cpu"]) / r["wall"]

if __name__ == "__main__":
    run()
