"""One HTTP response as archived: what `Archive.store_page` records in `pages`."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields
from datetime import datetime, timezone


def utc_now() -> str:
    """The current time as ISO 8601 UTC (seconds), the format of every timestamp we store."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def content_hash(body: bytes) -> str:
    """sha256 hex digest of a response body (`Capture.content_hash`)."""
    return hashlib.sha256(body).hexdigest()


@dataclass
class Capture:
    """One HTTP response as archived.

    `url` is the frontier key (the canonicalised URL as requested); `final_url`
    is where redirects ended. `warc_*` point at the response record so that
    `resplit` can re-extract the page without fetching it again; `warc_file` is
    relative to the database's folder.
    """

    url: str
    final_url: str
    fetched_at: str
    http_status: int
    content_type: str | None
    content_hash: str
    warc_file: str | None = None
    warc_offset: int | None = None
    warc_length: int | None = None

    @classmethod
    def from_body(cls, url: str, body: bytes, *, final_url: str | None = None,
                  http_status: int = 200, content_type: str | None = "text/html",
                  fetched_at: str | None = None, **warc) -> "Capture":
        """Build a Capture from a response body, hashing it and stamping the time."""
        return cls(url=url, final_url=final_url or url, fetched_at=fetched_at or utc_now(),
                   http_status=http_status, content_type=content_type,
                   content_hash=content_hash(body), **warc)

    @classmethod
    def from_row(cls, row: dict) -> "Capture":
        """The Capture of a `pages` row (e.g. from `Archive.iter_pages()`, for resplit)."""
        return cls(**{f.name: row.get(f.name) for f in fields(cls)})
