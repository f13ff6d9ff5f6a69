"""Re-split archived pages from WARC records, fetching nothing.

`resplit_all(db)`: every `pages` row is read back from the WARC record it
points at and split again (with the current splitter), with its paginated
comments merged from the comment-page records found in the archive's WARC
files, exactly as the crawler merged them; `Archive.store_page` updates the
rows in place, so a resplit of an unchanged splitter gives the same rows.

`import_warcs(db, files)`: archives the HTML article pages found in WARC files
made by any tool (our crawler, `wget --warc-file`, Browsertrix, ...).

The body is decoded as Scrapy decodes it during a crawl (HTTP charset, BOM,
`<meta charset>`: `w3lib.encoding.html_to_unicode`), so that the crawler's
tree and ours are built from the same text.
"""
from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from . import split_page
from .capture import Capture, content_hash, utc_now
from .commentpages import comment_page_links, current_comment_page, merge_comment_pages
from .db import Archive
from .extract.parse import parse_html
from .urls import article_of_comment_page, canonical_url, comment_page_number
from .warc import WarcResponse, iter_responses, read_response

logger = logging.getLogger(__name__)


def decode(resp: WarcResponse) -> str | bytes:
    """The payload as the crawler's text (bytes when w3lib is not installed)."""
    try:
        from w3lib.encoding import html_to_unicode
    except ImportError:  # pragma: no cover - w3lib comes with Scrapy
        return resp.body
    return html_to_unicode(resp.content_type or "", resp.body)[1]


def is_html(resp: WarcResponse) -> bool:
    ctype = (resp.content_type or "").lower()
    return "html" in ctype or (not ctype and resp.body.lstrip()[:1] == b"<")


class CommentPageIndex:
    """Article URL -> {comment page number: (WARC path, offset)}, latest record wins."""

    def __init__(self):
        self.pages: dict[str, dict[int, tuple[Path, int]]] = {}

    def add_file(self, path: Path) -> None:
        try:
            for offset, _, resp in iter_responses(path, bodies=False):
                url = canonical_url(resp.url or "")
                number = comment_page_number(url)
                if number is not None and resp.status == 200:
                    self.pages.setdefault(article_of_comment_page(url), {})[number] = (path, offset)
        except Exception as exc:  # a truncated file (crawler killed) still indexes its start
            logger.warning("WARC %s: stopped reading at %s", path, exc)

    def for_article(self, url: str) -> dict[int, tuple[Path, int]]:
        return self.pages.get(canonical_url(url), {})


def split_record(resp: WarcResponse, url: str, *, capture_time: datetime | None,
                 index: CommentPageIndex):
    """Split one archived response, merging its article's archived comment pages."""
    root = parse_html(decode(resp))
    if root is None:
        return split_page(b"", url, capture_time=capture_time)
    current = current_comment_page(root, url)
    linked = comment_page_links(root, url)  # the crawler fetches comment pages only if linked
    page = split_page(b"", url, capture_time=capture_time, root=root)
    pages = {}
    for number, (path, offset) in sorted(index.for_article(url).items() if linked else []):
        if number == current:
            continue
        other = read_response(path, offset)
        pages[number] = split_page(decode(other), url, capture_time=capture_time).comments
    if pages:
        page.comments = merge_comment_pages(page.comments, current, pages)
    return page


def _index_folder(base: Path, files) -> CommentPageIndex:
    index = CommentPageIndex()
    for path in sorted(set(files)):
        index.add_file(path)
    return index


def resplit_all(db) -> dict:
    """Re-split every stored page from its WARC record; returns counts."""
    base = Path(db).resolve().parent
    stats = {"pages": 0, "articles": 0, "missing_record": 0, "errors": 0}
    with Archive(db) as archive:
        rows = list(archive.iter_pages())
        files = {base / r["warc_file"] for r in rows if r["warc_file"]}
        files |= set((base / "warc").glob("*.warc.gz")) | set((base / "warc").glob("*.warc"))
        index = _index_folder(base, [f for f in files if f.exists()])
        for row in rows:
            stats["pages"] += 1
            try:
                resp = read_response(base / row["warc_file"], row["warc_offset"])
            except (OSError, ValueError, TypeError) as exc:
                logger.warning("no WARC record for %s: %s", row["url"], exc)
                stats["missing_record"] += 1
                continue
            when = datetime.fromisoformat(row["fetched_at"]) if row["fetched_at"] else None
            try:
                page = split_record(resp, row["url"], capture_time=when, index=index)
                capture = Capture(
                    url=row["url"], final_url=row["final_url"] or row["url"],
                    fetched_at=row["fetched_at"], http_status=row["http_status"],
                    content_type=row["content_type"], content_hash=content_hash(resp.body),
                    warc_file=row["warc_file"], warc_offset=row["warc_offset"],
                    warc_length=row["warc_length"])
                if archive.store_page(capture, page, job_id=row["job_id"]) is not None:
                    stats["articles"] += 1
            except Exception:
                logger.exception("resplit failed for %s", row["url"])
                stats["errors"] += 1
    return stats


def import_warcs(db, files) -> dict:
    """Archive the HTML article pages (status 200) of WARC files made by any tool."""
    base = Path(db).resolve().parent
    paths = [Path(f).resolve() for f in files]
    stats = {"records": 0, "articles": 0, "not_article": 0, "not_html": 0, "comment_pages": 0,
             "errors": 0}
    index = _index_folder(base, paths)
    with Archive(db) as archive:
        for path in paths:
            rel = _relative(path, base)
            for offset, length, resp in iter_responses(path):
                stats["records"] += 1
                _import_one(archive, resp, rel, offset, length, index, stats)
    return stats


def _import_one(archive, resp, rel, offset, length, index, stats) -> None:
    url = canonical_url(resp.url or "")
    if resp.status != 200 or not is_html(resp) or not resp.body.strip():
        stats["not_html"] += 1
        return
    if comment_page_number(url) is not None:
        stats["comment_pages"] += 1  # merged into their article
        return
    when = _warc_time(resp.date)
    try:
        page = split_record(resp, url, capture_time=datetime.fromisoformat(when), index=index)
        if not page.is_article:
            stats["not_article"] += 1
            return
        capture = Capture(url=url, final_url=resp.url, fetched_at=when, http_status=resp.status,
                          content_type=resp.content_type, content_hash=content_hash(resp.body),
                          warc_file=rel, warc_offset=offset, warc_length=length)
        archive.store_page(capture, page)
        stats["articles"] += 1
    except Exception:
        logger.exception("import failed for %s", url)
        stats["errors"] += 1


def _warc_time(date: str | None) -> str:
    """A WARC-Date as our ISO 8601 UTC timestamp (seconds)."""
    if not date:
        return utc_now()
    try:
        return datetime.fromisoformat(date.replace("Z", "+00:00")).isoformat(timespec="seconds")
    except ValueError:
        return utc_now()


def _relative(path: Path, base: Path) -> str:
    import os

    try:
        return os.path.relpath(path, base)
    except ValueError:
        return str(path)
