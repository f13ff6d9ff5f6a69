"""Publish the archive with Datasette: `serve` (live or public) and `publish` (snapshot).

- `serve(db)` serves the live database read-only (Datasette opens it with
  `mode=ro`; a crawl can keep writing to it in WAL mode).
- `publish(db, out)` writes an immutable snapshot with `VACUUM INTO`: one
  compact file in rollback-journal mode, consistent even while a crawl writes.
- `serve(db, public=True)` serves a snapshot in immutable mode with arbitrary
  SQL off and a short SQL time limit. Given a live (WAL) database it first
  publishes a fresh snapshot to `public/<name>.db` beside it, so the live
  crawl database is never what the public reads.
"""
from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from .datasette import datasette_options, db_name_for

SQLITE_HEADER = b"SQLite format 3\x00"


def publish(db, out) -> Path:
    """Write a consistent, compacted, immutable-ready copy of `db` to `out`.

    The copy is written beside `out` and renamed into place, so a reader never
    sees a half-written snapshot; an existing `out` is replaced.
    """
    src, out = Path(db), Path(out)
    if not src.exists():
        raise FileNotFoundError(f"no archive at {src}")
    if out.resolve() == src.resolve():
        raise ValueError("the snapshot must not overwrite the archive itself")
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    os.unlink(tmp)  # VACUUM INTO needs a path that does not exist yet
    try:
        conn = sqlite3.connect(f"{src.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        try:
            conn.execute("VACUUM INTO ?", [tmp])
        finally:
            conn.close()
        _check_snapshot(tmp)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return out


def _check_snapshot(path) -> None:
    """Fail loudly if the copy is not a sound rollback-journal database."""
    conn = sqlite3.connect(path)
    try:
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode.lower() == "wal":
            conn.execute("PRAGMA journal_mode = DELETE")
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        conn.close()
    if result != "ok":
        raise RuntimeError(f"snapshot failed its integrity check: {result}")


def is_snapshot(path) -> bool:
    """True for a database in rollback-journal mode (what `publish` writes);
    False for a WAL database, i.e. a live archive that a crawl may be writing."""
    with open(path, "rb") as fh:
        header = fh.read(20)
    return header[:16] == SQLITE_HEADER and header[18:20] == b"\x01\x01"


def public_snapshot_path(db) -> Path:
    """Where `serve --public` puts the snapshot of a live database."""
    db = Path(db)
    return db.resolve().parent / "public" / db.name


def build_datasette(db, *, public: bool = False):
    """The Datasette instance for `db` (immutable when public)."""
    from datasette.app import Datasette

    db = str(Path(db).resolve())
    options = datasette_options(public=public, db_name=db_name_for(db))
    if public:
        return Datasette(immutables=[db], **options)
    return Datasette([db], **options)


def serve(db, *, host: str = "127.0.0.1", port: int = 8001, public: bool = False) -> None:
    """Serve `db` with Datasette until interrupted (blocking)."""
    import uvicorn

    if public and not is_snapshot(db):
        snapshot = publish(db, public_snapshot_path(db))
        print(f"published snapshot {snapshot}", flush=True)
        db = snapshot
    ds = build_datasette(db, public=public)
    name = db_name_for(db)
    mode = "public snapshot, immutable, no arbitrary SQL" if public else "read-only, live"
    print(f"Serving {db} ({mode})", flush=True)
    root = f"http://{host}:{port}"
    print(f"  {root}/{name}            tables, canned queries", flush=True)
    print(f"  {root}/-/search?q=...   search with facets", flush=True)
    print(f"  {root}/-/charts         charts", flush=True)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on", workers=1)
