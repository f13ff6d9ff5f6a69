"""Stops and resumes: SIGINT finishes cleanly (exit 3), SIGKILL loses no stored page.

Real crawls in subprocesses (`healtharchive crawl`, own session so that a signal
reaches the whole process group as a Ctrl-C would) of the local WordPress-like
site, slowed down a little so that the signals land mid-crawl. The kill loop
crawls a generated blog of 250 posts (sitemap index, feed, listings, paginated
comments, REST API, a post whose HTML hides comment pages) at full speed and
SIGKILLs it 20 times at random moments before letting it finish.
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive.db import Archive
from archive.demo.generate import generated_blog
from archive.demo.server import serve_blog
from archive.resplit import resplit_all
from test_crawl import FAST, ROOT, crawl, rows
from wpsite import WPSite

pytestmark = pytest.mark.slow
SLOW = [*FAST, "-s", "DOWNLOAD_DELAY=0.05", "-s", "RANDOMIZE_DOWNLOAD_DELAY=0"]


def start(url: str, db: Path, settings=SLOW) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "archive", "crawl", url, "--db", str(db), *settings]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(cmd, env=env, cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_for(db: Path, proc: subprocess.Popen, sql: str, timeout: float = 30) -> None:
    """Until `sql` gives a true value (or the crawler ends)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if rows(db, sql)[0][0]:
                return
        except sqlite3.OperationalError:  # no database or schema yet
            pass
        time.sleep(0.05)


def check_archive(db: Path, site: WPSite) -> None:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert rows(db, "SELECT count(*), count(DISTINCT url) FROM articles") == [(8, 8)]
    assert rows(db, "SELECT count(*) FROM comments WHERE article_id = (SELECT id FROM articles"
                    " WHERE url = ?)", [site.base + "/2024/01/long-thread/"]) == [(6,)]
    assert not rows(db, "SELECT url, status FROM crawl_urls WHERE status IN ('todo', 'in_progress')")
    total = rows(db, "SELECT count(*) FROM crawl_urls")[0][0]
    by_state = rows(db, "SELECT sum(status = 'done') + sum(status = 'failed')"
                        " + sum(status = 'skipped') FROM crawl_urls")[0][0]
    assert by_state == total


@pytest.fixture
def site():
    s = WPSite(n_articles=6)
    server = s.serve()
    yield s
    server.shutdown()


def test_sigint_stops_cleanly_and_resumes(site, tmp_path):
    db = tmp_path / "archive.db"
    proc = start(site.base + "/", db)
    wait_for(db, proc, "SELECT count(*) FROM articles")
    os.killpg(proc.pid, signal.SIGINT)
    assert proc.wait(timeout=60) == 3, proc.stderr.read().decode()[-3000:]
    assert rows(db, "SELECT status, exit_code FROM crawl_jobs") == [("interrupted", 3)]
    assert rows(db, "SELECT count(*) FROM articles")[0][0] < 8
    # a clean stop leaves every URL settled or back in `todo`, none `in_progress`
    assert not rows(db, "SELECT url FROM crawl_urls WHERE status = 'in_progress'")
    again = crawl(site.base + "/", db)
    assert again.returncode == 0, again.stderr[-3000:]
    check_archive(db, site)


def test_a_clean_stop_puts_requests_in_flight_back_in_todo(tmp_path):
    """Requests already handed to the downloader (a delay, one slot per host, as on a
    polite crawl) when SIGINT arrives are cut short: they go back to `todo`, not left
    `in_progress` as if the crawler had been killed."""
    server, base = serve_blog()  # the demo blog: paginated comments, a REST API
    try:
        db = tmp_path / "archive.db"
        proc = start(base + "/", db, [*FAST, "-s", "DOWNLOAD_DELAY=0.3",
                                           "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"])
        wait_for(db, proc, "SELECT count(*) >= 2 FROM articles")
        os.killpg(proc.pid, signal.SIGINT)
        assert proc.wait(timeout=60) == 3, proc.stderr.read().decode()[-3000:]
        states = dict(rows(db, "SELECT status, count(*) FROM crawl_urls GROUP BY status"))
        assert states.get("todo", 0) > 0 and "in_progress" not in states, states
    finally:
        server.shutdown()


def test_sigkill_at_random_moments_loses_nothing(site, tmp_path):
    db = tmp_path / "archive.db"
    rng = random.Random(4)
    kills = 0
    for run in range(1, 5):
        proc = start(site.base + "/", db)
        wait_for(db, proc, f"SELECT count(*) >= {run} FROM crawl_jobs")  # this run has begun
        time.sleep(rng.uniform(0, 0.5))
        if proc.poll() is not None:
            break
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        kills += 1
    assert kills >= 2
    final = crawl(site.base + "/", db)
    assert final.returncode == 0, final.stderr[-3000:]
    check_archive(db, site)
    jobs = rows(db, "SELECT status FROM crawl_jobs ORDER BY id")
    assert jobs == [("interrupted",)] * kills + [("completed",)]  # killed jobs closed at next start
    stats = resplit_all(db)  # every page row points at a whole WARC record, even after kills
    assert (stats["pages"], stats["missing_record"], stats["errors"]) == (8, 0, 0)


# ------------------------------------------------------------------ kill loop
KILLS, POSTS = 20, 250
FAST_LOOP = [*FAST, "-s", "CONCURRENT_REQUESTS=16", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
             "-s", "PROGRESS_INTERVAL=0"]


def start_fast(url: str, db: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "archive", "crawl", url, "--db", str(db), *FAST_LOOP]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(cmd, env=env, cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def url_states(db: Path) -> dict:
    return dict(rows(db, "SELECT status, count(*) FROM crawl_urls GROUP BY status"))


def expected_urls(blog, base: str) -> set[str]:
    """Every URL of the blog a complete crawl must end with as `done`: articles, their
    comment pages (those the HTML links to) and REST API comment lists."""
    hidden = set(blog.site["hidden_comment_nav"])
    urls = set()
    for a in blog.articles:
        urls.add(base + a.path)
        if a.slug not in hidden:
            urls |= {f"{base}{a.path}comment-page-{n}/" for n in range(2, a.comment_pages + 1)}
        urls.add(f"{base}/wp-json/wp/v2/comments?post={a.post_id}&per_page=100&page=1")
    return urls


def test_kill_loop_20_sigkills_then_complete(tmp_path, capsys):
    blog = generated_blog(POSTS, seed=20, sitemap_max=100)
    server, base = serve_blog(blog=blog)
    db = tmp_path / "archive.db"
    rng, summary, began = random.Random(20), [], time.monotonic()
    try:
        for run in range(1, KILLS + 1):
            proc = start_fast(base + "/", db)
            wait_for(db, proc, f"SELECT count(*) >= {run} FROM crawl_jobs")  # this run has begun
            # a random moment: after 0-25 more URLs are done (so that 20 runs cannot finish
            # the crawl, however fast the machine), plus 0-0.2 s
            done = url_states(db).get("done", 0) + rng.randint(0, 25)
            wait_for(db, proc, f"SELECT count(*) >= {done} FROM crawl_urls WHERE status = 'done'")
            time.sleep(rng.uniform(0.0, 0.2))
            if proc.poll() is not None:  # finished before this kill: reported below
                break
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
            stored = rows(db, "SELECT count(*) FROM articles")[0][0]
            summary.append((run, stored, url_states(db)))
        loop_s = time.monotonic() - began
        final = crawl(base + "/", db, *FAST_LOOP[len(FAST):])
        final_s = time.monotonic() - began - loop_s
        assert final.returncode == 0, final.stderr[-3000:]
    finally:
        server.shutdown()
        server.server_close()
    states = url_states(db)
    with capsys.disabled():
        print(f"\nkill loop: {POSTS} generated posts, SIGKILL at {len(summary)} random moments, then resume")
        for run, stored, st in summary:
            print(f"  kill {run:2d}: {stored:3d} articles stored; URL states {st}")
        print(f"  final run: exit {final.returncode} after {final_s:.0f} s (kill runs took {loop_s:.0f} s); "
              f"{rows(db, 'SELECT count(*) FROM articles')[0][0]} "
              f"articles, {rows(db, 'SELECT count(*) FROM comments')[0][0]} comments, "
              f"{sum(states.values())} URLs discovered: {states}")

    assert len(summary) == KILLS, "the crawl finished before all the kills"
    # every article stored exactly once, every URL of the site done, nothing left open
    assert rows(db, "SELECT count(*), count(DISTINCT url) FROM articles") == [(POSTS, POSTS)]
    assert {u for (u,) in rows(db, "SELECT url FROM articles")} == {base + a.path for a in blog.articles}
    done = {u for (u,) in rows(db, "SELECT url FROM crawl_urls WHERE status = 'done'")}
    assert expected_urls(blog, base) <= done
    assert states.get("todo", 0) + states.get("in_progress", 0) == 0
    assert states.get("done", 0) + states.get("failed", 0) + states.get("skipped", 0) == \
        rows(db, "SELECT count(*) FROM crawl_urls")[0][0]
    assert states.get("failed", 0) == 0
    # pages stored never went backwards, and every comment (HTML or API) is there once
    stored = [s for _, s, _ in summary]
    assert stored == sorted(stored)
    assert rows(db, "SELECT count(*) FROM comments") == [(sum(len(a.real_comments) for a in blog.articles),)]
    hidden = blog.by_slug[blog.site["hidden_comment_nav"][0]]
    assert rows(db, "SELECT comment_key, parent_key, depth FROM comments WHERE article_id = "
                    "(SELECT id FROM articles WHERE url = ?) ORDER BY position", [base + hidden.path]) == \
        [(c.key, c.parent_key, c.depth) for c in hidden.real_comments]
    with Archive(db) as archive:
        assert archive.check() == []
        assert archive.db.execute("SELECT count(*), count(DISTINCT article_id) FROM article_versions"
                                  ).fetchone() == (POSTS, POSTS)  # one capture stored per article
    jobs = rows(db, "SELECT status FROM crawl_jobs ORDER BY id")
    assert jobs == [("interrupted",)] * KILLS + [("completed",)]
