"""Load benchmark: SQLite rows/s through `Archive.store_page`, FTS triggers on.

Each page has 400 nested comments, 30 references and 10 promotions (sizes:
BENCH_LOAD_PAGES, BENCH_LOAD_COMMENTS, ...). Four ways of loading the same
pages into fresh databases:

- `store_page`: one transaction per page (what the crawler does);
- `re-store`: the same pages again, unchanged (a re-crawl: upserts, no new rows);
- `batched`: every page inside one `Archive.transaction()` (store_page calls
  become savepoints) - the bulk path of the storage API;
- `batched, FTS after`: as batched with the FTS triggers dropped, then
  `Archive.rebuild_fts()` and the triggers put back (a backfill).

Rows = pages + articles + references + promotions + comments + crawl_urls rows
(the FTS index rows the triggers write are not counted).
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from archive.capture import Capture
from archive.db import Archive
from archive.model import Body, Comment, Page, Promotion, Reference
from benchmarks.common import TextGen, env_int, fts_triggers, machine, p50, p95, table

KINDS = ("product", "coupon", "affiliate", "newsletter", "disclosure")


def make_page(i: int, gen: TextGen, *, comments: int = 400, references: int = 30,
              promotions: int = 10) -> tuple[Capture, Page]:
    """Article `i` of a fake blog with a nested comment thread (replies up to depth 5)."""
    url = f"https://blog.example.org/post-{i}/"
    thread: list[Comment] = []
    for pos in range(1, comments + 1):
        parent = None
        if thread and gen.rng.random() < 0.6:
            candidate = thread[-gen.rng.randint(1, min(5, len(thread)))]
            parent = candidate if candidate.depth < 5 else None
        thread.append(Comment(id=f"comment-{pos}", parent_id=parent.id if parent else None,
                              depth=parent.depth + 1 if parent else 0, position=pos,
                              author=f"Reader {gen.rng.randint(1, 500)}", text=gen.text(3),
                              published="2024-05-01T10:00:00+00:00"))
    refs = [Reference(position=p, text=gen.text(1), doi=f"10.1000/bench.{i}.{p}",
                      pmid=str(30_000_000 + p), journal="J Bench", year=2010 + p % 10)
            for p in range(1, references + 1)]
    promos = [Promotion(kind=KINDS[p % len(KINDS)], text=gen.text(1),
                        url=f"https://shop.example/{p}", inline=p % 2 == 0)
              for p in range(promotions)]
    body = gen.text(60)
    page = Page(url=url, canonical_url=url, title=f"Post {i}", authors=["Ann Author"],
                published="2024-05-01T08:00:00+00:00", language="en", site_name="Bench blog",
                body=Body(text=body, html=f"<p>{body}</p>"), references=refs,
                promotions=promos, comments=thread, comments_state="open", is_article=True)
    return Capture.from_body(url, body.encode()), page


def rows_of(page: Page) -> int:
    """Rows one new page adds: pages, articles, crawl_urls + its parts."""
    return 3 + len(page.comments) + len(page.references) + len(page.promotions)


def _timed_each(arch: Archive, pages) -> list[float]:
    times = []
    for capture, page in pages:
        t0 = time.perf_counter()
        arch.store_page(capture, page)
        times.append(time.perf_counter() - t0)
    return times


def _timed_batch(arch: Archive, pages, *, fts_after: bool) -> float:
    t0 = time.perf_counter()
    triggers = fts_triggers(arch.db) if fts_after else []
    with arch.transaction():
        for name, _ in triggers:
            arch.db.execute(f"DROP TRIGGER [{name}]")
        for capture, page in pages:
            arch.store_page(capture, page)
    if fts_after:
        arch.rebuild_fts()
        with arch.transaction():
            for _, sql in triggers:
                arch.db.execute(sql)
    return time.perf_counter() - t0


def bench_load(pages: int = 50, comments: int = 400, references: int = 30,
               promotions: int = 10, workdir=None) -> list[dict]:
    """Time the four load paths; one dict per path (seconds, rows, per-page times)."""
    gen = TextGen(seed=1, pool=5_000)
    data = [make_page(i, gen, comments=comments, references=references, promotions=promotions)
            for i in range(pages)]
    rows = sum(rows_of(p) for _, p in data)
    results = []
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        with Archive(Path(tmp) / "each.db") as arch:
            each = _timed_each(arch, data)
            results.append(dict(path="store_page, 1 transaction per page", rows=rows,
                                seconds=sum(each), per_page=each))
            again = _timed_each(arch, data)
            results.append(dict(path="re-store unchanged pages (upsert)", rows=rows,
                                seconds=sum(again), per_page=again))
            problems = arch.check()
            assert not problems, problems
        for name, fts_after in (("batched: all pages in 1 transaction", False),
                                ("batched, FTS triggers dropped + rebuild", True)):
            with Archive(Path(tmp) / f"batch{int(fts_after)}.db") as arch:
                secs = _timed_batch(arch, data, fts_after=fts_after)
                assert not arch.check()
            results.append(dict(path=name, rows=rows, seconds=secs, per_page=[secs / pages]))
    return results


def run(pages: int | None = None) -> None:
    pages = pages or env_int("BENCH_LOAD_PAGES", 50)
    comments = env_int("BENCH_LOAD_COMMENTS", 400)
    references, promotions = env_int("BENCH_LOAD_REFERENCES", 30), env_int("BENCH_LOAD_PROMOTIONS", 10)
    results = bench_load(pages, comments, references, promotions)
    print(f"## load: {pages} pages x ({comments} nested comments, {references} references, "
          f"{promotions} promotions), FTS triggers on ({machine()})\n")
    rows = [[r["path"], r["rows"], f"{r['rows'] / r['seconds']:,.0f}",
             p50(r["per_page"]) * 1e3, p95(r["per_page"]) * 1e3] for r in results]
    print(table(["path", "rows", "rows/s", "ms/page p50", "ms/page p95"], rows))
