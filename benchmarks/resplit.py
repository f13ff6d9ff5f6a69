"""Resplit benchmark: pages/s re-splitting an archive from its WARC records, on one
worker and on every core (`archive.resplit.resplit_all(db, jobs=N)`).

The archive: the dev corpus pages (`../shared/corpus`, read at run time) repeated
to BENCH_RESPLIT_PAGES pages (default 1,000), each copy a distinct payload under a
distinct host, written as WARC records with `archive.warc.WarcWriter`, plus a
`pages` row pointing at each record (nothing split yet). Every run re-splits a
fresh copy of that database, so each stores the same rows (one transaction per
page). CPU seconds count this process and its reaped workers; "cores busy" =
CPU / wall time; "others' CPU s" is what the rest of the machine used meanwhile
(/proc/stat), since other work there lowers the speedup. Target (issue 6): at
least 1.7x one worker on two cores.
"""
from __future__ import annotations

import os
import resource
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from archive.capture import Capture
from archive.db import Archive
from archive.model import Page
from archive.resplit import resplit_all
from archive.warc import WarcWriter
from benchmarks.common import CORPUS, env_int, load_pages, machine, table


def copy_url(copy: int, page_id: str, url: str | None) -> str:
    """The URL of copy `copy` of a corpus page: a host of its own, so no two pages share
    an article row (a same-host rel=canonical would merge them), and its real path."""
    parts = urlsplit(url or "")
    host = f"c{copy}-{page_id.lower()}.{parts.hostname or 'corpus.test'}"
    return f"https://{host}{parts.path or '/post/'}"


def build_archive(folder: Path, pages: int, corpus: Path = CORPUS) -> Path:
    """An archive of `pages` WARC-backed `pages` rows (corpus pages repeated); its path."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "archive.db"
    sources = load_pages(corpus)
    writer = WarcWriter(folder / "warc", base=folder)
    with Archive(db) as archive, archive.transaction():
        for n in range(pages):
            page_id, html, url = sources[n % len(sources)]
            url = copy_url(n // len(sources), page_id, url)
            body = html + f"\n<!-- copy {n} -->\n".encode()
            loc = writer.write_exchange(url, response_headers=[("Content-Type", "text/html")],
                                        body=body)
            capture = Capture.from_body(url, body, warc_file=loc.file, warc_offset=loc.offset,
                                        warc_length=loc.length)
            archive.store_page(capture, Page(url=url))
    writer.close()
    return db


def cpu_seconds() -> float:
    """User + system CPU of this process and its reaped children."""
    own, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def machine_cpu_seconds() -> float | None:
    """Busy CPU seconds of the whole machine so far (Linux /proc/stat), None elsewhere."""
    try:
        with open("/proc/stat") as fh:
            ticks = [int(v) for v in fh.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    busy = sum(ticks) - ticks[3] - ticks[4]  # all but idle and iowait
    return busy / os.sysconf("SC_CLK_TCK")


def time_resplit(db: Path, jobs: int) -> dict:
    """Re-split a fresh copy of `db` (same folder, so WARC paths hold) with `jobs` workers."""
    copy = db.with_name(f"jobs{jobs}.db")
    shutil.copy(db, copy)
    busy0, cpu0, t0 = machine_cpu_seconds(), cpu_seconds(), time.perf_counter()
    stats = resplit_all(copy, jobs=jobs)
    wall, cpu, busy = time.perf_counter() - t0, cpu_seconds() - cpu0, machine_cpu_seconds()
    copy.unlink()
    return {"jobs": jobs, "pages": stats["pages"], "articles": stats["articles"],
            "failures": len(stats["failures"]), "seconds": wall, "cpu": cpu,
            "others_cpu": None if busy is None else max(0.0, busy - busy0 - cpu)}


def bench_resplit(pages: int, jobs: list[int], workdir: Path, corpus: Path = CORPUS) -> list[dict]:
    db = build_archive(workdir, pages, corpus)
    return [time_resplit(db, n) for n in jobs]


def run() -> None:
    if not CORPUS.exists():
        print(f"resplit: no corpus at {CORPUS}; skipped")
        return
    pages = env_int("BENCH_RESPLIT_PAGES", 1000)
    cores = os.cpu_count() or 1
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-resplit-") as tmp:
        results = bench_resplit(pages, sorted({1, cores}), Path(tmp))
    load = f"1-min load average {load:.2f} before, {os.getloadavg()[0]:.2f} after"
    base = results[0]["pages"] / results[0]["seconds"]
    rows = [[r["jobs"], r["pages"], r["articles"], r["failures"], r["seconds"],
             f"{r['pages'] / r['seconds']:.1f}", r["cpu"], f"{r['cpu'] / r['seconds']:.2f}",
             f"{r['pages'] / r['seconds'] / base:.2f}x",
             "?" if r["others_cpu"] is None else r["others_cpu"]] for r in results]
    print(f"## Resplit ({machine()})\n")
    print(table(["workers", "pages", "articles", "failures", "wall s", "pages/s", "CPU s",
                 "cores busy", "speedup", "others' CPU s"], rows))
    print(f"\n{load} (other work on the machine lowers the speedup)")
    print(f"target: at least 1.7x one worker on two cores (here {cores} cores)")
