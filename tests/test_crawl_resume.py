"""Stops and resumes: SIGINT finishes cleanly (exit 3), SIGKILL loses no stored page.

Real crawls in subprocesses (`healtharchive crawl`, own session so that a signal
reaches the whole process group as a Ctrl-C would) of the local WordPress-like
site, slowed down a little so that the signals land mid-crawl.
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

from archive.resplit import resplit_all
from test_crawl import FAST, ROOT, crawl, rows
from wpsite import WPSite

pytestmark = pytest.mark.slow
SLOW = [*FAST, "-s", "DOWNLOAD_DELAY=0.05", "-s", "RANDOMIZE_DOWNLOAD_DELAY=0"]


def start(url: str, db: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "archive", "crawl", url, "--db", str(db), *SLOW]
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
    again = crawl(site.base + "/", db)
    assert again.returncode == 0, again.stderr[-3000:]
    check_archive(db, site)


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
