"""Reading benchmark: Datasette on a generated archive of 100,000 articles and 1,000,000 comments.

Times requests through Datasette's in-process client (the same Datasette that
`healtharchive serve` builds: `archive.serve.build_datasette`): the `search`
canned query (HTML) for words from very common to rare, the article page
`/-/article/ID`, and the comment-thread JSON. Each endpoint also gets its bare
SQL timed on a plain sqlite3 connection, so the table shows what is SQLite and
what is Datasette. Sizes: BENCH_ARTICLES, BENCH_COMMENTS, BENCH_REQUESTS.
"""
from __future__ import annotations

import asyncio
import contextlib
import io
import random
import sqlite3
import time
from pathlib import Path

from archive.datasette import load_metadata
from archive.datasette.fts import fts_query
from archive.datasette.article import ARTICLE_SQL, COMMENTS_SQL, PROMOTIONS_SQL, REFERENCES_SQL
from benchmarks.archive_gen import cached_archive
from benchmarks.common import CACHE_DIR, TextGen, env_int, machine, p50, p95, table

TARGETS_MS = {"search": 100, "article page": 300}
# Search words by how many comments contain them (fraction of all comments).
WORD_CLASSES = (("very common", 0.2, 1.0), ("common", 0.01, 0.2),
                ("medium", 0.0005, 0.01), ("rare", 0, 0.0005))


def connect(db_path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{Path(db_path).resolve().as_uri()}?mode=ro", uri=True)
    conn.create_function("fts_query", 1, fts_query, deterministic=True)
    return conn


def pick_words(conn, vocab: list[str], per_class: int = 5) -> dict[str, list[tuple[str, int]]]:
    """Up to `per_class` (word, comments matching) of each WORD_CLASSES band, by rank."""
    total = conn.execute("SELECT count(*) FROM comments").fetchone()[0] or 1
    picked = {name: [] for name, _, _ in WORD_CLASSES}
    ranks = list(range(0, 60)) + list(range(60, len(vocab), max(1, len(vocab) // 400)))
    for rank in ranks:
        hits = conn.execute("SELECT count(*) FROM comments_fts WHERE comments_fts MATCH ?",
                            [f'"{vocab[rank]}"']).fetchone()[0]
        for name, lo, hi in WORD_CLASSES:
            if hits and lo <= hits / total < hi and len(picked[name]) < per_class:
                picked[name].append((vocab[rank], hits))
        if all(len(v) == per_class for v in picked.values()):
            break
    return picked


def canned_sql(name: str) -> str:
    return load_metadata()["databases"]["archive"]["queries"][name]["sql"]


def plan(conn, sql: str, params: dict) -> str:
    """EXPLAIN QUERY PLAN as indented lines."""
    rows = conn.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    depth, lines = {0: 0}, []
    for node, parent, _, detail in rows:
        depth[node] = depth.get(parent, 0) + 1
        lines.append("  " * depth[node] + detail)
    return "\n".join(lines)


def time_sql(conn, statements: list[tuple[str, dict]]) -> float:
    t0 = time.perf_counter()
    for sql, params in statements:
        conn.execute(sql, params).fetchall()
    return time.perf_counter() - t0


def time_bare(conn, per_request: list, budget_s: float = 10.0) -> list[float]:
    """`time_sql` of each request's statements until `budget_s` is spent (at least one)."""
    times = []
    for statements in per_request:
        times.append(time_sql(conn, statements))
        if sum(times) > budget_s:
            break
    return times


async def time_requests(ds, paths: list[str], give_up: int = 5) -> tuple[list[float], list[str]]:
    """Seconds per GET (after one untimed warm-up request) and the errors: a non-200
    answer, e.g. Datasette's 400 when a query passes sql_time_limit_ms. Stops after
    `give_up` requests that all failed (each costs the full time limit)."""
    await ds.client.get(paths[0])
    times, errors = [], []
    for path in paths:
        t0 = time.perf_counter()
        response = await ds.client.get(path)
        times.append(time.perf_counter() - t0)
        if response.status_code != 200:
            limit = "SQL time limit" if "took too long" in response.text else "error"
            errors.append(f"HTTP {response.status_code} ({limit})")
            if len(errors) == len(times) >= give_up:
                break
    return times, errors


def scenarios(conn, words, requests: int, rng: random.Random) -> list[dict]:
    """(label, target, paths, bare SQL statements per request) of each table row."""
    search_sql, thread_sql = canned_sql("search"), canned_sql("comment_thread")
    max_id = conn.execute("SELECT max(id) FROM articles").fetchone()[0]
    random_ids = [rng.randint(1, max_id) for _ in range(requests)]
    big = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY comment_count DESC LIMIT 10")]
    big_ids = [big[i % len(big)] for i in range(requests)]
    biggest = conn.execute("SELECT max(comment_count) FROM articles").fetchone()[0]
    rows = []
    for name, found in words.items():
        if found:
            qs = [found[i % len(found)][0] for i in range(requests)]
            hits = "/".join(f"{n:,}" for _, n in found)
            rows.append(dict(label=f"search, {name} word ({hits} comments)", target="search",
                             paths=[f"/archive/search?q={q}" for q in qs],
                             sql=[[(search_sql, {"q": q})] for q in qs]))
    for label, ids in (("article page, random article", random_ids),
                       (f"article page, 10 largest threads ({biggest} comments)", big_ids)):
        rows.append(dict(label=label, target="article page",
                         paths=[f"/-/article/{i}" for i in ids],
                         sql=[[(s, {"id": i}) for s in (ARTICLE_SQL, REFERENCES_SQL,
                                                        PROMOTIONS_SQL, COMMENTS_SQL)]
                              for i in ids]))
    for label, ids in (("comment thread JSON, random article", random_ids),
                       ("comment thread JSON, 10 largest threads", big_ids)):
        rows.append(dict(label=label, target="comment thread",
                         paths=[f"/archive/comment_thread.json?article_id={i}&_shape=array"
                                for i in ids],
                         sql=[[(thread_sql, {"article_id": i})] for i in ids]))
    return rows


def bench_reading(articles: int = 100_000, comments: int = 1_000_000, requests: int = 50,
                  *, seed: int = 0, cache_dir=None, log=print) -> dict:
    """Build (or reuse) the archive, time every scenario; returns rows and query plans."""
    from archive.serve import build_datasette

    db_path = cached_archive(articles, comments, seed=seed, cache_dir=cache_dir or CACHE_DIR,
                             log=log)
    conn = connect(db_path)
    words = pick_words(conn, TextGen(seed=seed).vocab)
    rows = scenarios(conn, words, requests, random.Random(seed))
    ds = build_datasette(db_path)

    async def measure():
        await ds.invoke_startup()
        for row in rows:
            row["times"], row["errors"] = await time_requests(ds, row["paths"])
    quiet = io.StringIO()  # Datasette prints each timeout's traceback (rich, to stdout)
    with contextlib.redirect_stderr(quiet), contextlib.redirect_stdout(quiet):
        asyncio.run(measure())
    for row in rows:
        row["sql_times"] = time_bare(conn, row["sql"])
    common = (words.get("very common") or words.get("common") or [("the", 0)])[0][0]
    plans = {"search (very common word)": plan(conn, canned_sql("search"), {"q": common}),
             "comment_thread": plan(conn, canned_sql("comment_thread"), {"article_id": 1}),
             "article comments": plan(conn, COMMENTS_SQL, {"id": 1})}
    conn.close()
    return {"db": str(db_path), "rows": rows, "plans": plans, "words": words}


def run(articles: int | None = None, comments: int | None = None) -> None:
    articles = articles or env_int("BENCH_ARTICLES", 100_000)
    comments = comments or env_int("BENCH_COMMENTS", 1_000_000)
    requests = env_int("BENCH_REQUESTS", 50)
    result = bench_reading(articles, comments, requests)
    print(f"## reading: Datasette on {articles:,} articles and {comments:,} comments, "
          f"{requests} requests per row, in-process client ({machine()})\n")
    out = []
    for row in result["rows"]:
        target = TARGETS_MS.get(row["target"])
        worst = p95(row["times"]) * 1e3
        verdict = "" if target is None else ("ok" if worst < target else "MISSED")
        if row["errors"]:
            verdict += f" {len(row['errors'])}/{len(row['times'])} failed: {row['errors'][0]}"
        out.append([row["label"], p50(row["times"]) * 1e3, worst,
                    f"< {target}" if target else "-", verdict,
                    p50(row["sql_times"]) * 1e3, p95(row["sql_times"]) * 1e3])
    print(table(["request", "p50 ms", "p95 ms", "target p95 ms", "", "bare SQL p50 ms",
                 "bare SQL p95 ms"], out))
    print("\nsearch words: " + "; ".join(
        f"{name}: {', '.join(w for w, _ in found)}" for name, found in result["words"].items()))
    print("\nquery plans:\n")
    for name, text in result["plans"].items():
        print(f"{name}:\n```\n{text}\n```")
