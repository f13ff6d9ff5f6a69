"""`render_status`: jobs, URL states with their reasons, archive totals."""
import re

import sqlite_utils

from archive.capture import Capture
from archive.db import Archive
from archive.model import Body, Comment, Page
from archive.status import render_status

SITE = "https://blog.example.org/"


def store(archive, path, job, comments=2):
    url = SITE + path
    page = Page(url=url, title=path, body=Body(text="text " + path), is_article=True,
                comments=[Comment(f"c{i}", None, 0, i, "A", "hi") for i in range(comments)])
    archive.store_page(Capture.from_body(url, path.encode()), page, job_id=job)


def row_value(text: str, label: str) -> int:
    """The number at the end of the first line that starts with `label`."""
    match = re.search(rf"^{re.escape(label)}\s+(\d+)\s*$", text, re.M)
    assert match, f"no line for {label!r} in:\n{text}"
    return int(match.group(1))


def test_status_counts_jobs_states_and_reasons(tmp_path):
    path = tmp_path / "archive.db"
    with Archive(path) as archive:
        done = archive.start_job(SITE, {})
        for name in ("a/", "b/", "c/"):
            store(archive, name, done)
        for i in range(3):
            archive.mark(f"{SITE}missing{i}", "failed", "HTTP 404", job_id=done)
        archive.mark(SITE + "feed.pdf", "skipped", "not HTML: application/pdf", job_id=done)
        archive.finish_job(done, "completed", 0, {})
        running = archive.start_job(SITE, {})
        archive.discover(SITE + "d/", kind="article", job_id=running)
        archive.discover(SITE + "e/", kind="article", job_id=running)
        archive.mark(SITE + "e/", "in_progress", job_id=running)
    text = render_status(path)
    states = text.split("URL states", 1)[1]
    assert (row_value(states, "done"), row_value(states, "failed"),
            row_value(states, "skipped"), row_value(states, "todo"),
            row_value(states, "in_progress"), row_value(states, "total")) == (3, 3, 1, 1, 1, 9)
    assert row_value(text, "HTTP 404") == 3
    assert row_value(text, "not HTML: application/pdf") == 1
    assert row_value(text, "articles") == 3
    assert row_value(text, "comments") == 6
    job_lines = [ln.split() for ln in text.splitlines() if ln.split()[:1] in (["1"], ["2"])]
    assert job_lines[0][:3] == ["1", "completed", "0"]
    assert job_lines[0][-4:-1] == ["3", "3", "1"]  # pages, failed, skipped
    assert job_lines[1][1] == "running"


def test_status_of_an_empty_archive_and_of_another_database(tmp_path):
    Archive(tmp_path / "empty.db").close()
    text = render_status(tmp_path / "empty.db")
    assert "Crawl jobs: none" in text
    assert row_value(text.split("URL states", 1)[1], "total") == 0
    other = tmp_path / "other.db"
    sqlite_utils.Database(other)["t"].insert({"x": 1})
    assert "not a healtharchive database" in render_status(other)
