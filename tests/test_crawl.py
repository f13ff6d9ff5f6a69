"""End to end: a real Scrapy crawl, in a subprocess, of a WordPress-like blog on 127.0.0.1.

One crawl (module fixture) is checked from several sides: articles stored,
paginated comments merged into one thread, duplicate variants never fetched,
robots.txt obeyed, bad pages recorded with reasons, WARC records behind every
page, `resplit` reproducing the rows. A second site checks limits and resume.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from archive.warc import read_response
from wpsite import WPSite, thread_rows

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "LOG_LEVEL=WARNING"]


def crawl(url: str, db: Path, *extra: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "archive", "crawl", url, "--db", str(db), *FAST, *extra]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)


def rows(db: Path, sql: str, args=()) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    site = WPSite(n_articles=6)
    server = site.serve()
    db = tmp_path_factory.mktemp("crawl") / "archive.db"
    result = crawl(site.base + "/", db)
    yield site, db, result
    server.shutdown()


def test_crawl_completes(crawled):
    site, db, result = crawled
    assert result.returncode == 0, result.stderr[-3000:]
    job = rows(db, "SELECT status, exit_code, stats FROM crawl_jobs")
    assert [(s, c) for s, c, _ in job] == [("completed", 0)]
    stats = json.loads(job[0][2])
    assert stats["articles_stored"] == 8 and stats["finish_reason"] == "finished"


def test_articles_stored(crawled):
    site, db, _ = crawled
    urls = {u for (u,) in rows(db, "SELECT url FROM articles")}
    paths = [site.article_path(i) for i in (*range(1, 7), 99)] + ["/2024/01/long-thread/"]
    assert urls == {site.base + p for p in paths}  # 99 only through /page/2/ pagination
    titles = dict(rows(db, "SELECT url, title FROM articles"))
    assert titles[site.base + site.article_path(3)] == "Health note 3"


def comment_tree(db: Path, url: str) -> list[tuple]:
    return rows(db, "SELECT comment_key, parent_key, depth FROM comments WHERE article_id = "
                    "(SELECT id FROM articles WHERE url = ?) ORDER BY position", [url])


def test_comment_threads(crawled):
    site, db, _ = crawled
    for i in (1, 4):
        url = site.base + site.article_path(i)
        assert comment_tree(db, url) == thread_rows(site.comments_for(i))


def test_paginated_comments_merged_into_one_thread(crawled):
    site, db, _ = crawled
    url = site.base + "/2024/01/long-thread/"
    pages = site.long_thread_pages()
    expected = [r for n in sorted(pages) for r in thread_rows(pages[n])]
    assert comment_tree(db, url) == expected
    positions = rows(db, "SELECT position FROM comments WHERE article_id = "
                         "(SELECT id FROM articles WHERE url = ?) ORDER BY position", [url])
    assert [p for (p,) in positions] == list(range(1, len(expected) + 1))
    parents = rows(db, "SELECT c.comment_key, p.comment_key FROM comments c JOIN comments p "
                       "ON c.parent_id = p.id WHERE c.comment_key = 'comment-905'")
    assert parents == [("comment-905", "comment-904")]
    states = dict(rows(db, "SELECT url, status FROM crawl_urls WHERE kind = 'comment_page'"))
    assert states == {f"{url}comment-page-1/": "done", f"{url}comment-page-2/": "done"}


def test_no_duplicate_variants_fetched(crawled):
    site, _, _ = crawled
    fetched = site.log
    assert not [p for p in fetched if "replytocom" in p or "utm_" in p or "?s=" in p]
    assert not [p for p in fetched if p.endswith("/amp/")]
    twice = {p for p in fetched if fetched.count(p) > 1} - {"/robots.txt"}
    assert not twice  # robots.txt: once by Scrapy's middleware, once for its Sitemap lines


def test_robots_obeyed(crawled):
    """Also for the first requests, sent while robots.txt is still being fetched."""
    site, db, _ = crawled
    assert not [p for p in site.log if p.startswith("/private/") or p == "/sitemap.xml"]
    for path in ("/private/secret-post/", "/sitemap.xml"):
        assert rows(db, "SELECT status, reason FROM crawl_urls WHERE url = ?",
                    [site.base + path]) == [("skipped", "robots.txt disallows")]


@pytest.mark.parametrize("path, status, reason", [
    ("/2024/02/gone-post/", "failed", "http 404"),
    ("/2024/02/report-post/", "skipped", "not html: application/pdf"),
    ("/2024/02/empty-post/", "failed", "empty body"),
    ("/about/", "done", "not an article"),
    ("/category/health/", "done", "not an article"),
    ("/2024/02/health-note-1/amp/", "skipped", "amp variant"),
    ("/?s=vitamin", "skipped", "search results"),
])
def test_bad_and_other_pages_recorded(crawled, path, status, reason):
    site, db, _ = crawled
    assert rows(db, "SELECT status, reason FROM crawl_urls WHERE url = ?",
                [site.base + path]) == [(status, reason)]
    assert not rows(db, "SELECT 1 FROM pages WHERE url = ?", [site.base + path])


def test_every_url_ends_in_a_final_state(crawled):
    _, db, _ = crawled
    states = dict(rows(db, "SELECT status, count(*) FROM crawl_urls GROUP BY status"))
    assert set(states) <= {"done", "failed", "skipped"}
    assert not rows(db, "SELECT url FROM crawl_urls WHERE status IN ('failed', 'skipped') "
                        "AND coalesce(reason, '') = ''")


def test_warc_records_behind_pages(crawled):
    _, db, _ = crawled
    pages = rows(db, "SELECT url, final_url, warc_file, warc_offset, content_hash FROM pages")
    assert len(pages) == 8
    import hashlib

    for url, final_url, warc_file, offset, digest in pages:
        record = read_response(db.parent / warc_file, offset)
        assert record.url == final_url and record.status == 200
        assert hashlib.sha256(record.body).hexdigest() == digest
    assert list((db.parent / "warc").glob("*.warc.gz"))


def projection(db: Path) -> dict:
    q = {
        "articles": "SELECT url, title, authors, published, body_text, body_html, comments_state,"
                    " comment_count, reference_count, promotion_count FROM articles ORDER BY url",
        "comments": "SELECT a.url, c.comment_key, c.parent_key, c.depth, c.position, c.author,"
                    " c.text, c.is_site_author, c.deleted_at FROM comments c JOIN articles a"
                    " ON a.id = c.article_id ORDER BY a.url, c.position",
        "references": "SELECT a.url, r.position, r.text, r.doi FROM article_references r"
                      " JOIN articles a ON a.id = r.article_id ORDER BY a.url, r.position",
        "pages": "SELECT url, content_hash, warc_file, warc_offset FROM pages ORDER BY url",
    }
    return {name: rows(db, sql) for name, sql in q.items()}


def test_resplit_reproduces_rows(crawled, tmp_path):
    _, db, _ = crawled
    copy = tmp_path / "archive.db"
    shutil.copy(db, copy)
    for suffix in ("-wal", "-shm"):
        if Path(str(db) + suffix).exists():
            shutil.copy(str(db) + suffix, str(copy) + suffix)
    (tmp_path / "warc").symlink_to(db.parent / "warc")
    before = projection(copy)
    with sqlite3.connect(copy) as conn:  # forget the parts: only the WARC can give them back
        conn.execute("DELETE FROM comments")
        conn.execute("DELETE FROM article_references")
        conn.execute("UPDATE articles SET body_text = '', body_html = '', title = NULL")
    out = subprocess.run([sys.executable, "-m", "archive", "resplit", "--db", str(copy)],
                         capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["articles"] == 8
    assert projection(copy) == before


def test_limit_then_resume(tmp_path):
    """A page budget stops the crawl (exit 4, limit_reached); running again resumes
    it to completion (exit 0); a third run finds nothing to do and fetches nothing."""
    site = WPSite(n_articles=6)
    server = site.serve()
    try:
        db = tmp_path / "archive.db"
        first = crawl(site.base + "/", db, "-s", "CLOSESPIDER_PAGECOUNT=6")
        assert first.returncode == 4, first.stderr[-3000:]
        stored_first = rows(db, "SELECT count(*) FROM articles")[0][0]
        assert stored_first < 8
        second = crawl(site.base + "/", db)
        assert second.returncode == 0, second.stderr[-3000:]
        assert rows(db, "SELECT count(*), count(DISTINCT url) FROM articles") == [(8, 8)]
        assert rows(db, "SELECT status, exit_code FROM crawl_jobs ORDER BY id") == [
            ("limit_reached", 4), ("completed", 0)]
        assert not rows(db, "SELECT url FROM crawl_urls WHERE status IN ('todo', 'in_progress')")
        fetched = len(site.log)
        third = crawl(site.base + "/", db)
        assert third.returncode == 0 and len(site.log) == fetched
    finally:
        server.shutdown()


def test_robots_txt_5xx_means_wait_and_retry(tmp_path):
    """RFC 9309: a robots.txt that answers 503 disallows everything for now; the crawler
    waits, fetches robots.txt again, then crawls (and honours its Crawl-delay)."""
    site = WPSite(n_articles=2)
    server = site.serve()
    site.faults["/robots.txt"] = [503] * 3  # 1 request + 2 retries by RetryMiddleware
    site.pages["/robots.txt"] = (200, "text/plain", b"User-agent: *\nCrawl-delay: 0.15\n")
    try:
        db = tmp_path / "archive.db"
        result = crawl(site.base + "/", db, "-s", "ROBOTSTXT_RETRY_AFTER=0.5",
                       "-s", "RANDOMIZE_DOWNLOAD_DELAY=0")
        assert result.returncode == 0, result.stderr[-3000:]
        first_page = next(i for i, p in enumerate(site.log) if p != "/robots.txt")
        assert site.log[:first_page] == ["/robots.txt"] * 4  # nothing else before it was readable
        assert rows(db, "SELECT count(*) FROM articles")[0][0] == 4
        gaps = [b - a for a, b in zip(site.times[first_page:], site.times[first_page + 1:])]
        assert min(gaps) >= 0.14  # Crawl-delay: 0.15
    finally:
        server.shutdown()


def test_robots_txt_always_failing_ends_with_reasons(tmp_path):
    site = WPSite(n_articles=2)
    server = site.serve()
    site.faults["/robots.txt"] = [500] * 100
    try:
        db = tmp_path / "archive.db"
        result = crawl(site.base + "/", db, "-s", "ROBOTSTXT_RETRY_AFTER=0.1",
                       "-s", "ROBOTSTXT_RETRY_TIMES=2", "-s", "RETRY_TIMES=0")
        assert set(site.log) == {"/robots.txt"}
        reasons = rows(db, "SELECT DISTINCT status, reason FROM crawl_urls WHERE kind != 'robots'")
        assert reasons == [("failed", "robots.txt unavailable (http 500) after 2 attempts")]
        assert result.returncode == 1  # nothing could be fetched: the job failed
    finally:
        server.shutdown()


def test_refresh_refetches_conditionally(tmp_path):
    """--refresh asks again for every stored page with If-Modified-Since: unchanged pages
    answer 304 (recorded, not stored again), a changed page is stored again."""
    site = WPSite(n_articles=2)
    server = site.serve()
    day = "Fri, 05 Jan 2024 08:00:00 GMT"
    site.last_modified = {p: day for p in site.pages if p.startswith("/2024/")}
    try:
        db = tmp_path / "archive.db"
        assert crawl(site.base + "/", db).returncode == 0
        changed = site.article_path(1)
        status, ctype, body = site.pages[changed]
        site.pages[changed] = (status, ctype, body.replace(b"Vitamin D and sleep", b"Iron and sleep"))
        site.last_modified[changed] = "Sat, 06 Jan 2024 08:00:00 GMT"
        before = len(site.log)
        result = crawl(site.base + "/", db, "--refresh")
        assert result.returncode == 0, result.stderr[-3000:]
        assert site.log[before:].count(site.article_path(2)) == 1
        assert rows(db, "SELECT status, reason, http_status FROM crawl_urls WHERE url = ?",
                    [site.base + site.article_path(2)]) == [
            ("done", "not modified since the last capture", 304)]
        texts = dict(rows(db, "SELECT url, body_text FROM articles"))
        assert "Iron and sleep" in texts[site.base + changed]
        assert "Vitamin D and sleep" in texts[site.base + site.article_path(2)]
        assert rows(db, "SELECT count(*) FROM articles")[0][0] == 4
    finally:
        server.shutdown()
