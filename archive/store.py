"""Part writers of `Archive.store_page`: references, promotions, captures, versions.

References and promotions are upserted by position (ids kept on a re-store;
rows past the new end deleted).

Every stored fetch of an article page is a `captures` row (keyed by URL and
fetch time, so re-splitting the same capture updates it instead of adding
one). An article gets a new `article_versions` row only when the content of
its split parts changes: title, body text and reference texts, hashed by
`parts_hash`. Raw bytes are a poor test (ads rotate, nonces change on every
request), and promotions and comments are left out on purpose: promotions
rotate, and comments are versioned one by one (first_seen, last_seen,
deleted_at).
"""
from __future__ import annotations

import hashlib
import json

from .capture import Capture
from .model import Page


def store_references(db, article_id: int, page: Page) -> None:
    cols = ("text url doi pmid pmcid authors title journal year anchor markers").split()
    for pos, ref in enumerate(page.references, start=1):
        values = [ref.text, ref.url, ref.doi, ref.pmid, ref.pmcid, json.dumps(ref.authors or []),
                  ref.title, ref.journal, ref.year, ref.anchor, json.dumps(ref.markers or [])]
        _upsert_position(db, "article_references", cols, article_id, pos, values)
    _delete_after(db, "article_references", article_id, len(page.references))


def store_promotions(db, article_id: int, page: Page) -> None:
    cols = ["kind", "text", "url", "code", "merchant", "inline"]
    for pos, promo in enumerate(page.promotions, start=1):
        values = [promo.kind, promo.text, promo.url, promo.code, promo.merchant,
                  int(bool(promo.inline))]
        _upsert_position(db, "promotions", cols, article_id, pos, values)
    _delete_after(db, "promotions", article_id, len(page.promotions))


def set_excluded(columns: str) -> str:
    """`[c] = excluded.[c], ...` for an upsert's DO UPDATE SET (space-separated names)."""
    return ", ".join(f"[{c}] = excluded.[{c}]" for c in columns.split())


def _upsert_position(db, table, cols, article_id, position, values) -> None:
    names = ", ".join(f"[{c}]" for c in cols)
    marks = ", ".join("?" for _ in cols)
    db.execute(
        f"INSERT INTO {table} (article_id, position, {names}) VALUES (?, ?, {marks}) "
        "ON CONFLICT(article_id, position) DO UPDATE SET " + set_excluded(" ".join(cols)),
        [article_id, position, *values])


def _delete_after(db, table: str, article_id: int, last: int) -> None:
    db.execute(f"DELETE FROM {table} WHERE article_id = ? AND position > ?", [article_id, last])


def parts_hash(title: str | None, body_text: str | None, references: list[str]) -> str:
    """sha256 hex of an article's content as split: title, body text, reference texts
    (whitespace-normalised, so re-flowed markup does not count as a change)."""
    norm = lambda s: " ".join((s or "").split())
    data = json.dumps([norm(title), norm(body_text), [norm(r) for r in references]],
                      ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def page_parts_hash(page: Page) -> str:
    return parts_hash(page.title, page.body.text, [r.text for r in page.references])


def record_capture(db, capture: Capture, *, job_id=None, page_id=None, article_id=None,
                   parts: str | None = None) -> int:
    """Upsert the `captures` row of one fetch (unique by url and fetched_at); returns its id."""
    return db.execute(
        "INSERT INTO captures (url, fetched_at, job_id, page_id, article_id, http_status, "
        "content_type, content_hash, parts_hash, warc_file, warc_offset, warc_length) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url, fetched_at) DO UPDATE SET "
        + set_excluded("page_id article_id http_status content_type content_hash parts_hash "
                       "warc_file warc_offset warc_length")
        + ", job_id = coalesce(excluded.job_id, captures.job_id) RETURNING id",
        [capture.url, capture.fetched_at, job_id, page_id, article_id, capture.http_status,
         capture.content_type, capture.content_hash, parts, capture.warc_file,
         capture.warc_offset, capture.warc_length]).fetchone()[0]


def record_version(db, article_id: int, capture_id: int, captured_at: str, page: Page,
                   digest: str) -> int:
    """The version number of the article's content at this capture (`digest`: its
    `page_parts_hash`, already on the capture row).

    Re-storing the same capture (resplit) updates its own version in place; a
    capture whose content equals the version before it reuses that version; a
    changed content adds version max+1.
    """
    values = [page.title, page.body.text, page.body.html, len(page.references), digest]
    own = db.execute("SELECT version FROM article_versions WHERE article_id = ? AND capture_id = ?",
                     [article_id, capture_id]).fetchone()
    if own:
        db.execute("UPDATE article_versions SET title = ?, body_text = ?, body_html = ?, "
                   "reference_count = ?, content_hash = ? WHERE article_id = ? AND version = ?",
                   [*values, article_id, own[0]])
        return _set_version(db, capture_id, own[0])
    before = db.execute(
        "SELECT version, content_hash FROM article_versions WHERE article_id = ? "
        "AND captured_at <= ? ORDER BY captured_at DESC, version DESC LIMIT 1",
        [article_id, captured_at]).fetchone()
    if before and before[1] == digest:
        return _set_version(db, capture_id, before[0])
    number = db.execute("SELECT coalesce(max(version), 0) + 1 FROM article_versions "
                        "WHERE article_id = ?", [article_id]).fetchone()[0]
    db.execute("INSERT INTO article_versions (article_id, version, captured_at, capture_id, "
               "title, body_text, body_html, reference_count, content_hash) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
               [article_id, number, captured_at, capture_id, *values])
    return _set_version(db, capture_id, number)


def _set_version(db, capture_id: int, version: int) -> int:
    db.execute("UPDATE captures SET version = ? WHERE id = ?", [version, capture_id])
    return version


def record_not_modified(db, url: str, fetched_at: str, *, job_id=None, http_status=304) -> None:
    """A conditional GET answered 304: a capture row without a body, pointing at the
    version of the previous capture (the content is, by the server's word, the same)."""
    last = db.execute("SELECT page_id, article_id, content_hash, parts_hash, version FROM captures "
                      "WHERE url = ? ORDER BY fetched_at DESC LIMIT 1", [url]).fetchone()
    page_id, article_id, chash, phash, version = last or (None, None, None, None, None)
    db.execute(
        "INSERT INTO captures (url, fetched_at, job_id, page_id, article_id, http_status, "
        "content_hash, parts_hash, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(url, fetched_at) DO NOTHING",
        [url, fetched_at, job_id, page_id, article_id, http_status, chash, phash, version])


def backfill_versions(db) -> int:
    """Schema v1 -> v2: one capture per stored page and version 1 of every article
    that has none. Idempotent; returns the number of versions added."""
    db.execute(
        "INSERT INTO captures (url, fetched_at, job_id, page_id, article_id, http_status, "
        "content_type, content_hash, warc_file, warc_offset, warc_length) "
        "SELECT p.url, p.fetched_at, p.job_id, p.id, a.id, p.http_status, p.content_type, "
        "p.content_hash, p.warc_file, p.warc_offset, p.warc_length FROM pages p "
        "LEFT JOIN articles a ON a.page_id = p.id WHERE p.fetched_at IS NOT NULL "
        "ON CONFLICT(url, fetched_at) DO NOTHING")
    rows = db.execute(
        "SELECT a.id, a.title, a.body_text, a.body_html, c.id, c.fetched_at FROM articles a "
        "JOIN captures c ON c.page_id = a.page_id WHERE NOT EXISTS "
        "(SELECT 1 FROM article_versions v WHERE v.article_id = a.id)").fetchall()
    for article_id, title, text, html, capture_id, fetched_at in rows:
        refs = [r for (r,) in db.execute("SELECT text FROM article_references WHERE article_id = ? "
                                         "ORDER BY position", [article_id])]
        digest = parts_hash(title, text, refs)
        db.execute("INSERT INTO article_versions (article_id, version, captured_at, capture_id, "
                   "title, body_text, body_html, reference_count, content_hash) "
                   "VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)",
                   [article_id, fetched_at, capture_id, title, text, html, len(refs), digest])
        db.execute("UPDATE captures SET parts_hash = ?, version = 1 WHERE id = ?",
                   [digest, capture_id])
    return len(rows)
