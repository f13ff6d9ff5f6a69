"""Every write to the archive goes through `Archive` (one transaction per page).

The database is the source of truth for crawl state: `crawl_urls` holds every
discovered URL with a status and, for failures and skips, a reason. A page,
its parts and its URL's `done` commit together or not at all, so a crawler
killed at any moment loses nothing it has stored.
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import sqlite_utils

from . import store
from .capture import Capture, utc_now
from .model import Comment, Page
from .schema import JOB_STATUSES, URL_STATUSES, ensure_schema
from .store import set_excluded as _set_excluded

BUSY_TIMEOUT_S = 30.0
NEEDS_REASON = ("failed", "skipped")


def site_host(url: str | None) -> str | None:
    """The site key of a URL: its lower-cased host without a leading `www.`."""
    host = (urlsplit(url or "").hostname or "").lower()
    return (host[4:] if host.startswith("www.") else host) or None


class Archive:
    """The archive database: crawl jobs, the URL frontier, pages and their parts."""

    def __init__(self, path, *, readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        self._lock = threading.RLock()
        if readonly:
            conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                   timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        else:
            conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_S,
                                   check_same_thread=False)
        self.db = sqlite_utils.Database(conn)
        self.db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA recursive_triggers = ON")
        if not readonly:
            self.db.enable_wal()
            self.db.execute("PRAGMA synchronous = NORMAL")
            ensure_schema(self.db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator["Archive"]:
        """One write transaction (BEGIN IMMEDIATE, so a busy writer waits instead of failing
        mid-way); nested calls become savepoints. Use it to batch many small writes."""
        conn = self.db.conn
        with self._lock:  # one connection may be shared by threads: one writer at a time
            if conn.in_transaction:
                with self.db.atomic():
                    yield self
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    @contextlib.contextmanager
    def _statements(self) -> Iterator["Archive"]:
        """A transaction for a few statements that need no savepoint of their own: inside
        a caller's transaction (a page's links: hundreds of `discover`s) they just run;
        a failing statement is undone by SQLite alone and the error goes up."""
        with self._lock:
            if self.db.conn.in_transaction:
                yield self
                return
            with self.transaction():
                yield self

    # ---------------------------------------------------------------- jobs
    def start_job(self, start_url: str, settings: dict) -> int:
        """Record a running crawl job; returns its id."""
        with self.transaction():
            cur = self.db.execute(
                "INSERT INTO crawl_jobs (start_url, started_at, status, settings) "
                "VALUES (?, ?, 'running', ?)",
                [start_url, utc_now(), json.dumps(settings or {}, sort_keys=True, default=str)])
            return cur.lastrowid

    def finish_job(self, job_id: int, status: str, exit_code: int, stats: dict) -> None:
        """Close a job; `stats` is stored merged with counts computed from the database."""
        if status not in JOB_STATUSES:
            raise ValueError(f"unknown job status {status!r}; expected one of {JOB_STATUSES}")
        with self.transaction():
            merged = {**(stats or {}), **self.job_stats(job_id)}
            self.db.execute(
                "UPDATE crawl_jobs SET finished_at = ?, status = ?, exit_code = ?, stats = ? "
                "WHERE id = ?",
                [utc_now(), status, exit_code, json.dumps(merged, sort_keys=True, default=str),
                 job_id])

    def job_stats(self, job_id: int | None = None) -> dict:
        """URL-state counts (of one job, or of all URLs) and pages stored."""
        where, args = ("WHERE job_id = ?", [job_id]) if job_id is not None else ("", [])
        counts = dict(self.db.execute(
            f"SELECT status, count(*) FROM crawl_urls {where} GROUP BY status", args).fetchall())
        pages = self.db.execute(f"SELECT count(*) FROM pages {where}", args).fetchone()[0]
        articles = self.db.execute(
            "SELECT count(*) FROM articles WHERE page_id IN "
            f"(SELECT id FROM pages {where})", args).fetchone()[0]
        stats = {f"urls_{s}": counts.get(s, 0) for s in URL_STATUSES}
        stats.update(pages_stored=pages, articles_stored=articles,
                     failed=counts.get("failed", 0), skipped=counts.get("skipped", 0))
        return stats

    # ------------------------------------------------------------ frontier
    def discover(self, url: str, *, kind: str, job_id: int | None,
                 referer: str | None = None, depth: int = 0) -> bool:
        """Add `url` to the frontier as `todo` unless already known; True if it was new."""
        with self._statements():
            now = utc_now()
            cur = self.db.execute(
                "INSERT INTO crawl_urls (url, site_id, status, kind, depth, referer, attempts, "
                "job_id, discovered_at, updated_at) VALUES (?, ?, 'todo', ?, ?, ?, 0, ?, ?, ?) "
                "ON CONFLICT(url) DO NOTHING",
                [url, self._site_id(url), kind or "other", depth, referer, job_id, now, now])
            return cur.rowcount == 1

    def discover_many(self, urls, *, kind: str, job_id: int | None,
                      referer: str | None = None, depth: int = 0) -> list[str]:
        """`discover` for the links of one page, in one transaction; returns the new ones."""
        with self.transaction():
            return [u for u in dict.fromkeys(urls)
                    if self.discover(u, kind=kind, job_id=job_id, referer=referer, depth=depth)]

    def mark(self, url: str, status: str, reason: str | None = None, *, job_id=None,
             http_status=None, kind: str | None = None) -> None:
        """Set a URL's state (inserting it if it was never discovered).

        `in_progress` counts an attempt; `failed`/`skipped` need a reason.
        """
        _check_state(status, reason)
        with self._statements():
            self._mark(url, status, reason, job_id=job_id, http_status=http_status, kind=kind)

    def _mark(self, url, status, reason, *, job_id=None, http_status=None, kind=None):
        now = utc_now()
        bump = 1 if status == "in_progress" else 0
        self.db.execute(
            "INSERT INTO crawl_urls (url, site_id, status, reason, kind, depth, attempts, "
            "http_status, job_id, discovered_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET status = excluded.status, reason = excluded.reason, "
            "attempts = crawl_urls.attempts + ?, updated_at = excluded.updated_at, "
            "http_status = coalesce(excluded.http_status, crawl_urls.http_status), "
            "job_id = coalesce(?, crawl_urls.job_id), kind = coalesce(?, crawl_urls.kind)",
            [url, self._site_id(url), status, reason, kind or "other", bump, http_status,
             job_id, now, now, bump, job_id, kind])

    def url_state(self, url: str) -> dict | None:
        """The crawl_urls row of `url`, or None if it was never seen."""
        rows = list(self.db.query("SELECT * FROM crawl_urls WHERE url = ?", [url]))
        return rows[0] if rows else None

    def page_row(self, url: str) -> dict | None:
        """The pages row of `url` (last capture: fetched_at, content_hash, WARC pointer)."""
        rows = list(self.db.query("SELECT * FROM pages WHERE url = ?", [url]))
        return rows[0] if rows else None

    def pending_urls(self, job_id=None) -> list[dict]:
        """`todo` URLs (of one job if given), shallowest and oldest first."""
        where, args = ("AND job_id = ?", [job_id]) if job_id is not None else ("", [])
        return list(self.db.query(
            "SELECT url, kind, depth, referer, job_id FROM crawl_urls "
            f"WHERE status = 'todo' {where} ORDER BY depth, discovered_at, rowid", args))

    def reset_in_progress(self) -> int:
        """On start: URLs left `in_progress` by a killed crawler go back to `todo`."""
        with self.transaction():
            return self.db.execute(
                "UPDATE crawl_urls SET status = 'todo', updated_at = ? WHERE status = 'in_progress'",
                [utc_now()]).rowcount

    # --------------------------------------------------------------- pages
    def store_page(self, capture: Capture, page: Page, *, job_id=None,
                   api_comments: set[str] | None = None) -> int | None:
        """Store one page and its parts, and mark its URL done, in ONE transaction.

        Idempotent: storing the same URL again updates rows in place (ids kept).
        Every capture is a `captures` row; the article gets a new `article_versions`
        row only when its split content changed (`archive.store`). `api_comments`:
        keys of comments found only through the site's REST API (source 'api'),
        given when the API was consulted. Returns the article id, or None when the
        page is not an article and has no body text.
        """
        with self.transaction():
            site_id = self._site_id(capture.url, name=page.site_name, seen=capture.fetched_at)
            page_id = self._upsert_page(capture, page, site_id, job_id)
            article_id = parts = None
            if page.is_article or (page.body.text or "").strip():
                article_id = self._upsert_article(capture, page, page_id, site_id)
                store.store_references(self.db, article_id, page)
                store.store_promotions(self.db, article_id, page)
                self._store_comments(article_id, page, capture.fetched_at, api_comments)
                parts = store.page_parts_hash(page)
            capture_id = store.record_capture(self.db, capture, job_id=job_id, page_id=page_id,
                                              article_id=article_id, parts=parts)
            if article_id is not None:
                store.record_version(self.db, article_id, capture_id, capture.fetched_at, page,
                                     parts)
            self._mark(capture.url, "done", None, job_id=job_id, http_status=capture.http_status)
            return article_id

    def record_not_modified(self, url: str, *, job_id=None, fetched_at: str | None = None) -> None:
        """A 304 answer to a conditional GET: recorded as a capture of the last version."""
        with self.transaction():
            store.record_not_modified(self.db, url, fetched_at or utc_now(), job_id=job_id)

    def iter_pages(self) -> Iterator[dict]:
        """Every pages row (with its WARC pointer), oldest first: the input of `resplit`."""
        last = 0
        while True:  # in batches, so the caller may write (re-store) between rows
            rows = list(self.db.query(
                "SELECT * FROM pages WHERE id > ? ORDER BY id LIMIT 500", [last]))
            if not rows:
                return
            yield from rows
            last = rows[-1]["id"]

    def check(self) -> list[str]:
        """Problems found by SQLite's integrity and foreign-key checks and the FTS
        integrity checks; an empty list means the archive is sound."""
        problems = [r[0] for r in self.db.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key: {t} rowid {rowid} -> {parent}"
                     for t, rowid, parent, _ in self.db.execute("PRAGMA foreign_key_check")]
        for table in ("articles", "comments", "article_references"):
            try:  # an FTS5 command is an INSERT: not possible on a read-only connection
                if not self.readonly:
                    self.db.execute(
                        f"INSERT INTO [{table}_fts]([{table}_fts]) VALUES ('integrity-check')")
            except sqlite3.DatabaseError as exc:
                problems.append(f"{table}_fts: {exc}")
            stale = self.db.execute(  # rows missing from the index, or indexed but gone
                f"SELECT (SELECT count(*) FROM [{table}] WHERE id NOT IN "
                f"(SELECT id FROM [{table}_fts_docsize])) + (SELECT count(*) FROM "
                f"[{table}_fts_docsize] WHERE id NOT IN (SELECT id FROM [{table}]))").fetchone()[0]
            if stale:
                problems.append(f"{table}_fts: {stale} rows out of sync with {table}")
        return problems

    def rebuild_fts(self) -> None:
        """Rebuild the three FTS indexes from their tables (after a bulk load)."""
        with self.transaction():
            for table in ("articles", "comments", "article_references"):
                self.db.execute(f"INSERT INTO [{table}_fts]([{table}_fts]) VALUES ('rebuild')")

    def _site_id(self, url: str, *, name: str | None = None, seen: str | None = None) -> int | None:
        host = site_host(url)
        if host is None:
            return None
        if name is None:  # nothing to update: a read, not a write (frontier calls, mostly)
            row = self.db.execute("SELECT id FROM sites WHERE host = ?", [host]).fetchone()
            if row:
                return row[0]
        return self.db.execute(
            "INSERT INTO sites (host, name, first_seen) VALUES (?, ?, ?) ON CONFLICT(host) "
            "DO UPDATE SET name = coalesce(excluded.name, sites.name) RETURNING id",
            [host, name, seen or utc_now()]).fetchone()[0]

    def _upsert_page(self, c: Capture, page: Page, site_id, job_id) -> int:
        return self.db.execute(
            "INSERT INTO pages (url, final_url, canonical_url, site_id, job_id, fetched_at, "
            "http_status, content_type, content_hash, warc_file, warc_offset, warc_length) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET "
            + _set_excluded("final_url canonical_url site_id fetched_at http_status content_type "
                            "content_hash warc_file warc_offset warc_length")
            + ", job_id = coalesce(excluded.job_id, pages.job_id) RETURNING id",
            [c.url, c.final_url, page.canonical_url, site_id, job_id, c.fetched_at,
             c.http_status, c.content_type, c.content_hash, c.warc_file, c.warc_offset,
             c.warc_length]).fetchone()[0]

    def _upsert_article(self, c: Capture, page: Page, page_id: int, site_id) -> int:
        canonical = page.canonical_url
        url = canonical if _trusted_canonical(canonical, c.url) else c.url
        comment_keys = {_comment_key(cm) for cm in page.comments}
        return self.db.execute(
            "INSERT INTO articles (page_id, url, canonical_url, site_id, title, authors, "
            "published, modified, language, site_name, body_text, body_html, comments_state, "
            "comment_count, reference_count, promotion_count, first_seen, last_seen) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET "
            + _set_excluded("page_id canonical_url site_id title authors published modified "
                            "language site_name body_text body_html comments_state "
                            "comment_count reference_count promotion_count")
            + ", first_seen = min(articles.first_seen, excluded.first_seen)"
            ", last_seen = max(articles.last_seen, excluded.last_seen) RETURNING id",
            [page_id, url, canonical, site_id, page.title, json.dumps(page.authors or []),
             page.published, page.modified, page.language, page.site_name, page.body.text,
             page.body.html, page.comments_state, len(comment_keys), len(page.references),
             len(page.promotions), c.fetched_at, c.fetched_at]).fetchone()[0]

    def _store_comments(self, article_id: int, page: Page, seen: str, api=None) -> None:
        """Upsert comments by key, parents first, resolving parent_id to row ids.

        Comments that are no longer on the page are kept and marked `deleted_at`
        (issue 4: every comment ever seen is kept) - only when this capture is
        not older than the last one seen, so re-splitting an old WARC cannot
        mark newer comments deleted. Without REST API data (`api` None, e.g. a
        resplit) only comments from HTML can be found gone.
        """
        ids = dict(self.db.execute(
            "SELECT comment_key, id FROM comments WHERE article_id = ?", [article_id]).fetchall())
        newest = self.db.execute(
            "SELECT max(last_seen) FROM comments WHERE article_id = ?", [article_id]).fetchone()[0]
        keys = []
        for comment in _parents_first(page.comments):
            key = _comment_key(comment)
            parent_key = comment.parent_id or None
            parent_id = ids.get(parent_key) if parent_key and parent_key != key else None
            source = "api" if api and key in api else "html"
            ids[key] = self._upsert_comment(article_id, key, parent_id, parent_key, comment, seen,
                                            source)
            keys.append(key)
        if newest is None or seen is None or seen >= newest:
            self.db.execute(
                "UPDATE comments SET deleted_at = ? WHERE article_id = ? AND deleted_at IS NULL "
                "AND comment_key NOT IN (SELECT value FROM json_each(?))"
                + ("" if api is not None else " AND source = 'html'"),
                [seen, article_id, json.dumps(keys)])

    def _upsert_comment(self, article_id, key, parent_id, parent_key, c: Comment, seen,
                        source="html") -> int:
        return self.db.execute(
            "INSERT INTO comments (article_id, comment_key, parent_id, parent_key, depth, "
            "position, author, author_url, published, text, is_site_author, first_seen, "
            "last_seen, deleted_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?) "
            "ON CONFLICT(article_id, comment_key) DO UPDATE SET "
            + _set_excluded("parent_id parent_key depth position author author_url published "
                            "text is_site_author deleted_at source")
            + ", first_seen = min(comments.first_seen, excluded.first_seen)"
            ", last_seen = max(comments.last_seen, excluded.last_seen) RETURNING id",
            [article_id, key, parent_id, parent_key, c.depth, c.position, c.author,
             c.author_url, c.published, c.text, int(bool(c.is_site_author)), seen,
             seen, source]).fetchone()[0]


def _trusted_canonical(canonical: str | None, url: str) -> bool:
    """Use rel=canonical as the article key only within the same site, and not when
    it points a deeper page at the home page (a common template mistake that would
    merge every article into one row)."""
    if not canonical or site_host(canonical) != site_host(url):
        return False
    return urlsplit(canonical).path.strip("/") != "" or urlsplit(url).path.strip("/") == ""


def _check_state(status: str, reason: str | None) -> None:
    if status not in URL_STATUSES:
        raise ValueError(f"unknown URL status {status!r}; expected one of {URL_STATUSES}")
    if status in NEEDS_REASON and not (reason or "").strip():
        raise ValueError(f"a {status} URL needs a reason")


def _comment_key(comment: Comment) -> str:
    """The page's comment id; position-based when the page gave none."""
    return str(comment.id) if comment.id else f"position-{comment.position}"


def _parents_first(comments: list[Comment]) -> list[Comment]:
    """Page order, except that a reply whose parent comes later waits for it."""
    keys = {_comment_key(c) for c in comments}
    done: set[str] = set()
    ordered: list[Comment] = []
    pending = list(comments)
    while pending:
        waiting = []
        for c in pending:
            parent = c.parent_id
            if parent in keys and parent not in done and parent != _comment_key(c):
                waiting.append(c)
            else:
                ordered.append(c)
                done.add(_comment_key(c))
        if len(waiting) == len(pending):  # a cycle: store the rest without parents
            ordered.extend(waiting)
            break
        pending = waiting
    return ordered
