"""How a response or a failure ends for its URL: (status, reason) rules, and `guarded`,
which turns an exception in a callback into a recorded failure."""
from __future__ import annotations

import functools
import logging

from .items import UrlStateItem

PROBED = ("robots", "sitemap", "feed")  # guessed URLs: a 404 there is a skip, not a failure
logger = logging.getLogger(__name__)


def guarded(callback):
    """A callback that raises records its URL as failed (with the exception) instead of
    leaving it `in_progress`; the crawl goes on."""
    @functools.wraps(callback)
    def wrapper(self, response, *args, **kwargs):
        try:
            yield from callback(self, response, *args, **kwargs)
        except Exception as exc:
            url = response.meta.get("frontier_url", response.url)
            logger.exception("error while processing %s", url)
            self.crawler.stats.inc_value("healtharchive/processing_errors")
            yield UrlStateItem(url, "failed", f"processing error: {type(exc).__name__}: {exc}"[:500],
                               response.status, response.meta.get("kind"))
            if response.meta.get("article"):
                yield from self.comment_page_failed(response.meta["article"], url)
    return wrapper


def http_outcome(response, kind) -> tuple[str, str]:
    """(status, reason) for an HTTP error response."""
    code = response.status
    if kind in PROBED and code in (404, 410):
        return "skipped", f"not found (http {code})"
    if 300 <= code < 400:
        target = response.headers.get("Location", b"").decode("latin-1")
        return "failed", f"http {code}: redirect to {target or 'nowhere'} not followed"
    return "failed", f"http {code}"


def ignored_outcome(message: str) -> tuple[str, str]:
    """(status, reason) for a request a middleware refused or dropped."""
    if message.startswith("robots.txt unavailable"):
        return "failed", message
    if "robots.txt" in message:
        return "skipped", "robots.txt disallows"
    if "DOWNLOAD_MAXSIZE" in message or "max size" in message:
        return "failed", f"body over the size limit: {message}"[:500]
    if "offsite" in message.lower():
        return "skipped", f"redirect off the site: {message}"[:500]
    return "skipped", message[:500]
