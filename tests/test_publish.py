"""`publish` writes an immutable snapshot; `serve` runs a real Datasette server."""
from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from archive.serve import is_snapshot, publish
from test_datasette import build_archive

TABLES = ("sites", "pages", "articles", "article_references", "promotions", "comments",
          "crawl_urls", "articles_fts", "comments_fts", "article_references_fts")


def counts(path, uri_suffix="") -> dict:
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}{uri_suffix}", uri=True)
    try:
        return {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def test_publish_makes_a_read_only_snapshot_with_the_same_counts(tmp_path):
    db = tmp_path / "archive.db"
    build_archive(db)
    out = publish(db, tmp_path / "public" / "archive.db")
    assert out.exists() and is_snapshot(out) and not is_snapshot(db)
    assert counts(out, "?mode=ro") == counts(db) and counts(db)["comments"] == 8
    conn = sqlite3.connect(f"{out.resolve().as_uri()}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("delete from comments")
    assert conn.execute("pragma journal_mode").fetchone()[0] == "delete"
    hits = conn.execute("select count(*) from comments_fts where comments_fts match 'magnesium'")
    assert hits.fetchone()[0] == 1
    conn.close()
    assert not list(out.parent.glob("*.tmp"))


def test_publish_ignores_uncommitted_writes_and_replaces_old_snapshot(tmp_path):
    db = tmp_path / "archive.db"
    build_archive(db)
    out = tmp_path / "snap.db"
    out.write_bytes(b"an old snapshot")
    writer = sqlite3.connect(db)
    writer.execute("begin immediate")
    writer.execute("insert into sites (host, name) values ('uncommitted.example', 'x')")
    publish(db, out)
    writer.rollback()
    writer.close()
    assert counts(out) == counts(db)


def test_publish_refuses_to_overwrite_the_archive(tmp_path):
    db = tmp_path / "archive.db"
    build_archive(db)
    with pytest.raises(ValueError):
        publish(db, db)


def test_publish_command(tmp_path):
    db = tmp_path / "archive.db"
    build_archive(db)
    out = tmp_path / "site" / "archive.db"
    done = subprocess.run([*_command(), "publish", "--db", str(db), str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out)
    assert is_snapshot(out) and counts(out) == counts(db)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _command() -> list[str]:
    script = Path(sys.executable).with_name("healtharchive")
    return [str(script)] if script.exists() else [sys.executable, "-m", "archive"]


def _get(url: str, timeout: float = 30.0):
    """GET url, retrying until the server answers; returns (status, body)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _serve(db, *extra):
    port = _free_port()
    proc = subprocess.Popen([*_command(), "serve", "--db", str(db), "--port", str(port), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return proc, f"http://127.0.0.1:{port}"


def _stop(proc) -> str:
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=20)
    return out.decode(errors="replace")


@pytest.mark.slow
def test_serve_answers_json_and_stops_cleanly(tmp_path):
    db = tmp_path / "archive.db"
    build_archive(db)
    proc, base = _serve(db)
    try:
        status, body = _get(f"{base}/archive.json")
        assert status == 200
        tables = {t["name"] for t in json.loads(body)["tables"]}
        assert {"articles", "comments", "article_references", "promotions"} <= tables
        status, body = _get(f"{base}/archive/comment_thread.json?article_id=1&_shape=array")
        assert status == 200 and [r["depth"] for r in json.loads(body)] == [0, 1, 2, 3, 1, 0, 1]
    finally:
        output = _stop(proc)
    assert proc.returncode == 0, output
    assert "Traceback" not in output


@pytest.mark.slow
def test_serve_public_serves_a_snapshot_without_sql(tmp_path):
    db = tmp_path / "archive.db"
    build_archive(db)
    proc, base = _serve(db, "--public")
    try:
        status, _ = _get(f"{base}/archive.json?sql=select+1")
        assert status == 403
        status, body = _get(f"{base}/archive/search.json?q=magnesium&_shape=array")
        assert status == 200 and len(json.loads(body)) == 3
    finally:
        output = _stop(proc)
    assert proc.returncode == 0, output
    snapshot = tmp_path / "public" / "archive.db"
    assert is_snapshot(snapshot) and counts(snapshot) == counts(db)
    assert os.path.getsize(snapshot) > 0


@pytest.mark.asyncio
async def test_live_database_serves_while_a_writer_stores_pages(tmp_path):
    """Datasette (read-only connections) sees new pages as they commit, and its
    reads never pin the WAL: it stays near the auto-checkpoint size while far
    more than that is written."""
    from datasette.app import Datasette

    from archive.capture import Capture
    from archive.datasette import datasette_options
    from archive.db import Archive
    from archive.model import Body, Page

    db = tmp_path / "archive.db"
    build_archive(db)
    ds = Datasette([str(db)], **datasette_options())
    text = " ".join(f"word{i % 97} sleep vitamin" for i in range(2500))  # ~45 KB
    written, wal_sizes = 0, []
    with Archive(db) as archive:
        for i in range(160):
            url = f"https://live.example/post-{i}/"
            page = Page(url=url, title=f"Live post {i}", is_article=True,
                        body=Body(f"{i} {text}", f"<p>{i} {text}</p>"))
            archive.store_page(Capture(url=url, final_url=url, fetched_at="2024-06-01T00:00:00",
                                       http_status=200, content_type="text/html",
                                       content_hash="1" * 64), page)
            written += 2 * len(text)
            if i % 20 == 19:
                data = (await ds.client.get("/archive/articles.json?_size=1&_col=id")).json()
                assert data["filtered_table_rows_count"] == 8 + i + 1
                search = (await ds.client.get(f"/archive/search.json?q=%22post+{i}%22")).json()
                assert search["ok"], search
                wal_sizes.append(os.path.getsize(f"{db}-wal"))
    assert written > 12_000_000
    assert max(wal_sizes) < 8_000_000, wal_sizes
