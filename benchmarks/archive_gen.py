"""A generated archive for the reading benchmark (100,000 articles, 1,000,000 comments).

The fast path DESIGN.md prescribes for a bulk backfill: `ensure_schema`, drop
the FTS triggers, insert everything in one transaction (executemany, explicit
ids so comment parents are known without a round trip), rebuild the three FTS
indexes, then put the very same triggers back and switch to WAL like a live
archive. The result is cached (keyed by its sizes and by schema.py's text) in
`benchmarks/.cache/`, which ignores itself in git.
"""
from __future__ import annotations

import hashlib
import json
import random
import sqlite3
import time
from pathlib import Path

import sqlite_utils

from archive import schema
from benchmarks.common import CACHE_DIR, TextGen, fts_triggers

FTS_TABLES = tuple(schema.FTS)
SITES = 40
STAMP = "2024-05-01T00:00:00+00:00"


def cache_key(**params) -> dict:
    source = Path(schema.__file__).read_text(encoding="utf-8")
    return {**params, "schema": hashlib.sha256(source.encode()).hexdigest()[:16]}


def cached_archive(articles: int, comments: int, *, seed: int = 0, body_sentences: int = 25,
                   references: int = 3, cache_dir: Path = CACHE_DIR, log=print) -> Path:
    """The path of a generated archive of this size, built once and reused."""
    key = cache_key(articles=articles, comments=comments, seed=seed,
                    body_sentences=body_sentences, references=references)
    folder = Path(cache_dir) / f"reading-{articles}-{comments}"
    db_path, meta_path = folder / "archive.db", folder / "params.json"
    if db_path.exists() and meta_path.exists() and json.loads(meta_path.read_text()) == key:
        return db_path
    folder.mkdir(parents=True, exist_ok=True)
    (Path(cache_dir) / ".gitignore").write_text("*\n")
    for stale in folder.glob("archive.db*"):
        stale.unlink()
    t0 = time.perf_counter()
    build_archive(db_path, articles, comments, seed=seed, body_sentences=body_sentences,
                  references=references)
    meta_path.write_text(json.dumps(key))
    log(f"(built {db_path}: {db_path.stat().st_size / 1e6:,.0f} MB in "
        f"{time.perf_counter() - t0:.0f} s)")
    return db_path


def build_archive(path, articles: int, comments: int, *, seed: int = 0,
                  body_sentences: int = 25, references: int = 3) -> None:
    """Write a fresh generated archive to `path` (see module doc)."""
    gen = TextGen(seed=seed)
    db = sqlite_utils.Database(str(path))
    db.execute("PRAGMA journal_mode = MEMORY")
    db.execute("PRAGMA synchronous = OFF")
    schema.ensure_schema(db)
    triggers = fts_triggers(db)
    conn = db.conn
    conn.execute("BEGIN")
    for name, _ in triggers:
        conn.execute(f"DROP TRIGGER [{name}]")
    _insert_all(conn, gen, articles, comments, body_sentences, references)
    conn.execute("COMMIT")
    conn.execute("BEGIN")
    for table in FTS_TABLES:
        conn.execute(f"INSERT INTO [{table}_fts]([{table}_fts]) VALUES ('rebuild')")
    for _, sql in triggers:
        conn.execute(sql)
    conn.execute("COMMIT")
    schema.ensure_schema(db)
    db.execute("PRAGMA journal_mode = WAL")
    db.close()


def thread_sizes(rng: random.Random, articles: int, comments: int, cap: int = 1000) -> list[int]:
    """Comments per article: heavy-tailed (most have a few, some hundreds), summing to `comments`."""
    raw = [min(rng.paretovariate(1.2), 1e6) for _ in range(articles)]
    scale = comments / sum(raw)
    sizes = [min(cap, int(r * scale)) for r in raw]
    short = comments - sum(sizes)
    while short > 0:  # hand the rounding (and capped) remainder out one by one
        i = rng.randrange(articles)
        if sizes[i] < cap:
            sizes[i] += 1
            short -= 1
    return sizes


def _insert_all(conn: sqlite3.Connection, gen: TextGen, articles: int, comments: int,
                body_sentences: int, references: int) -> None:
    rng = gen.rng
    conn.execute("INSERT INTO crawl_jobs (id, start_url, started_at, status) "
                 "VALUES (1, 'https://blog0.example/', ?, 'completed')", [STAMP])
    conn.executemany("INSERT INTO sites (id, host, name, first_seen) VALUES (?, ?, ?, ?)",
                     [(s, f"blog{s}.example", f"Blog {s}", STAMP) for s in range(1, SITES + 1)])
    sizes = thread_sizes(rng, articles, comments)
    next_comment = 1
    for start in range(0, articles, 5_000):
        chunk = range(start + 1, min(articles, start + 5_000) + 1)
        _insert_articles(conn, gen, chunk, sizes, body_sentences, references)
        rows = []
        for article_id in chunk:
            rows += _thread(gen, article_id, sizes[article_id - 1], next_comment)
            next_comment += sizes[article_id - 1]
        conn.executemany(
            "INSERT INTO comments (id, article_id, comment_key, parent_id, parent_key, depth, "
            "position, author, published, text, is_site_author, first_seen, last_seen) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def _url(article_id: int) -> tuple[int, str]:
    site = article_id % SITES + 1
    return site, f"https://blog{site}.example/post-{article_id}/"


def _insert_articles(conn, gen: TextGen, ids, sizes, body_sentences: int, references: int):
    pages, urls, arts, refs, promos = [], [], [], [], []
    for i in ids:
        site, url = _url(i)
        day = f"20{10 + i % 15:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}T08:00:00+00:00"
        paragraphs = [gen.text(5) for _ in range(max(1, body_sentences // 5))]
        pages.append((i, url, url, url, site, 1, STAMP, 200, "text/html", f"{i:064x}"))
        urls.append((url, site, "done", "article", 1, 200, 1, STAMP, STAMP))
        arts.append((i, i, url, url, site, " ".join(gen.text(1).split()[:8]).rstrip("."),
                     f'["Author {i % 97}"]', day, "en", f"Blog {site}", "\n\n".join(paragraphs),
                     "".join(f"<p>{p}</p>" for p in paragraphs), "open", sizes[i - 1],
                     references, 1, STAMP, STAMP))
        refs += [(i, p, gen.text(1), f"10.1000/b.{i}.{p}", str(20_000_000 + i * 10 + p),
                  "J Bench", 2000 + (i + p) % 25) for p in range(1, references + 1)]
        promos.append((i, 1, ("product", "coupon", "affiliate", "newsletter")[i % 4],
                       gen.text(1), f"https://shop.example/{i % 300}", i % 2))
    conn.executemany("INSERT INTO pages (id, url, final_url, canonical_url, site_id, job_id, "
                     "fetched_at, http_status, content_type, content_hash) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", pages)
    conn.executemany("INSERT INTO crawl_urls (url, site_id, status, kind, attempts, http_status, "
                     "job_id, discovered_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", urls)
    conn.executemany("INSERT INTO articles (id, page_id, url, canonical_url, site_id, title, "
                     "authors, published, language, site_name, body_text, body_html, "
                     "comments_state, comment_count, reference_count, promotion_count, "
                     "first_seen, last_seen) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", arts)
    conn.executemany("INSERT INTO article_references (article_id, position, text, doi, pmid, "
                     "journal, year) VALUES (?, ?, ?, ?, ?, ?, ?)", refs)
    conn.executemany("INSERT INTO promotions (article_id, position, kind, text, url, inline) "
                     "VALUES (?, ?, ?, ?, ?, ?)", promos)


def _thread(gen: TextGen, article_id: int, size: int, first_id: int) -> list[tuple]:
    """`size` comment rows of one article: ~40% replies (to one of the last 5 comments,
    depth <= 5), 5% by the site's author."""
    rng, rows, depth = gen.rng, [], {}
    for pos in range(1, size + 1):
        cid, parent = first_id + pos - 1, None
        if pos > 1 and rng.random() < 0.4:
            parent = cid - rng.randint(1, min(5, pos - 1))
            if depth[parent] >= 5:
                parent = None
        depth[cid] = depth[parent] + 1 if parent else 0
        rows.append((cid, article_id, f"comment-{cid}", parent,
                     f"comment-{parent}" if parent else None, depth[cid], pos,
                     f"Reader {rng.randint(1, 5000)}", STAMP, gen.text(rng.randint(1, 5)),
                     int(rng.random() < 0.05), STAMP, STAMP))
    return rows
