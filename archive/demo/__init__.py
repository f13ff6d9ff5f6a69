"""`healtharchive demo`: serve the bundled demo blog, crawl it, publish it.

The demo blog ("The Limber Life", a fictional joint-health blog) lives in this
package: `content.ARTICLES` is its ground truth, `site.Blog` renders it,
`server.serve_blog()` serves it on 127.0.0.1. `run_demo()` ties the whole path
together: blog server -> real Scrapy crawl (subprocess) -> SQLite -> Datasette.
"""
from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

from .content import ARTICLES
from .server import serve_blog

__all__ = ["run_demo", "serve_blog", "ARTICLES"]

CRAWL_SETTINGS = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False"]
DB_NAME = "archive.db"


def _fresh_workdir(workdir: Path) -> Path:
    """Create `workdir`; delete the previous demo database and WARC files (only those)."""
    workdir.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        (workdir / f"{DB_NAME}{suffix}").unlink(missing_ok=True)
    warc_dir = workdir / "warc"
    for pattern in ("*.warc.gz", "*.warc"):
        for old in list(workdir.glob(pattern)) + list(warc_dir.glob(pattern)):
            old.unlink()
    if warc_dir.is_dir() and not any(warc_dir.iterdir()):
        warc_dir.rmdir()
    return workdir / DB_NAME


def _port_or_free(port: int) -> int:
    """`port` if it can be bound on 127.0.0.1 now, else a free port chosen by the OS."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_blog(blog_port: int):
    try:
        return serve_blog("127.0.0.1", blog_port)
    except OSError:
        print(f"port {blog_port} is busy; serving the demo blog on a free port instead")
        return serve_blog("127.0.0.1", 0)


def summarize(db: Path) -> dict:
    """Counts from the archive (read with plain sqlite3): what the crawl stored."""
    queries = {
        "articles": "select count(*) from articles",
        "comments": "select count(*) from comments",
        "references": "select count(*) from article_references",
        "promotions": "select count(*) from promotions",
        "urls_done": "select count(*) from crawl_urls where status = 'done'",
        "urls_skipped_or_failed": "select count(*) from crawl_urls where status in ('skipped', 'failed')",
    }
    counts = {}
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        for name, sql in queries.items():
            try:
                counts[name] = conn.execute(sql).fetchone()[0]
            except sqlite3.Error:
                counts[name] = None
        try:
            row = conn.execute("select id from articles order by comment_count desc, id limit 1").fetchone()
            counts["busiest_article_id"] = row[0] if row else None
        except sqlite3.Error:
            counts["busiest_article_id"] = None
    return counts


def _print_summary(counts: dict) -> None:
    expected = dict(articles=len(ARTICLES), comments=sum(len(a.real_comments) for a in ARTICLES),
                    references=sum(len(a.references) for a in ARTICLES),
                    promotions=sum(len(a.promotions) for a in ARTICLES))
    print("\nArchived:")
    for name, want in expected.items():
        print(f"  {name:<11} {counts.get(name)!s:>5}   (the demo blog has {want})")
    print(f"  URLs done {counts.get('urls_done')}, skipped or failed {counts.get('urls_skipped_or_failed')}")


def _print_urls(port: int, article_id) -> None:
    root = f"http://127.0.0.1:{port}"
    print("\nOpen:")
    print(f"  {root}/archive                      the archive in Datasette")
    if article_id is not None:
        print(f"  {root}/-/article/{article_id}                   one article, its four parts")
        print(f"  {root}/archive/comment_thread.json?article_id={article_id}&_shape=array"
              "   its comment thread as JSON")
    print(f"  {root}/archive/promotions_by_kind.json?kind=coupon&_shape=array   coupons as JSON")
    print("Press Ctrl-C to stop.\n", flush=True)


def run_demo(workdir, *, blog_port: int = 8000, port: int = 8001, serve: bool = True) -> int:
    """Serve the demo blog, crawl it into a fresh `workdir/archive.db`, then serve Datasette."""
    db = _fresh_workdir(Path(workdir))
    server, base_url = _start_blog(blog_port)
    try:
        print(f"Demo blog ({len(ARTICLES)} articles) at {base_url}/", flush=True)
        from ..crawljob import run_crawl

        code = run_crawl(base_url + "/", db=str(db), settings=CRAWL_SETTINGS, job_file=None,
                         refresh=False, redis_url=None)
        if not db.exists():
            print(f"crawl failed (exit code {code}); no database was written")
            return code or 1
        counts = summarize(db)
        _print_summary(counts)
        if code != 0:
            print(f"warning: the crawl ended with exit code {code}")
        if serve:
            from ..serve import serve as serve_datasette

            port = _port_or_free(port)
            _print_urls(port, counts.get("busiest_article_id"))
            try:
                serve_datasette(str(db), host="127.0.0.1", port=port, public=False)
            except KeyboardInterrupt:
                pass
        return code
    finally:
        server.shutdown()
        server.server_close()
