"""Split benchmark: split_page vs trafilatura's body-only extraction, same pages, one run.

Prints median and p95 per page for both and their ratio, then the top functions
of a cProfile run over split_page (where the time goes).
"""
from __future__ import annotations

import cProfile
import gzip
import io
import json
import pstats
import statistics
import time
from pathlib import Path

from archive import split_page
from benchmarks.common import p95

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def load_pages(corpus: Path = CORPUS) -> list[tuple[str, bytes, str | None]]:
    index = json.loads((corpus / "index.json").read_text())["pages"]
    return [(p["id"], gzip.decompress((corpus / f"{p['id']}.html.gz").read_bytes()), p.get("url"))
            for p in index]


def time_calls(fn, pages, repeat: int = 3) -> list[float]:
    """Best-of-`repeat` seconds per page, so a stray GC pause does not count."""
    out = []
    for _, html, url in pages:
        best = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn(html, url)
            best = min(best, time.perf_counter() - t0)
        out.append(best)
    return out


def trafilatura_body(html: bytes, url):
    import trafilatura

    return trafilatura.extract(html, url=url)


def profile_top(pages, n: int = 12) -> str:
    prof = cProfile.Profile()
    prof.enable()
    for _, html, url in pages:
        split_page(html, url)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(n)
    return buf.getvalue()


def run() -> None:
    if not CORPUS.exists():
        print(f"split benchmark skipped: {CORPUS} is absent")
        return
    pages = load_pages()
    ours = time_calls(split_page, pages)
    theirs = time_calls(trafilatura_body, pages)
    print(f"## split: {len(pages)} pages of {CORPUS} (best of 3 per page)\n")
    print("| system | median ms | p95 ms | total s |")
    print("|---|---|---|---|")
    for name, xs in (("healtharchive split_page (4 parts)", ours),
                     ("trafilatura.extract (body only)", theirs)):
        print(f"| {name} | {statistics.median(xs)*1e3:.1f} | {p95(xs)*1e3:.1f} | {sum(xs):.2f} |")
    print(f"\nratio of medians (ours / trafilatura): "
          f"{statistics.median(ours) / statistics.median(theirs):.2f}x (target <= 0.25x)\n")
    print("where split_page's time goes (cProfile, tottime):\n")
    print("```\n" + profile_top(pages) + "```")
