"""Distributed crawl: two crawler processes share one Redis frontier, one writer loads SQLite.

A real `redis-server` on 127.0.0.1 (a free port, nothing saved), a generated
demo blog of 60 articles on 127.0.0.1, `healtharchive crawl URL --redis R`
started twice and `healtharchive crawl URL --redis R --writer` once. Skipped
when redis-server is not installed, except in CI (CI=true), where it fails.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from archive.capture import content_hash
from archive.demo.generate import generated_blog
from archive.demo.server import serve_blog
from archive.warc import read_response
from benchmarks.distributed import start_redis

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "LOG_LEVEL=WARNING",
        "-s", "PROGRESS_LIVE=0"]
N_ARTICLES = 60


@pytest.fixture(scope="module")
def redis_url():
    if not shutil.which("redis-server"):
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is not installed (.ci/run installs Debian's redis-server)")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    proc, url = start_redis()
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def healtharchive(log: Path, *args: str) -> subprocess.Popen:
    """`healtharchive crawl ARGS` in its own session (a signal to its group is a Ctrl-C)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with open(log, "a") as err:
        return subprocess.Popen([sys.executable, "-m", "archive", "crawl", *args], env=env,
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err,
                                start_new_session=True)


def rows(db: Path, sql: str, args=()) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


@pytest.fixture(scope="module")
def crawled(redis_url, tmp_path_factory):
    blog = generated_blog(N_ARTICLES, seed=7)  # one thread complete only through the REST API
    server, base = serve_blog(blog=blog)
    db = tmp_path_factory.mktemp("distributed") / "archive.db"
    url, logs = base + "/", [db.parent / f"{name}.log" for name in ("w1", "w2", "writer")]
    writer = healtharchive(logs[2], url, "--db", str(db), "--redis", redis_url, "--writer")
    workers = [healtharchive(logs[i - 1], url, "--db", str(db), "--redis", redis_url, *FAST,
                             "-s", f"REDIS_WORKER_ID=w{i}") for i in (1, 2)]
    try:
        codes = [p.wait(timeout=240) for p in workers]
        codes.append(writer.wait(timeout=60))  # the writer stops once both processes closed
    finally:
        for p in [*workers, writer]:
            if p.poll() is None:
                p.kill()
        server.shutdown()
        server.server_close()
    errors = [log.read_text()[-3000:] for log in logs]
    yield blog, base, db, codes, errors, list(server.hits)


def test_processes_complete(crawled):
    blog, base, db, codes, errors, _ = crawled
    assert codes == [0, 0, 0], errors
    [(status, code, stats)] = rows(db, "SELECT status, exit_code, stats FROM crawl_jobs")
    assert (status, code) == ("completed", 0)
    workers = json.loads(stats)["workers"]
    assert sorted(workers) == ["w1", "w2"]
    assert all(w["status"] == "completed" for w in workers.values())


def test_both_processes_fetched_pages(crawled):
    _, _, db, _, _, _ = crawled
    workers = json.loads(rows(db, "SELECT stats FROM crawl_jobs")[0][0])["workers"]
    fetched = {w: s["stats"].get("downloader/response_count", 0) for w, s in workers.items()}
    assert all(n > 1 for n in fetched.values()), fetched  # more than its own robots.txt
    files = {f for (f,) in rows(db, "SELECT DISTINCT warc_file FROM pages")}
    assert all(any(f"-{w}-" in f for f in files) for w in ("w1", "w2")), files


def test_every_article_archived_exactly_once(crawled):
    blog, base, db, _, _, _ = crawled
    assert rows(db, "SELECT count(*), count(DISTINCT url) FROM articles") == [(N_ARTICLES,) * 2]
    stored = {u for (u,) in rows(db, "SELECT url FROM articles")}
    assert stored == {base + a.path for a in blog.articles}
    assert not rows(db, "SELECT url, status FROM crawl_urls WHERE status IN ('todo', 'in_progress')")
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_each_url_fetched_once(crawled):
    blog, _, _, _, _, hits = crawled
    counts = Counter(h for h in hits if h != "/robots.txt")  # each process reads robots.txt
    assert {p: n for p, n in counts.items() if n > 1} == {}
    assert all(counts[a.path] == 1 for a in blog.articles)
    assert 1 <= hits.count("/robots.txt") <= 3  # two processes, plus the spider's seed


def test_comment_trees_intact(crawled):
    blog, base, db, _, _, _ = crawled
    paginated = [a for a in blog.articles if a.comment_pages > 1]
    assert paginated, "the generated blog should paginate some comment threads"
    for article in blog.articles:
        got = rows(db, "SELECT c.comment_key, c.parent_key, c.depth FROM comments c "
                       "JOIN articles a ON a.id = c.article_id WHERE a.url = ? "
                       "ORDER BY c.position", [base + article.path])
        assert got == [(c.key, c.parent_key, c.depth) for c in article.real_comments], article.slug
    orphans = rows(db, "SELECT count(*) FROM comments WHERE parent_key IS NOT NULL "
                       "AND parent_id IS NULL")
    assert orphans == [(0,)]


def test_pages_point_at_their_warc_records(crawled):
    _, _, db, _, _, _ = crawled
    pages = rows(db, "SELECT url, final_url, warc_file, warc_offset, content_hash FROM pages")
    assert len(pages) >= N_ARTICLES
    for url, final_url, warc_file, offset, digest in pages:
        record = read_response(db.parent / warc_file, offset)  # raises if there is none
        assert record.url in (url, final_url) and content_hash(record.body) == digest, url


# ------------------------------------------------- the writer and the end check, in-process
@pytest.fixture
def client(redis_url):
    import redis

    r = redis.Redis.from_url(redis_url[:-1] + "1")  # db 1: apart from the crawl above
    r.flushdb()
    yield r
    r.flushdb()


def demo_page(base="http://127.0.0.1:9"):
    from archive import split_page

    blog = generated_blog(3, seed=7, hidden_nav=0)
    article = blog.articles[0]
    url = base + article.path
    return url, split_page(blog.respond(article.path, base).body, url), article


def test_page_survives_the_trip_through_json():
    from archive.model import Page

    _, page, _ = demo_page()
    assert page.comments and page.references
    again = Page.from_dict(json.loads(json.dumps(page.to_dict())))
    assert again.to_dict() == page.to_dict()


def test_frontier_finished_needs_an_empty_queue_and_settled_processes(client):
    from archive.redis_writer import Keys, frontier_finished

    keys = Keys("healtharchive:test")

    def worker(name, state, at=None):
        client.hset(keys.workers, name, json.dumps({"state": state, "at": at or time.time()}))

    finished = lambda: frontier_finished(client, keys, timeout=30)  # noqa: E731
    assert not finished()  # no process yet
    worker("a", "busy")
    assert not finished()
    worker("a", "idle")
    worker("b", "closed")
    assert finished()
    client.zadd(keys.requests, {"a request": 0})
    assert not finished()
    client.delete(keys.requests)
    worker("c", "busy", at=time.time() - 31)  # silent too long: dead
    assert finished()


def test_writer_applies_messages_and_recovers_a_killed_batch(client, tmp_path):
    from dataclasses import asdict

    from archive.capture import Capture
    from archive.db import Archive
    from archive.redis_writer import Keys, RedisWriter, key_prefix

    url, page, article = demo_page()
    keys = Keys(key_prefix(url))
    capture = Capture.from_body(url, b"<html>...</html>")
    stored = {"worker": "w1", "ops": [
        {"op": "discover", "url": url, "kind": "article", "referer": None, "depth": 1},
        {"op": "store_page", "capture": asdict(capture), "page": page.to_dict()}]}
    skipped = {"worker": "w1", "ops": [{"op": "mark", "url": url + "?replytocom=1",
                                        "status": "skipped", "reason": "variant", "kind": None}]}
    client.rpush(keys.writing, json.dumps(stored))  # moved, never committed: writer killed
    client.rpush(keys.pages, json.dumps(skipped))
    client.hset(keys.workers, "old", json.dumps({"state": "closed", "at": time.time()}))

    def close_w1_once_the_writer_runs():  # (the record of an earlier run, "old", is forgotten)
        while True:
            try:
                if rows(db, "SELECT count(*) FROM crawl_jobs")[0][0]:
                    break
            except sqlite3.OperationalError:  # no schema yet
                pass
            time.sleep(0.05)
        client.hset(keys.workers, "w1", json.dumps({"state": "closed", "at": time.time()}))

    db = tmp_path / "a.db"
    closes = threading.Thread(target=close_w1_once_the_writer_runs, daemon=True)
    closes.start()
    with Archive(db) as archive:
        assert RedisWriter(archive, client, keys, url).run() == 0
    closes.join()
    assert not client.llen(keys.writing) and not client.llen(keys.pages)
    assert rows(db, "SELECT status, exit_code FROM crawl_jobs") == [("completed", 0)]
    assert rows(db, "SELECT url, status FROM crawl_urls ORDER BY url") == [
        (url, "done"), (url + "?replytocom=1", "skipped")]
    assert rows(db, "SELECT count(*) FROM comments") == [(len(article.real_comments),)]


def test_ctrl_c_on_every_crawler_process_then_resume(redis_url, tmp_path):
    """Both crawler processes stopped by SIGINT mid-crawl give back what they popped; the
    writer exits 3 (requests still queued); started again, the crawl completes."""
    import signal

    blog = generated_blog(30, seed=11, hidden_nav=0)
    server, base = serve_blog(blog=blog)
    db, log = tmp_path / "archive.db", tmp_path / "crawl.log"
    args = [base + "/", "--db", str(db), "--redis", redis_url]
    slow = [*FAST, "-s", "DOWNLOAD_DELAY=0.1", "-s", "RANDOMIZE_DOWNLOAD_DELAY=0"]
    writer, workers = None, []
    try:
        writer = healtharchive(log, *args, "--writer")
        workers = [healtharchive(log, *args, *slow) for _ in range(2)]
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not count_articles(db):
            time.sleep(0.1)
        for p in workers:
            os.killpg(p.pid, signal.SIGINT)
        assert [p.wait(timeout=120) for p in workers] == [3, 3], log.read_text()[-3000:]
        assert writer.wait(timeout=60) == 3, log.read_text()[-3000:]
        assert 0 < count_articles(db) < 30
        writer = healtharchive(log, *args, "--writer")
        workers = [healtharchive(log, *args, *FAST) for _ in range(2)]
        assert [p.wait(timeout=180) for p in workers] == [0, 0], log.read_text()[-3000:]
        assert writer.wait(timeout=60) == 0, log.read_text()[-3000:]
    finally:
        for p in [*workers, writer]:  # a failed assertion must not leave them running
            if p is not None and p.poll() is None:
                p.kill()
        server.shutdown()
        server.server_close()
    assert rows(db, "SELECT count(*), count(DISTINCT url) FROM articles") == [(30, 30)]
    assert not rows(db, "SELECT url FROM crawl_urls WHERE status IN ('todo', 'in_progress')")
    assert rows(db, "SELECT status FROM crawl_jobs ORDER BY id") == [("interrupted",),
                                                                     ("completed",)]


def count_articles(db: Path) -> int:
    try:
        return rows(db, "SELECT count(*) FROM articles")[0][0]
    except sqlite3.OperationalError:
        return 0
