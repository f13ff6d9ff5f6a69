"""THE schema of the archive: tables, foreign keys, indexes, FTS5, triggers.

`ensure_schema(db)` is idempotent: it creates what is missing, adds columns
that a database made by an older version lacks, and records `SCHEMA_VERSION`
in `PRAGMA user_version`. Every write goes through `archive.db.Archive`.

Versions: 1 the first schema; 2 adds `captures` (every fetch of a page),
`article_versions` (one row per distinct content of an article) and
`comments.source` ('html' or 'api'); a v1 database gets one capture per page
and version 1 of every article (`archive.store.backfill_versions`).
"""
from __future__ import annotations

import contextlib
import sqlite3

import sqlite_utils

SCHEMA_VERSION = 2

JOB_STATUSES = ("running", "completed", "interrupted", "limit_reached", "failed")
URL_STATUSES = ("todo", "in_progress", "done", "failed", "skipped")
URL_KINDS = ("article", "listing", "sitemap", "feed", "comment_page", "robots", "api", "other")
COMMENT_SOURCES = ("html", "api")

# name -> (columns, pk, foreign keys, not_null, defaults)
TABLES: dict[str, dict] = {
    "sites": dict(
        columns={"id": int, "host": str, "name": str, "first_seen": str},
        pk="id", not_null=["host"]),
    "crawl_jobs": dict(
        columns={"id": int, "start_url": str, "started_at": str, "finished_at": str,
                 "status": str, "exit_code": int, "settings": str, "stats": str},
        pk="id", not_null=["status", "started_at"]),
    "crawl_urls": dict(
        columns={"url": str, "site_id": int, "status": str, "reason": str, "kind": str,
                 "depth": int, "referer": str, "attempts": int, "http_status": int,
                 "job_id": int, "discovered_at": str, "updated_at": str},
        pk="url", not_null=["status", "kind", "attempts"],
        defaults={"status": "todo", "kind": "other", "attempts": 0, "depth": 0},
        foreign_keys=[("site_id", "sites", "id"), ("job_id", "crawl_jobs", "id")]),
    "pages": dict(
        columns={"id": int, "url": str, "final_url": str, "canonical_url": str,
                 "site_id": int, "job_id": int, "fetched_at": str, "http_status": int,
                 "content_type": str, "content_hash": str, "warc_file": str,
                 "warc_offset": int, "warc_length": int},
        pk="id", not_null=["url"],
        foreign_keys=[("site_id", "sites", "id"), ("job_id", "crawl_jobs", "id")]),
    "articles": dict(
        columns={"id": int, "page_id": int, "url": str, "canonical_url": str, "site_id": int,
                 "title": str, "authors": str, "published": str, "modified": str,
                 "language": str, "site_name": str, "body_text": str, "body_html": str,
                 "comments_state": str, "comment_count": int, "reference_count": int,
                 "promotion_count": int, "first_seen": str, "last_seen": str},
        pk="id", not_null=["url"],
        foreign_keys=[("page_id", "pages", "id"), ("site_id", "sites", "id")]),
    "article_references": dict(
        columns={"id": int, "article_id": int, "position": int, "text": str, "url": str,
                 "doi": str, "pmid": str, "pmcid": str, "authors": str, "title": str,
                 "journal": str, "year": int, "anchor": str, "markers": str},
        pk="id", not_null=["article_id", "position"],
        foreign_keys=[("article_id", "articles", "id")]),
    "promotions": dict(
        columns={"id": int, "article_id": int, "position": int, "kind": str, "text": str,
                 "url": str, "code": str, "merchant": str, "inline": int},
        pk="id", not_null=["article_id", "position", "kind"], defaults={"inline": 0},
        foreign_keys=[("article_id", "articles", "id")]),
    "comments": dict(
        columns={"id": int, "article_id": int, "comment_key": str, "parent_id": int,
                 "parent_key": str, "depth": int, "position": int, "author": str,
                 "author_url": str, "published": str, "text": str, "is_site_author": int,
                 "first_seen": str, "last_seen": str, "deleted_at": str, "source": str},
        pk="id", not_null=["article_id", "comment_key"],
        defaults={"is_site_author": 0, "source": "html"},
        foreign_keys=[("article_id", "articles", "id"), ("parent_id", "comments", "id")]),
    # every fetch of an article page (pages keeps the latest one)
    "captures": dict(
        columns={"id": int, "url": str, "fetched_at": str, "job_id": int, "page_id": int,
                 "article_id": int, "http_status": int, "content_type": str,
                 "content_hash": str, "parts_hash": str, "version": int, "warc_file": str,
                 "warc_offset": int, "warc_length": int},
        pk="id", not_null=["url", "fetched_at"],
        foreign_keys=[("job_id", "crawl_jobs", "id"), ("page_id", "pages", "id"),
                      ("article_id", "articles", "id")]),
    # one row per distinct content (title, text, references) an article has had
    "article_versions": dict(
        columns={"id": int, "article_id": int, "version": int, "captured_at": str,
                 "capture_id": int, "title": str, "body_text": str, "body_html": str,
                 "reference_count": int, "content_hash": str},
        pk="id", not_null=["article_id", "version", "captured_at", "content_hash"],
        foreign_keys=[("article_id", "articles", "id"), ("capture_id", "captures", "id")]),
}

# (table, columns, unique)
INDEXES = [
    ("sites", ["host"], True),
    ("pages", ["url"], True),
    ("articles", ["url"], True),
    ("article_references", ["article_id", "position"], True),
    ("promotions", ["article_id", "position"], True),
    ("comments", ["article_id", "comment_key"], True),
    ("comments", ["article_id", "position"], False),
    ("comments", ["parent_id"], False),
    ("crawl_urls", ["status"], False),
    ("crawl_urls", ["job_id", "status"], False),
    ("crawl_urls", ["site_id"], False),
    ("pages", ["site_id"], False),
    ("pages", ["job_id"], False),
    ("articles", ["page_id"], False),
    ("articles", ["site_id"], False),
    ("article_references", ["doi"], False),
    ("article_references", ["pmid"], False),
    ("promotions", ["kind"], False),
    ("captures", ["url", "fetched_at"], True),
    ("captures", ["article_id"], False),
    ("captures", ["job_id"], False),
    ("article_versions", ["article_id", "version"], True),
    ("article_versions", ["capture_id"], False),
]

# table -> columns indexed by FTS5 (external content, kept in sync by triggers)
FTS = {
    "articles": ["title", "body_text"],
    "comments": ["author", "text"],
    "article_references": ["text", "title"],
}
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"

_QUOTED = ", ".join(repr(s) for s in URL_STATUSES)
TRIGGERS = {
    # The database itself refuses an unknown URL state or a silent skip/failure.
    "crawl_urls_check_insert": f"""
        CREATE TRIGGER IF NOT EXISTS crawl_urls_check_insert BEFORE INSERT ON crawl_urls
        WHEN NEW.status NOT IN ({_QUOTED})
          OR (NEW.status IN ('failed', 'skipped') AND coalesce(trim(NEW.reason), '') = '')
        BEGIN SELECT RAISE(ABORT, 'crawl_urls: unknown status, or failed/skipped without a reason'); END""",
    "crawl_urls_check_update": f"""
        CREATE TRIGGER IF NOT EXISTS crawl_urls_check_update BEFORE UPDATE ON crawl_urls
        WHEN NEW.status NOT IN ({_QUOTED})
          OR (NEW.status IN ('failed', 'skipped') AND coalesce(trim(NEW.reason), '') = '')
        BEGIN SELECT RAISE(ABORT, 'crawl_urls: unknown status, or failed/skipped without a reason'); END""",
}

VIEWS = {
    "article_stats": """
        SELECT articles.id AS article_id, articles.url, articles.title, sites.host,
               articles.published, articles.comment_count, articles.reference_count,
               articles.promotion_count,
               (SELECT count(*) FROM comments c
                 WHERE c.article_id = articles.id AND c.deleted_at IS NOT NULL) AS deleted_comments,
               (SELECT max(c.depth) FROM comments c
                 WHERE c.article_id = articles.id AND c.deleted_at IS NULL) AS max_comment_depth,
               articles.first_seen, articles.last_seen
        FROM articles LEFT JOIN sites ON sites.id = articles.site_id""",
    "crawl_job_stats": """
        SELECT crawl_jobs.id AS job_id, crawl_jobs.start_url, crawl_jobs.status,
               crawl_jobs.started_at, crawl_jobs.finished_at, crawl_jobs.exit_code,
               (SELECT count(*) FROM pages WHERE pages.job_id = crawl_jobs.id) AS pages_stored,
               (SELECT count(*) FROM crawl_urls u WHERE u.job_id = crawl_jobs.id
                 AND u.status = 'todo') AS urls_todo,
               (SELECT count(*) FROM crawl_urls u WHERE u.job_id = crawl_jobs.id
                 AND u.status = 'done') AS urls_done,
               (SELECT count(*) FROM crawl_urls u WHERE u.job_id = crawl_jobs.id
                 AND u.status = 'failed') AS urls_failed,
               (SELECT count(*) FROM crawl_urls u WHERE u.job_id = crawl_jobs.id
                 AND u.status = 'skipped') AS urls_skipped
        FROM crawl_jobs""",
    "crawl_url_states": """
        SELECT status, count(*) AS urls FROM crawl_urls GROUP BY status""",
}


def schema_version(db: sqlite_utils.Database) -> int:
    """The SCHEMA_VERSION a database was last brought up to (0 = empty)."""
    return db.execute("PRAGMA user_version").fetchone()[0]


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create every table, index, FTS index, trigger and view that is missing.

    Safe to call on every open: when the recorded version is current and the
    tables exist it writes nothing.
    """
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        raise RuntimeError(f"database schema v{version} is newer than this code (v{SCHEMA_VERSION})")
    if version == SCHEMA_VERSION and all(db[t].exists() for t in TABLES):
        return
    with _write_lock(db):  # two processes opening a new file at once must not collide
        _create_tables(db)
        for table, columns, unique in INDEXES:
            db[table].create_index(columns, unique=unique, if_not_exists=True,
                                   index_name=_index_name(table, columns, unique))
        for sql in TRIGGERS.values():
            db.execute(sql)
        for name, sql in VIEWS.items():
            db.create_view(name, sql.strip(), ignore=True)
    _ensure_fts(db)  # enable_fts() runs executescript(), which commits: outside the lock
    if version < 2:
        from .store import backfill_versions  # v1 -> v2: captures and versions of old pages
        with _write_lock(db):
            backfill_versions(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


@contextlib.contextmanager
def _write_lock(db: sqlite_utils.Database):
    """BEGIN IMMEDIATE: take the write lock before reading the schema (waits on busy)."""
    if db.conn.in_transaction:
        with db.atomic():
            yield
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


def _index_name(table: str, columns: list[str], unique: bool) -> str:
    return ("ux_" if unique else "idx_") + table + "_" + "_".join(columns)


def _create_tables(db: sqlite_utils.Database) -> None:
    """Create missing tables; add columns that an older database lacks."""
    for name, spec in TABLES.items():
        table = db.table(name)
        if not table.exists():
            table.create(spec["columns"], pk=spec["pk"],
                         foreign_keys=spec.get("foreign_keys"),
                         not_null=spec.get("not_null"), defaults=spec.get("defaults"),
                         if_not_exists=True)
            continue
        have = table.columns_dict
        defaults = spec.get("defaults") or {}
        for column, kind in spec["columns"].items():
            if column not in have:
                table.add_column(column, kind, not_null_default=defaults.get(column))


def _ensure_fts(db: sqlite_utils.Database) -> None:
    """FTS5 over article, comment and reference text, with sync triggers.

    The update trigger is rewritten to fire only when an indexed column really
    changes, so bumping `last_seen` on a re-crawl does not churn the index.
    """
    for table, columns in FTS.items():
        if not db[f"{table}_fts"].exists():
            try:
                db[table].enable_fts(columns, create_triggers=True, tokenize=FTS_TOKENIZE)
            except sqlite3.OperationalError as exc:  # another process made it first
                if "already exists" not in str(exc):
                    raise
        _narrow_update_trigger(db, table, columns)


def _narrow_update_trigger(db: sqlite_utils.Database, table: str, columns: list[str]) -> None:
    name = f"{table}_au"
    sql = db.execute("SELECT sql FROM sqlite_master WHERE type='trigger' AND name=?",
                     [name]).fetchone()
    if sql and " WHEN " in sql[0]:
        return
    changed = " OR ".join(f"old.[{c}] IS NOT new.[{c}]" for c in columns)
    cols = ", ".join(f"[{c}]" for c in columns)
    old = ", ".join(f"old.[{c}]" for c in columns)
    new = ", ".join(f"new.[{c}]" for c in columns)
    with db.atomic():
        db.execute(f"DROP TRIGGER IF EXISTS [{name}]")
        db.execute(f"""
            CREATE TRIGGER [{name}] AFTER UPDATE ON [{table}] WHEN {changed} BEGIN
              INSERT INTO [{table}_fts] ([{table}_fts], rowid, {cols}) VALUES ('delete', old.rowid, {old});
              INSERT INTO [{table}_fts] (rowid, {cols}) VALUES (new.rowid, {new});
            END""")
