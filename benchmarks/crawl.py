"""Crawl benchmark: end-to-end pages/s, CPU ms per archived page, RSS, against a null spider.

A generated demo blog of 5,000 articles (BENCH_CRAWL_ARTICLES) is served on
127.0.0.1 by a separate process (its CPU is not counted). On it, in one run:

1. the real crawler (`python -m crawler.run`, the command `healtharchive crawl`
   runs: fetch, WARC, split, store), politeness off;
2. `benchmarks.nullspider`: the same discovery, storing nothing.

CPU = user + sys of the crawler process from `os.wait4`. RSS is sampled from
/proc/PID/status every 0.25 s with the count of stored pages (read-only
SQLite), giving RSS at page 1,000 and at the last page. The split cost of the
same site's article pages is measured in-process for the 1.5x target.
"""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from archive.crawljob import crawl_command
from benchmarks.common import (FAST, ROOT, child_env, count_rows, env_int, machine, p50,
                               proc_status_kb, start_site, table)


def run_sampled(cmd: list[str], env: dict, db: Path | None = None, every: float = 0.25) -> dict:
    """Run `cmd`; sample (seconds, pages stored, RSS KiB) until it exits; return its
    wall time, CPU (wait4 rusage), peak RSS, samples and stdout."""
    with tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=out, stderr=subprocess.DEVNULL)
        samples, peak = [], 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            rss = proc_status_kb(proc.pid, "VmRSS") or 0
            peak = max(peak, proc_status_kb(proc.pid, "VmHWM") or 0)
            samples.append((time.perf_counter() - t0, count_rows(db, "pages") if db else 0, rss))
            time.sleep(every)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        stdout = out.read().decode("utf-8", "replace")
    return dict(wall=wall, cpu=usage.ru_utime + usage.ru_stime, peak_kb=max(peak, usage.ru_maxrss),
                samples=samples, stdout=stdout, code=proc.returncode)


def rss_growth(samples, start: int, end: int) -> tuple[int | None, int | None]:
    """RSS (KiB) at the first sample with >= `start` pages and at the last with <= `end`."""
    at_start = next((rss for _, n, rss in samples if n >= start and rss), None)
    at_end = next((rss for _, n, rss in reversed(samples) if n <= end and rss), None)
    return at_start, at_end


def split_cost_ms(articles: int, seed: int = 1, pages: int = 100) -> float:
    """Median split_page time on the site's own article pages (in this process)."""
    from archive import split_page
    from archive.demo.generate import generated_blog

    blog = generated_blog(min(articles, pages * 5), seed=seed)
    times = []
    for article in blog.articles[::5][:pages]:
        html = blog.respond(f"/{article.slug}/", "http://127.0.0.1:8").body
        t0 = time.perf_counter()
        split_page(html, f"http://127.0.0.1:8/{article.slug}/")
        times.append(time.perf_counter() - t0)
    return p50(times) * 1e3


def bench_crawl(articles: int = 5_000, *, seed: int = 1, workdir=None) -> dict:
    """Crawl the same loopback blog with the real crawler and the null spider."""
    server, base = start_site(articles, seed)
    try:
        with tempfile.TemporaryDirectory(dir=workdir) as tmp:
            db = Path(tmp) / "bench.db"
            real = run_sampled(crawl_command(base + "/", db=db, settings=FAST),
                               {**child_env(), "SCRAPY_SETTINGS_MODULE": "crawler.settings"}, db)
            conn = sqlite3.connect(db)
            stats = json.loads(conn.execute(
                "SELECT stats FROM crawl_jobs ORDER BY id DESC LIMIT 1").fetchone()[0] or "{}")
            real.update(pages=conn.execute("SELECT count(*) FROM pages").fetchone()[0],
                        responses=stats.get("response_received_count", 0),
                        kinds=dict(conn.execute("SELECT kind || ' ' || status, count(*) "
                                                "FROM crawl_urls GROUP BY 1 ORDER BY 2 DESC")),
                        warc_mb=sum(f.stat().st_size for f in Path(tmp).rglob("*.warc.gz")) / 1e6)
            conn.close()
        null = run_sampled([sys.executable, "-m", "benchmarks.nullspider", base + "/", *FAST],
                           child_env())
        counts = json.loads(null["stdout"].strip().splitlines()[-1])
        null.update(pages=counts["pages"], responses=counts["responses"])
    finally:
        server.stdin.close()
        server.wait(timeout=30)
    return {"real": real, "null": null, "split_ms": split_cost_ms(articles, seed)}


def run(articles: int | None = None) -> None:
    articles = articles or env_int("BENCH_CRAWL_ARTICLES", 5_000)
    r = bench_crawl(articles)
    real, null = r["real"], r["null"]
    print(f"## crawl: loopback demo blog of {articles:,} generated articles, politeness off "
          f"({' '.join('-s ' + s for s in FAST)}) ({machine()})\n")
    rows = []
    for name, x in (("healtharchive crawl (fetch, WARC, split, store)", real),
                    ("null spider (same discovery, stores nothing)", null)):
        rows.append([name, x["code"], x["pages"], x["responses"], x["wall"],
                     x["pages"] / x["wall"], x["responses"] / x["wall"],
                     x["cpu"] * 1e3 / max(1, x["pages"]), x["cpu"] * 1e3 / max(1, x["responses"]),
                     x["peak_kb"] / 1024])
    print(table(["crawler", "exit", "pages", "responses", "wall s", "pages/s", "responses/s",
                 "CPU ms/page", "CPU ms/response", "peak RSS MB"], rows))
    start, end = min(1000, articles // 5), articles
    a, b = rss_growth(real["samples"], start, end)
    cpu_page = real["cpu"] * 1e3 / max(1, real["pages"])
    growth = f"{(b - a) / 1024:.1f} MB" if a and b else "n/a"
    print(f"\nRSS growth of the crawler between page {start:,} and page {end:,}: {growth} "
          f"(target < 100 MB); WARC written: {real['warc_mb']:.0f} MB")
    print("crawl_urls of the real crawl (kind status: count): "
          + ", ".join(f"{k}: {n:,}" for k, n in real["kinds"].items()))
    print(f"split_page median on this site's article pages: {r['split_ms']:.1f} ms; crawl CPU per "
          f"archived page / split = {cpu_page / r['split_ms']:.1f}x (target <= 1.5x); "
          f"(crawl CPU - null spider CPU) / archived pages = "
          f"{(real['cpu'] - null['cpu']) * 1e3 / max(1, real['pages']):.1f} ms: what archiving adds")
