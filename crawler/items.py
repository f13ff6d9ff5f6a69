"""Items the blog spider yields: dataclasses, one per kind of outcome."""
from __future__ import annotations

from dataclasses import dataclass, field

from archive.capture import Capture
from archive.model import Page


@dataclass
class PageItem:
    """An article page, split and ready to store (comment pages already merged).

    `merged_urls` are the comment pages whose comments went into this page:
    they are marked done in the same transaction as the page. `api_comments`:
    keys of comments only the REST API showed (None when it was not asked).
    """

    capture: Capture
    page: Page
    merged_urls: list[str] = field(default_factory=list)
    api_comments: list[str] | None = None


@dataclass
class UrlStateItem:
    """The outcome of a URL that is not stored as a page (failed, skipped, not an article)."""

    url: str
    status: str
    reason: str | None = None
    http_status: int | None = None
    kind: str | None = None
