"""Split benchmark: split_page vs trafilatura's body-only extraction, same pages, one run.

Prints median and p95 per page for both and their ratio, then the top functions
of a cProfile run over split_page (where the time goes).
"""
from __future__ import annotations

import cProfile
import io
import pstats
import timeit
from functools import partial

from archive import split_page
from benchmarks.common import CORPUS, load_pages, machine, p50, p95, table


def time_calls(fn, pages, repeat: int = 3) -> list[float]:
    """Best-of-`repeat` seconds per page, so a stray GC pause does not count
    (timeit turns the GC off while timing; "gc.enable()" keeps it on, as in a crawl)."""
    return [min(timeit.repeat(partial(fn, html, url), "gc.enable()", number=1, repeat=repeat))
            for _, html, url in pages]


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
    print(f"## split: {len(pages)} pages of {CORPUS} (best of 3 per page) ({machine()})\n")
    print(table(["system", "median ms", "p95 ms", "total s"],
                [[name, p50(xs) * 1e3, p95(xs) * 1e3, f"{sum(xs):.2f}"]
                 for name, xs in (("healtharchive split_page (4 parts)", ours),
                                  ("trafilatura.extract (body only)", theirs))]))
    print(f"\nratio of medians (ours / trafilatura): "
          f"{p50(ours) / p50(theirs):.2f}x (target <= 0.25x)\n")
    print("where split_page's time goes (cProfile, tottime):\n")
    print("```\n" + profile_top(pages) + "```")
