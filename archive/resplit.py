"""Re-split archived pages from WARC records, fetching nothing.

`resplit_all(db)`: every `pages` row is read back from the WARC record it
points at and split again (with the current splitter), with its paginated
comments merged from the comment-page records found in the archive's WARC
files, exactly as the crawler merged them; `Archive.store_page` updates the
rows in place, so a resplit of an unchanged splitter gives the same rows. The
split runs on every core (`jobs` worker processes); this process alone writes.

`import_warcs(db, files)`: archives the HTML article pages found in WARC files
made by any tool (our crawler, `wget --warc-file`, Browsertrix, ...).

The body is decoded as Scrapy decodes it during a crawl (HTTP charset, BOM,
`<meta charset>`: `w3lib.encoding.html_to_unicode`), so that the crawler's
tree and ours are built from the same text.
"""
from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from pathlib import Path
from typing import Iterator

from warcio.exceptions import ArchiveLoadFailed

from . import split_page
from .extract import split_comments
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
        pages[number] = split_comments(decode(other), url, capture_time=capture_time)
    if pages:
        page.comments = merge_comment_pages(page.comments, current, pages)
    return page


def _index_folder(base: Path, files) -> CommentPageIndex:
    index = CommentPageIndex()
    for path in sorted(set(files)):
        index.add_file(path)
    return index


def resplit_all(db, *, jobs: int | None = None) -> dict:
    """Re-split every stored page from its WARC record; returns counts and, per page
    that could not be re-split, a `failures` entry {url, reason}.

    The split runs in `jobs` worker processes (default: one per core); the parent
    is SQLite's only writer and stores the pages in row order, one transaction per
    page, so any `jobs` gives the same rows. A bad record or a page the splitter
    chokes on is reported and skipped (its old rows stay); the run goes on.
    """
    base = Path(db).resolve().parent
    with Archive(db) as archive:
        rows = list(archive.iter_pages())
    files = {base / r["warc_file"] for r in rows if r["warc_file"]}
    files |= set((base / "warc").glob("*.warc.gz")) | set((base / "warc").glob("*.warc"))
    index = _index_folder(base, [f for f in files if f.exists()])
    stats = {"pages": 0, "articles": 0, "missing_record": 0, "errors": 0, "failures": []}
    with Splitter(base, index, jobs=jobs or os.cpu_count() or 1, pages=len(rows)) as splitter:
        with Archive(db) as archive:  # opened after the workers are forked
            for row, (outcome, result) in splitter.split(rows):
                stats["pages"] += 1
                if outcome == "ok":
                    outcome, result = _store_resplit(archive, row, *result)
                if outcome == "article":
                    stats["articles"] += 1
                elif outcome != "page":
                    logger.warning("resplit %s: %s", row["url"], result)
                    stats[outcome] += 1
                    stats["failures"].append({"url": row["url"], "reason": result})
    return stats


def _store_resplit(archive: Archive, row: dict, capture: Capture, page) -> tuple[str, str | None]:
    try:
        stored = archive.store_page(capture, page, job_id=row["job_id"])
    except Exception as exc:
        logger.exception("resplit: storing %s failed", row["url"])
        return "errors", f"store failed: {type(exc).__name__}: {exc}"
    return ("article" if stored is not None else "page"), None


def read_record(base: Path, row: dict) -> WarcResponse:
    """The WARC record a `pages` row points at, checked whole: a record cut short
    (crawler killed, file truncated) or not the archived payload raises ValueError."""
    if not row["warc_file"] or row["warc_offset"] is None:
        raise ValueError("the page has no WARC record")
    path = base / row["warc_file"]
    end = row["warc_offset"] + (row["warc_length"] or 0)
    size = path.stat().st_size
    if size < end:
        raise ValueError(f"truncated WARC record: {row['warc_file']} ends at byte {size}, "
                         f"the record at {row['warc_offset']} needs {end}")
    resp = read_response(path, row["warc_offset"])
    if row["content_hash"] and content_hash(resp.body) != row["content_hash"]:
        raise ValueError(f"WARC record at {row['warc_file']}:{row['warc_offset']} is not the "
                         "archived payload (content hash differs): truncated or overwritten")
    return resp


def split_row(row: dict, base: Path, index: CommentPageIndex) -> tuple[str, object]:
    """Re-split one `pages` row: ("ok", (Capture, Page)), or ("missing_record" |
    "errors", reason). Runs in a worker process; never raises."""
    try:
        resp = read_record(base, row)
    except (OSError, ValueError, TypeError, ArchiveLoadFailed) as exc:
        return "missing_record", f"{type(exc).__name__}: {exc}"
    try:
        when = datetime.fromisoformat(row["fetched_at"]) if row["fetched_at"] else None
        page = split_record(resp, row["url"], capture_time=when, index=index)
    except Exception as exc:
        logger.exception("resplit: splitting %s failed", row["url"])
        return "errors", f"split failed: {type(exc).__name__}: {exc}"
    capture = Capture(
        url=row["url"], final_url=row["final_url"] or row["url"], fetched_at=row["fetched_at"],
        http_status=row["http_status"], content_type=row["content_type"],
        content_hash=content_hash(resp.body), warc_file=row["warc_file"],
        warc_offset=row["warc_offset"], warc_length=row["warc_length"])
    return "ok", (capture, page)


_worker: dict = {}  # base folder and comment-page index of this worker process


def _init_worker(base: Path, index: CommentPageIndex) -> None:
    _worker.update(base=base, index=index)


def _split_chunk(rows: list[dict]) -> list[tuple[str, object]]:
    return [split_row(row, _worker["base"], _worker["index"]) for row in rows]


class Splitter:
    """Splits `pages` rows in `jobs` worker processes, yielding results in row order.

    At most a few chunks per worker are in flight, so memory stays flat however
    many pages there are. A page that kills its worker (segfault, OOM kill) fails
    alone, with a reason; a fresh pool takes the rest. `jobs=1` splits in this
    process.
    """

    def __init__(self, base: Path, index: CommentPageIndex, *, jobs: int, pages: int):
        if jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {jobs}")
        self.base, self.index = base, index
        self.jobs = min(jobs, max(1, pages))
        self.chunk = max(1, min(8, pages // (self.jobs * 8)))
        self.pool = None

    def __enter__(self) -> "Splitter":
        if self.jobs > 1:
            self._start()
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def _start(self) -> None:
        """A new pool, its workers forked now (before the caller opens the database)."""
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.pool = ProcessPoolExecutor(self.jobs, mp_context=context,
                                        initializer=_init_worker, initargs=(self.base, self.index))
        self.pool.submit(os.getpid).result()

    def split(self, rows: list[dict]) -> Iterator[tuple[dict, tuple[str, object]]]:
        if self.pool is None:
            for row in rows:
                yield row, split_row(row, self.base, self.index)
            return
        chunks = iter([rows[i:i + self.chunk] for i in range(0, len(rows), self.chunk)])
        window: deque = deque()
        for chunk in itertools.islice(chunks, self.jobs * 3):
            window.append((chunk, self.pool.submit(_split_chunk, chunk)))
        while window:
            chunk, future = window.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:  # a worker died: which page killed it?
                results = self._isolate(chunk, window)
            except Exception as exc:  # e.g. a result that could not be sent back
                results = [("errors", f"worker failed: {type(exc).__name__}: {exc}")] * len(chunk)
            yield from zip(chunk, results)
            for chunk in itertools.islice(chunks, 1):
                window.append((chunk, self.pool.submit(_split_chunk, chunk)))

    def _isolate(self, chunk: list[dict], window: deque) -> list[tuple[str, object]]:
        """After a worker died: split the oldest chunk's pages one at a time in a fresh
        pool, so that only a page that kills a worker again fails; then submit the
        chunks that were in flight again (a killer among them is isolated in turn)."""
        self._restart()
        results = []
        for row in chunk:
            try:
                results += self.pool.submit(_split_chunk, [row]).result()
            except BrokenProcessPool as exc:
                results.append(("errors", f"worker died splitting this page: {exc}"))
                self._restart()
        for i, (pending, _) in enumerate(window):
            window[i] = (pending, self.pool.submit(_split_chunk, pending))
        return results

    def _restart(self) -> None:
        self.pool.shutdown(cancel_futures=True)
        self._start()


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
    try:
        return os.path.relpath(path, base)
    except ValueError:
        return str(path)
